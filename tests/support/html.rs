//! HTML pages as their snapshots hold them: the structure, not the pixels.

use std::fmt::Write as _;

/// An HTML page with each chart's drawing replaced by what it shows: its title, how many shapes
/// it draws and its words in order. The snapshot holds the page's structure, not pixels.
pub fn chart_structure(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<svg ") {
        let close = rest[open..].find("</svg>").expect("a chart ends") + open;
        let chart = &rest[open..close];
        let opening_end = chart.find('>').expect("the chart's tag ends");
        let mut words = Vec::new();
        let mut shapes = 0;
        for element in chart.split('<').skip(1) {
            let name = element.split([' ', '>', '/']).next().unwrap_or("");
            match name {
                "text" => words.push(element.split_once('>').unwrap().1.trim().to_owned()),
                "rect" | "polyline" | "polygon" | "circle" | "path" | "line" => shapes += 1,
                _ => {}
            }
        }
        let attributes: Vec<&str> = chart[..opening_end]
            .split(' ')
            .filter(|attribute| {
                ["class=", "role="]
                    .iter()
                    .any(|kept| attribute.starts_with(kept))
            })
            .collect();
        let label = chart[..opening_end]
            .split_once("aria-label=\"")
            .and_then(|(_, after)| after.split_once('"'))
            .map_or("", |(label, _)| label);
        let _ = write!(
            out,
            "{}<svg {} aria-label=\"{label}\">[{shapes} shapes; words: {}]",
            &rest[..open],
            attributes.join(" "),
            words.join(" | ")
        );
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}
