//! Diagnostics for the files a user writes: standards, asset descriptors, waivers and config.
//!
//! Every problem carries a stable [`Code`] and a byte span, and is printed as
//! `path:line:col: error[code]: message` with the offending line and a caret under the value, as
//! cargo-deny does for its config. Loaders collect every diagnostic of a file before failing, so
//! that an author fixes a draft in one pass.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use strum::{EnumIter, IntoStaticStr};

use unicode_width::UnicodeWidthStr;

/// Every problem an input file can have. The code is part of the public contract: scripts match on
/// it, and README § Diagnostic codes lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[derive(IntoStaticStr, EnumIter)]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// The file could not be read at all.
    Unreadable,
    /// The file is another kind of listingcheck file, e.g. a snapshot given as a standard.
    WrongKind,
    /// Not valid TOML.
    TomlSyntax,
    /// The `schema` number is missing or not one this version reads.
    UnsupportedSchema,
    /// A key the format does not define (often a typo).
    UnknownKey,
    /// A key the format requires is absent.
    MissingKey,
    /// A value of the wrong TOML type, e.g. a string where a number belongs.
    WrongType,
    /// A value of the right type that is not valid, e.g. a malformed amount or address.
    InvalidValue,
    /// A `metric` that is not in the metric catalog.
    UnknownMetric,
    /// Two rules of one standard share an id.
    DuplicateRuleId,
    /// `min` is greater than `max`, or `warn_min` than `warn_max`.
    MinAboveMax,
    /// A warning band that lies outside the failing limits it should sit inside.
    WarnBandOutsideLimits,
    /// A threshold whose kind does not fit the metric's unit, e.g. `require` on a ratio.
    ThresholdUnitMismatch,
    /// A rule with no `min`, `max` or `require`.
    MissingThreshold,
    /// A standard `status` other than draft, adopted or withdrawn.
    UnknownStatus,
    /// A rule `severity` other than block, warn or info.
    UnknownSeverity,
    /// A `when_missing` other than unknown or fail.
    UnknownWhenMissing,
    /// A value outside a fixed list, e.g. an exchange name in `applies_to`.
    UnknownValue,
    /// A `params` key the metric does not take.
    UnknownParam,
    /// A parameter the metric needs is absent.
    MissingParam,
    /// A rule that cites no `reference` and gives no `rationale` (a warning).
    UncitedRule,
    /// Two entries that must be unique are not: wallets, waivers, chains.
    Duplicate,
    /// A plan schedule whose dates do not increase or whose amounts fall.
    ScheduleOutOfOrder,
    /// A plan whose scheduled circulation exceeds its own `max_supply`.
    ScheduleAboveMaxSupply,
    /// A reference to a chain the descriptor does not declare.
    UnknownChain,
}

impl Code {
    /// Whether the problem is the file as a whole, with no location inside it.
    pub fn is_about_the_whole_file(self) -> bool {
        matches!(self, Code::Unreadable | Code::WrongKind)
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub code: Code,
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The diagnostics of one file, with its text so that they can be printed with context.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    pub path: PathBuf,
    source: String,
    diagnostics: Vec<Diagnostic>,
    /// Byte spans that may hold a secret (an API key written where it does not belong): the
    /// quoted line shows them as `*`, so that a diagnostic never carries a key into logs.
    secrets: Vec<Range<usize>>,
}

impl FileDiagnostics {
    pub fn new(path: &Path, source: &str) -> Self {
        FileDiagnostics {
            path: path.to_owned(),
            source: source.to_owned(),
            diagnostics: Vec::new(),
            secrets: Vec::new(),
        }
    }

    /// Marks a span that may hold a secret: rendering masks it wherever it quotes the line.
    pub fn mark_secret(&mut self, span: Range<usize>) {
        if !span.is_empty() {
            self.secrets.push(span);
        }
    }

    /// `self.source[range]` with every secret character replaced by `*` (as wide as it was).
    fn masked(&self, range: Range<usize>) -> String {
        let mut out = String::with_capacity(range.len());
        for (offset, ch) in self.source[range.clone()].char_indices() {
            let at = range.start + offset;
            if self.secrets.iter().any(|secret| secret.contains(&at)) {
                out.push_str(&"*".repeat(ch.to_string().width().max(1)));
            } else {
                out.push(ch);
            }
        }
        out
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn error(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Level::Error, code, span, message)
    }

    pub fn warning(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Level::Warning, code, span, message)
    }

    fn add(
        &mut self,
        level: Level,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            level,
            code,
            message: message.into(),
            span,
            help: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// The diagnostics in the order they appear in the file.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut sorted: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        sorted.sort_by_key(|d| (d.span.start, d.level));
        sorted
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.source, offset.min(self.source.len()));
        let before = &self.source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// Every diagnostic, printed with its line and a caret under the span.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for diagnostic in self.diagnostics() {
            self.render_one(diagnostic, &mut out);
        }
        out
    }

    fn render_one(&self, diagnostic: &Diagnostic, out: &mut String) {
        let level = match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        if diagnostic.code.is_about_the_whole_file() {
            // No line to point at: the file could not be read, or is not this kind of file.
            let _ = writeln!(
                out,
                "{}: {level}[{}]: {}",
                self.path.display(),
                diagnostic.code.as_str(),
                diagnostic.message
            );
            return;
        }
        let (line, column) = self.line_col(diagnostic.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{column}: {level}[{}]: {}",
            self.path.display(),
            diagnostic.code.as_str(),
            diagnostic.message
        );
        let start = floor_char_boundary(&self.source, diagnostic.span.start.min(self.source.len()));
        let line_start = self.source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.source[start..]
            .find('\n')
            .map_or(self.source.len(), |i| start + i);
        let raw = self.source[line_start..line_end].trim_end_matches('\r');
        let text = self.masked(line_start..line_start + raw.len());
        let text = text.as_str();
        let end = floor_char_boundary(
            &self.source,
            // A span may start on the `\r` of a CRLF line end, past the trimmed text.
            diagnostic
                .span
                .end
                .clamp(start, (line_start + raw.len()).max(start)),
        );
        let gutter = " ".repeat(line.to_string().len());
        let indent = " ".repeat(self.source[line_start..start].width());
        let carets = "^".repeat(self.source[start..end].width().max(1));
        let _ = writeln!(
            out,
            "{gutter} |\n{line} | {text}\n{gutter} | {indent}{carets}"
        );
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The error of a loader: the file's diagnostics, at least one of them an error.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.render().trim_end())]
pub struct Invalid(pub FileDiagnostics);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_on_the_carriage_return_of_a_crlf_line_renders() {
        let source = "schema = 1\r\nx = \r\n";
        let mut diagnostics = FileDiagnostics::new(Path::new("s.toml"), source);
        let at = source.rfind('\r').unwrap();
        diagnostics.error(Code::TomlSyntax, at..at + 1, "expected a value");
        assert!(
            diagnostics
                .render()
                .contains("s.toml:2:5: error[toml-syntax]"),
            "{}",
            diagnostics.render()
        );
    }

    #[test]
    fn the_caret_lines_up_under_korean_text() {
        let source = "title = \"위믹스\"\nmax = \"x\"\n";
        let mut diagnostics = FileDiagnostics::new(Path::new("s.toml"), source);
        let start = source.find("\"x\"").unwrap();
        diagnostics.error(Code::WrongType, start..start + 3, "expected a number");
        let title = source.find("\"위").unwrap();
        diagnostics.warning(
            Code::InvalidValue,
            title..title + "\"위믹스\"".len(),
            "odd title",
        );
        let rendered = diagnostics.render();
        assert!(
            rendered.starts_with("s.toml:1:9: warning[invalid-value]: odd title\n"),
            "{rendered}"
        );
        assert!(
            rendered.contains("1 | title = \"위믹스\"\n  |         ^^^^^^^^\n"),
            "{rendered}"
        );
        assert!(
            rendered.contains("s.toml:2:7: error[wrong-type]: expected a number\n"),
            "{rendered}"
        );
        assert!(
            rendered.contains("2 | max = \"x\"\n  |       ^^^\n"),
            "{rendered}"
        );
    }
}
