//! The parts every HTML page is made of: the page itself (inline style and script, no external
//! request), headings, lists, tables, banners and charts as figures. The HTML renderer composes
//! them per document.

use std::io;

use strum::IntoEnumIterator;

use crate::eval::Verdict;
use crate::locale::Localizer;

/// The page's style: status words coloured where tables show them (the word is always there),
/// Korean kept whole at line ends, and an A4 print without the interactive controls.
const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1b1b;\
word-break:keep-all;overflow-wrap:break-word;max-width:72rem}\
table{border-collapse:collapse;margin:.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}\
.fail{color:#b00020;font-weight:600}.warn{color:#9a6700}.unknown{color:#5a5a5a;font-style:italic}\
.pass{color:#1a7f37}.waived{color:#6f42c1}\
details{margin:.2em 0}summary{cursor:pointer}\
ul.inputs{list-style:none;padding:0}code{font-size:12px}\
.banner{border:2px solid #9a6700;background:#fff8e1;padding:.6em 1em;font-weight:600}\
.banner.incomplete{border-color:#b00020;background:#fdecee}\
figure{margin:1em 0}svg.chart{max-width:100%;height:auto;display:block}\
figcaption{font-size:12px;color:#444}\
.curves{display:grid;grid-template-columns:repeat(auto-fill,minmax(30rem,1fr));gap:0 1.5em}\
.controls{margin:.5em 0;display:flex;gap:1em;flex-wrap:wrap}.controls[hidden]{display:none}\
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;text-align:left}th button::after{content:' \\2195';color:#888}\
.asset>summary{font-weight:600}.asset table{margin-left:1.2em}\
@page{size:A4;margin:14mm}\
@media print{body{margin:0;font-size:11px;max-width:none}.controls{display:none}\
th button::after{content:''}figure,tr,.banner{break-inside:avoid}h2{break-after:avoid}}";

/// The findings table's sorting and filtering, and unfolding every asset for print. Without
/// script the table reads the same, in its listed order, and the controls stay hidden.
const SCRIPT: &str = r"(function(){
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
var t=document.getElementById('findings');if(!t)return;
var c=document.querySelector('.controls');c.hidden=false;
var rows=Array.prototype.slice.call(t.tBodies[0].rows);
function f(){var s=document.getElementById('f-status').value,r=document.getElementById('f-rule').value,
a=document.getElementById('f-asset').value.toLowerCase();
rows.forEach(function(row){var d=row.dataset;row.hidden=(s&&d.status!==s)||(r&&(' '+d.rule+' ').indexOf(' '+r+' ')<0)||(a&&d.asset.indexOf(a)<0);});}
['f-status','f-rule','f-asset'].forEach(function(id){document.getElementById(id).addEventListener('input',f);});
var dir={};Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){var b=th.querySelector('button');if(!b)return;
b.addEventListener('click',function(){dir[i]=-(dir[i]||-1);var k=function(row){return i===2?row.dataset.rank:row.cells[i].textContent;};
rows.sort(function(x,y){return dir[i]*String(k(x)).localeCompare(String(k(y)),undefined,{numeric:true});});
rows.forEach(function(row){t.tBodies[0].appendChild(row);});});});
})();";

/// Text made safe for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The class that colours a status cell: the verdict whose name it starts with (`waived (fail,
/// …)` is `waived`), if any.
pub(super) fn status_class(status: &str, words: &Localizer) -> &'static str {
    Verdict::iter()
        .find(|verdict| {
            let name = words.name(*verdict);
            status == name
                || status.starts_with(&format!("{name} "))
                || status.starts_with(&format!("{name}("))
        })
        .map_or("", Verdict::as_str)
}

pub(super) fn start(out: &mut dyn io::Write, title: &str, words: &Localizer) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>",
        words.lang(),
        escape(title),
        escape(title)
    )
}

/// Ends the page; `script` adds the findings table's controls and opens every folded part for
/// print.
pub(super) fn end(out: &mut dyn io::Write, script: bool) -> io::Result<()> {
    if script {
        writeln!(out, "<script>{SCRIPT}</script>")?;
    }
    writeln!(out, "</body>\n</html>")
}

pub(super) fn heading(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", escape(text))
}

pub(super) fn paragraph(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<p>{}</p>", escape(text))
}

pub(super) fn strong(out: &mut dyn io::Write, text: &str) -> io::Result<()> {
    writeln!(out, "<p><strong>{}</strong></p>", escape(text))
}

/// A warning above everything else: sample or incomplete data.
pub(super) fn banner(out: &mut dyn io::Write, class: &str, text: &str) -> io::Result<()> {
    writeln!(
        out,
        "<p class=\"banner {class}\" role=\"note\">{}</p>",
        escape(text)
    )
}

/// A chart with its caption (none when empty); nothing when there is no chart.
pub(super) fn figure(
    out: &mut dyn io::Write,
    chart: Option<String>,
    caption: &str,
) -> io::Result<()> {
    let Some(svg) = chart else { return Ok(()) };
    if caption.is_empty() {
        return writeln!(out, "<figure>\n{svg}\n</figure>");
    }
    writeln!(
        out,
        "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
        escape(caption)
    )
}

pub(super) fn list<S: AsRef<str>>(
    out: &mut dyn io::Write,
    class: &str,
    items: &[S],
) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "<ul class=\"{class}\">")?;
    for item in items {
        writeln!(out, "<li>{}</li>", escape(item.as_ref()))?;
    }
    writeln!(out, "</ul>")
}

/// One table cell, coloured by the status it shows when its column is a status column.
pub(super) fn cell(
    out: &mut dyn io::Write,
    text: &str,
    status_column: bool,
    words: &Localizer,
) -> io::Result<()> {
    let class = if status_column {
        status_class(text, words)
    } else {
        ""
    };
    if class.is_empty() {
        write!(out, "<td>{}</td>", escape(text))
    } else {
        write!(out, "<td class=\"{class}\">{}</td>", escape(text))
    }
}

pub(super) fn header_row(out: &mut dyn io::Write, header: &[String]) -> io::Result<()> {
    writeln!(out, "<thead><tr>")?;
    for title in header {
        write!(out, "<th>{}</th>", escape(&title.replace('\n', " ")))?;
    }
    writeln!(out, "</tr></thead>")
}

/// A table; cells of the columns in `status_columns` are coloured by the status they show.
pub(super) fn table(
    out: &mut dyn io::Write,
    header: &[String],
    rows: &[Vec<String>],
    status_columns: &[usize],
    words: &Localizer,
) -> io::Result<()> {
    writeln!(out, "<table>")?;
    header_row(out, header)?;
    writeln!(out, "<tbody>")?;
    for row in rows {
        write!(out, "<tr>")?;
        for (column, text) in row.iter().enumerate() {
            cell(out, text, status_columns.contains(&column), words)?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    #[test]
    fn text_from_a_source_cannot_open_an_element() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn a_status_is_coloured_by_its_verdict_in_either_language() {
        let english = Localizer::of(Lang::En);
        assert_eq!(
            status_class("waived (fail, until 2027-05-31)", english),
            "waived"
        );
        assert_eq!(status_class("fail", english), "fail");
        assert_eq!(status_class("—", english), "");
        let korean = Localizer::of(Lang::Ko);
        assert_eq!(status_class("부적합", korean), "fail");
        assert_eq!(status_class("적합", korean), "pass");
        assert_eq!(status_class("판정 불가", korean), "unknown");
    }
}
