//! The Fluent files against the code: every message the code can produce exists in every
//! language, with the same figures.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use strum::IntoEnumIterator;

use super::*;

/// Every message id in the source tree: the kebab-case string literals (`"circ-plan-excess"`) of
/// the files that make or name messages, outside their tests.
fn ids_in_code() -> BTreeSet<String> {
    fn kebab(literal: &str) -> bool {
        literal.contains('-')
            && !literal.ends_with('-')
            && literal
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }
    fn walk(dir: &Path, ids: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ids);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Tests make up ids of their own.
                let text = text.split("#[cfg(test)]").next().unwrap();
                // The files that make messages, or name things by message (names.rs), or word a
                // frame (`.word("col-asset")`).
                if !["Message::new(", "fn message_id", ".word("]
                    .iter()
                    .any(|marker| text.contains(marker))
                {
                    continue;
                }
                // Between the quotes of a literal is every odd piece, once escaped quotes and
                // character literals are out of the way.
                let text = text.replace("\\\"", "").replace("'\"'", "");
                let literals = text.split('"').skip(1).step_by(2);
                ids.extend(literals.filter(|l| kebab(l)).map(str::to_owned));
            }
        }
    }
    let mut ids = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut ids);
    // The catalog's texts are named after their metric (`report::metric_words`).
    for metric in crate::metric::Metric::iter() {
        let name = metric.name().replace('_', "-");
        ids.insert(format!("metric-formula-{name}"));
        ids.insert(format!("metric-needs-{name}"));
    }
    ids
}

/// Each message's variables (`{ $name }`), by id, in one language.
fn variables(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, source) in lang.sources() {
        let mut current = None;
        for line in source.lines() {
            if let Some(id) = message_ids(line).pop() {
                found.entry(id.clone()).or_default();
                current = Some(id);
            }
            let Some(id) = &current else { continue };
            for (at, _) in line.match_indices('$') {
                let name: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                found.get_mut(id).unwrap().insert(name);
            }
        }
    }
    found
}

#[test]
fn every_id_in_the_code_has_a_message_in_every_language() {
    let code = ids_in_code();
    assert!(code.len() > 50, "{code:?}");
    for lang in Lang::iter() {
        let defined: BTreeSet<String> = Localizer::new(lang).ids().into_iter().collect();
        // Kebab-case literals that are machine codes, not messages: JUnit's failure types.
        let codes = BTreeSet::from(["source-failed".to_owned()]);
        let missing: Vec<_> = code
            .difference(&defined)
            .filter(|id| !codes.contains(*id))
            .collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        let unused: Vec<_> = defined
            .difference(&code)
            .filter(|id| !["yes", "no", "none", "verbatim"].contains(&id.as_str()))
            .collect();
        assert!(unused.is_empty(), "{lang} defines unused {unused:?}");
    }
}

#[test]
fn every_language_has_the_same_messages_with_the_same_figures() {
    assert_eq!(variables(Lang::Ko), variables(Lang::En));
}

#[test]
fn a_missing_figure_is_an_error_not_silent_output() {
    let english = Localizer::of(Lang::En);
    let error = english.try_text(&Message::new("verbatim")).unwrap_err();
    assert_eq!(error.id, "verbatim");
    assert!(english.try_text(&Message::new("no-such-case")).is_err());
    assert_eq!(english.text(&Message::verbatim("as it was")), "as it was");
}

#[test]
fn the_language_comes_from_the_locale() {
    assert_eq!(Lang::from_locale("ko_KR.UTF-8"), Lang::Ko);
    assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("C"), Lang::En);
    assert_eq!(Lang::from_locale(""), Lang::En);
}

#[test]
fn figures_are_worded_per_language() {
    let message = Message::new("verbatim").with("text", Arg::from(true));
    assert_eq!(Localizer::of(Lang::En).text(&message), "yes");
    assert_eq!(Localizer::of(Lang::Ko).text(&message), "예");
    let empty = Message::new("verbatim").with("text", Arg::List(vec![]));
    assert_eq!(Localizer::of(Lang::Ko).text(&empty), "없음");
}

#[test]
fn the_english_metric_texts_are_the_catalogs_own() {
    let english = Localizer::of(Lang::En);
    for metric in crate::metric::Metric::iter() {
        let info = metric.info();
        let name = metric.name().replace('_', "-");
        assert_eq!(
            english.word(&format!("metric-formula-{name}")),
            info.formula
        );
        assert_eq!(english.word(&format!("metric-needs-{name}")), info.needs);
    }
}
