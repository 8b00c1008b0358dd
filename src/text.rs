//! How the tool names itself and things in text: its name and version, paths, counted nouns,
//! wrapped lines and the likely meaning of a typo.

/// The name and version written into snapshots and reports.
pub const TOOL: &str = concat!("listingcheck ", env!("CARGO_PKG_VERSION"));

/// A path as reports show it: as the user gave it, with `/` separators.
pub fn display_path(path: &std::path::Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// `1 asset`, `2 assets`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The known word closest to a misspelt one, if any is close enough to be a likely typo.
pub fn closest<'w>(known: &[&'w str], word: &str) -> Option<&'w str> {
    known
        .iter()
        .map(|candidate| (strsim::jaro_winkler(candidate, word), *candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// `text` broken into lines of at most `width` terminal columns (Korean characters take two), at
/// spaces; a word longer than the width keeps its own line. Continuations start under the text
/// after a short label (`Snapshot: `, `As of:    `), else at the line's own indent.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_indented(text, width, hanging_indent(text))
}

/// [`wrap`] with every continuation indented by `indent` columns.
pub fn wrap_indented(text: &str, width: usize, indent: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr as _;
    if text.width() <= width {
        return vec![text.to_owned()];
    }
    let lead = &text[..text.len() - text.trim_start_matches(' ').len()];
    let indent = " ".repeat(indent);
    let mut lines = Vec::new();
    let mut line = lead.to_owned();
    let mut has_words = false;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        if has_words && line.width() + 1 + word.width() > width {
            lines.push(std::mem::replace(&mut line, indent.clone()));
            has_words = false;
        }
        if has_words {
            line.push(' ');
        }
        line.push_str(word);
        has_words = true;
    }
    lines.push(line);
    lines
}

/// The column where a continuation of `text` starts.
fn hanging_indent(text: &str) -> usize {
    use unicode_width::UnicodeWidthStr as _;
    let indent = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[indent..];
    let label = rest.find(':').filter(|&colon| {
        colon <= 12 && rest[..colon].chars().all(|c| c.is_alphabetic() || c == ' ')
    });
    match label {
        Some(colon) => {
            let after = &rest[colon + 1..];
            let spaces = after.len() - after.trim_start_matches(' ').len();
            if spaces == 0 {
                indent
            } else {
                indent + rest[..=colon].width() + spaces
            }
        }
        None => indent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_left_alone() {
        assert_eq!(wrap("As of: 2026-11-20", 80), ["As of: 2026-11-20"]);
    }

    #[test]
    fn a_long_line_breaks_at_spaces_within_the_width() {
        let lines = wrap("one two three four five six", 10);
        assert_eq!(lines, ["one two", "three four", "five six"]);
    }

    #[test]
    fn korean_characters_count_two_columns() {
        // Each name is 6 columns wide, so two fit in 13 but not three.
        let lines = wrap("위믹스 위믹스 위믹스", 13);
        assert_eq!(lines, ["위믹스 위믹스", "위믹스"]);
    }

    #[test]
    fn an_indented_line_keeps_its_indent_on_every_continuation() {
        let lines = wrap("    alpha beta gamma", 14);
        assert_eq!(lines, ["    alpha beta", "    gamma"]);
    }

    #[test]
    fn a_labelled_line_continues_under_its_text() {
        let lines = wrap("Snapshot: one two three four", 20);
        assert_eq!(lines, ["Snapshot: one two", "          three four"]);
    }

    #[test]
    fn a_word_longer_than_the_width_keeps_a_line_of_its_own() {
        let lines = wrap("see https://example.invalid/a/very/long/path now", 12);
        assert_eq!(
            lines,
            ["see", "https://example.invalid/a/very/long/path", "now"]
        );
    }
}
