//! The textual difference between two standards, rule by rule: what an author reviews before
//! publishing a draft, and what `compare` pairs its results by.
//!
//! Rules are paired by `id`, which stays stable across versions. A rule present in only one
//! standard is added or removed; a paired rule lists every field that differs, from → to, and
//! says whether a threshold, severity or `when_missing` change makes it stricter or looser.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use strum::IntoStaticStr;

use serde::{Deserialize, Serialize};

use crate::inputs::standard::StandardRef;
use crate::inputs::standard::{Bound, LoadedStandard, Rule, Severity, Standard, WhenMissing};
use crate::locale::Localizer;
use crate::message::{Arg, Message};
use crate::metric::{Limit, Unit};

/// What became of one rule between two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize)]
#[derive(IntoStaticStr, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum RuleChange {
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
    /// In both, with at least one field different.
    Changed,
    /// In both, identical.
    Unchanged,
}

/// Whether a change makes a rule harder or easier to pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize)]
#[derive(IntoStaticStr, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Direction {
    Stricter,
    Looser,
}

/// One field whose value differs between A and B.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The key as written in the file: `max`, `severity`, `params.days`, `applies_to.markets`.
    pub field: String,
    /// The value in A as it serializes; absent when A does not set it.
    pub from: Option<serde_json::Value>,
    /// The value in B as it serializes; absent when B does not set it.
    pub to: Option<serde_json::Value>,
    /// A's value as people read it (`+10.00 %`), or `—` when unset.
    pub from_text: String,
    /// B's value as people read it, or `—` when unset.
    pub to_text: String,
    /// Set for thresholds, severity and `when_missing`: whether B is harder or easier to pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Direction {
    pub fn message_id(self) -> &'static str {
        match self {
            Direction::Stricter => "direction-stricter",
            Direction::Looser => "direction-looser",
        }
    }
}

impl FieldChange {
    /// `max +10.00 % → +5.00 % (stricter)`.
    pub fn describe(&self, words: &Localizer) -> String {
        let direction = self
            .direction
            .map(|d| format!(" ({})", words.word(d.message_id())))
            .unwrap_or_default();
        format!(
            "{} {} → {}{direction}",
            self.field, self.from_text, self.to_text
        )
    }
}

/// Fields that explain a rule or a standard without changing any verdict.
pub fn is_prose(field: &str) -> bool {
    matches!(
        field,
        "title" | "title_ko" | "rationale" | "rationale_ko" | "reference" | "source"
    )
}

/// The names of the prose fields among `fields`, in their order.
pub fn reworded_fields(fields: &[FieldChange]) -> Vec<&str> {
    fields
        .iter()
        .filter(|f| is_prose(&f.field))
        .map(|f| f.field.as_str())
        .collect()
}

/// One rule, paired by id across the two standards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleDiff {
    pub id: String,
    pub change: RuleChange,
    /// The rule as A defines it; absent when added.
    pub a: Option<Rule>,
    /// The rule as B defines it; absent when removed.
    pub b: Option<Rule>,
    /// Every field that differs, in file order. Empty unless `change` is `changed`.
    pub fields: Vec<FieldChange>,
}

impl RuleDiff {
    /// The rule as B defines it, else as A does.
    pub fn rule(&self) -> &Rule {
        self.b
            .as_ref()
            .or(self.a.as_ref())
            .expect("a paired rule exists on at least one side")
    }

    /// What changed, in one line for tables: the fields of a changed rule, the thresholds of an
    /// added or removed one.
    pub fn describe(&self, words: &Localizer) -> String {
        match self.change {
            RuleChange::Added | RuleChange::Removed => {
                let rule = self.rule();
                words.text(
                    &Message::new("rule-summary")
                        .with("metric", Arg::code(rule.metric.to_string()))
                        .with(
                            "thresholds",
                            Arg::text(words.thresholds(&rule.thresholds, rule.unit())),
                        )
                        .with("severity", Arg::text(words.name(rule.severity)))
                        .with("when_missing", Arg::text(words.name(rule.when_missing))),
                )
            }
            RuleChange::Changed => {
                // Prose fields are named, not quoted: `standards diff --all` shows their text.
                let mut parts: Vec<String> = self
                    .fields
                    .iter()
                    .filter(|f| !is_prose(&f.field))
                    .map(|field| field.describe(words))
                    .collect();
                let reworded = reworded_fields(&self.fields);
                if !reworded.is_empty() {
                    parts.push(
                        words.text(
                            &Message::new("fields-reworded")
                                .with("fields", Arg::text(reworded.join(", "))),
                        ),
                    );
                }
                parts.join("; ")
            }
            RuleChange::Unchanged => String::new(),
        }
    }

    /// Whether the change can alter a verdict: anything but the title and citations.
    pub fn affects_verdicts(&self) -> bool {
        match self.change {
            RuleChange::Added | RuleChange::Removed => true,
            RuleChange::Unchanged => false,
            RuleChange::Changed => self.fields.iter().any(|f| !is_prose(&f.field)),
        }
    }
}

/// Counts of rules by change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// Two standards compared without data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StandardsDiff {
    pub schema: u32,
    pub tool: String,
    pub a: StandardRef,
    pub b: StandardRef,
    /// Fields of `[standard]` that differ: `version`, `status`, `published`, …
    pub metadata: Vec<FieldChange>,
    pub counts: RuleCounts,
    /// A's rules in A's order, then the rules only B has, in B's order.
    pub rules: Vec<RuleDiff>,
}

/// The JSON layout of a standards diff this version writes.
pub const STANDARDS_DIFF_SCHEMA: u32 = 1;

/// Diffs two loaded standards.
pub fn diff(a: &LoadedStandard, b: &LoadedStandard) -> StandardsDiff {
    let rules = diff_rules(&a.standard, &b.standard);
    let mut counts = RuleCounts::default();
    for rule in &rules {
        match rule.change {
            RuleChange::Added => counts.added += 1,
            RuleChange::Removed => counts.removed += 1,
            RuleChange::Changed => counts.changed += 1,
            RuleChange::Unchanged => counts.unchanged += 1,
        }
    }
    StandardsDiff {
        schema: STANDARDS_DIFF_SCHEMA,
        tool: crate::text::TOOL.to_owned(),
        a: StandardRef::from(a),
        b: StandardRef::from(b),
        metadata: diff_metadata(&a.standard, &b.standard),
        counts,
        rules,
    }
}

/// The rules of two standards paired by id.
pub fn diff_rules(a: &Standard, b: &Standard) -> Vec<RuleDiff> {
    let mut diffs: Vec<RuleDiff> = a
        .rules
        .iter()
        .map(
            |rule_a| match b.rules.iter().find(|rule_b| rule_b.id == rule_a.id) {
                Some(rule_b) => {
                    let fields = diff_rule(rule_a, rule_b);
                    RuleDiff {
                        id: rule_a.id.clone(),
                        change: if fields.is_empty() {
                            RuleChange::Unchanged
                        } else {
                            RuleChange::Changed
                        },
                        a: Some(rule_a.clone()),
                        b: Some(rule_b.clone()),
                        fields,
                    }
                }
                None => RuleDiff {
                    id: rule_a.id.clone(),
                    change: RuleChange::Removed,
                    a: Some(rule_a.clone()),
                    b: None,
                    fields: Vec::new(),
                },
            },
        )
        .collect();
    diffs.extend(
        b.rules
            .iter()
            .filter(|rule_b| !a.rules.iter().any(|rule_a| rule_a.id == rule_b.id))
            .map(|rule_b| RuleDiff {
                id: rule_b.id.clone(),
                change: RuleChange::Added,
                a: None,
                b: Some(rule_b.clone()),
                fields: Vec::new(),
            }),
    );
    diffs
}

fn diff_metadata(a: &Standard, b: &Standard) -> Vec<FieldChange> {
    let (a, b) = (&a.meta, &b.meta);
    let mut changes = Changes::default();
    changes.plain("id", Some(&a.id), Some(&b.id));
    changes.plain("version", Some(&a.version), Some(&b.version));
    changes.plain("title", Some(&a.title), Some(&b.title));
    changes.plain("title_ko", a.title_ko.as_ref(), b.title_ko.as_ref());
    changes.plain("status", Some(&a.status), Some(&b.status));
    changes.plain("published", Some(&a.published), Some(&b.published));
    changes.plain("effective", a.effective.as_ref(), b.effective.as_ref());
    changes.plain("supersedes", a.supersedes.as_ref(), b.supersedes.as_ref());
    changes.plain("source", a.source.as_ref(), b.source.as_ref());
    changes.0
}

/// Every field of a rule that differs, in the order a standards file writes them.
pub fn diff_rule(a: &Rule, b: &Rule) -> Vec<FieldChange> {
    let mut changes = Changes::default();
    changes.plain("title", Some(&a.title), Some(&b.title));
    changes.plain("title_ko", a.title_ko.as_ref(), b.title_ko.as_ref());
    changes.plain("metric", Some(&a.metric), Some(&b.metric));
    // Limits are shown in B's unit (A's, if the metric changed, would describe another quantity).
    let unit = b.unit();
    for bound in Bound::ALL {
        limit(
            &mut changes.0,
            bound,
            a.thresholds.get(bound),
            b.thresholds.get(bound),
            unit,
        );
    }
    let (a_require, b_require) = (a.thresholds.require, b.thresholds.require);
    if a_require != b_require {
        let text = |r: Option<bool>| r.map_or_else(dash, |r| if r { "yes" } else { "no" }.into());
        let json = |r: Option<bool>| r.map(serde_json::Value::Bool);
        changes.0.push(FieldChange::new(
            "require",
            (json(a_require), text(a_require)),
            (json(b_require), text(b_require)),
            None,
        ));
    }
    if a.severity != b.severity {
        let rank = |s: Severity| match s {
            Severity::Block => 2,
            Severity::Warn => 1,
            Severity::Info => 0,
        };
        let mut change = field("severity", Some(&a.severity), Some(&b.severity));
        change.direction = Some(direction_of(rank(b.severity).cmp(&rank(a.severity))));
        changes.0.push(change);
    }
    if a.when_missing != b.when_missing {
        let mut change = field("when_missing", Some(&a.when_missing), Some(&b.when_missing));
        change.direction = Some(if b.when_missing == WhenMissing::Fail {
            Direction::Stricter
        } else {
            Direction::Looser
        });
        changes.0.push(change);
    }
    let params: BTreeSet<&String> = a.params.keys().chain(b.params.keys()).collect();
    for key in params {
        changes.plain(
            &format!("params.{key}"),
            a.params.get(key),
            b.params.get(key),
        );
    }
    let (fa, fb) = (&a.applies_to, &b.applies_to);
    changes.list("applies_to.markets", &fa.markets, &fb.markets);
    changes.list("applies_to.exchanges", &fa.exchanges, &fb.exchanges);
    changes.list("applies_to.chains", &fa.chains, &fb.chains);
    changes.list("applies_to.assets", &fa.assets, &fb.assets);
    changes.plain("rationale", a.rationale.as_ref(), b.rationale.as_ref());
    changes.plain(
        "rationale_ko",
        a.rationale_ko.as_ref(),
        b.rationale_ko.as_ref(),
    );
    changes.plain("reference", a.reference.as_ref(), b.reference.as_ref());
    changes.0
}

fn dash() -> String {
    "—".to_owned()
}

/// The fields that differ, in the order they are compared.
#[derive(Default)]
struct Changes(Vec<FieldChange>);

impl Changes {
    /// A field shown as it serializes, when the values differ.
    fn plain<T: Serialize + PartialEq + std::fmt::Display>(
        &mut self,
        name: &str,
        a: Option<&T>,
        b: Option<&T>,
    ) {
        if a != b {
            self.0.push(field(name, a, b));
        }
    }

    /// A filter list; an empty list means "every asset".
    fn list<T: Serialize + PartialEq + std::fmt::Display>(&mut self, name: &str, a: &[T], b: &[T]) {
        if a == b {
            return;
        }
        let json = |v: &[T]| (!v.is_empty()).then(|| serde_json::to_value(v).expect("serializes"));
        let text = |v: &[T]| {
            if v.is_empty() {
                "all".to_owned()
            } else {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        self.0.push(FieldChange::new(
            name,
            (json(a), text(a)),
            (json(b), text(b)),
            None,
        ));
    }
}

impl FieldChange {
    /// `name` going from A's value to B's, each as JSON (absent where unset) and as people read
    /// it.
    fn new(
        name: &str,
        (from, from_text): (Option<serde_json::Value>, String),
        (to, to_text): (Option<serde_json::Value>, String),
        direction: Option<Direction>,
    ) -> Self {
        FieldChange {
            field: name.to_owned(),
            from,
            to,
            from_text,
            to_text,
            direction,
        }
    }
}

fn field<T: Serialize + std::fmt::Display>(
    name: &str,
    a: Option<&T>,
    b: Option<&T>,
) -> FieldChange {
    let json = |v: Option<&T>| v.map(|v| serde_json::to_value(v).expect("a field serializes"));
    let text = |v: Option<&T>| v.map_or_else(dash, ToString::to_string);
    FieldChange::new(name, (json(a), text(a)), (json(b), text(b)), None)
}

/// A change of one bound; raising a lower bound (`min`, `warn_min`) or lowering an upper one is
/// stricter.
fn limit(
    changes: &mut Vec<FieldChange>,
    bound: Bound,
    a: Option<&Limit>,
    b: Option<&Limit>,
    unit: Unit,
) {
    if a == b {
        return;
    }
    let direction = match (a, b) {
        (None, Some(_)) => Some(Direction::Stricter),
        (Some(_), None) => Some(Direction::Looser),
        (Some(a), Some(b)) => b.compare(a).map(|ordering| {
            direction_of(if bound.is_lower() {
                ordering
            } else {
                ordering.reverse()
            })
        }),
        (None, None) => None,
    };
    let json = |v: Option<&Limit>| v.map(|v| serde_json::to_value(v).expect("a limit serializes"));
    let text = |v: Option<&Limit>| v.map_or_else(dash, |v| unit.format_limit(v));
    changes.push(FieldChange::new(
        bound.key(),
        (json(a), text(a)),
        (json(b), text(b)),
        direction,
    ));
}

/// `Greater` (B above A) on a scale where higher is stricter.
fn direction_of(ordering: Ordering) -> Direction {
    if ordering == Ordering::Greater {
        Direction::Stricter
    } else {
        Direction::Looser
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::inputs::diag::FileDiagnostics;

    fn standard(rules: &str) -> Standard {
        let text = format!(
            "schema = 1\n[standard]\nid = \"t\"\nversion = \"v\"\ntitle = \"T\"\nstatus = \"draft\"\npublished = 2024-01-08\n{rules}"
        );
        let mut diagnostics = FileDiagnostics::new(Path::new("t.toml"), &text);
        let parsed = crate::inputs::standard::parse(&text, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{}", diagnostics.render());
        parsed.unwrap()
    }

    const PLAN: &str = "[[rule]]\nid = \"PLAN\"\ntitle = \"Plan\"\nmetric = \"circulation_plan_excess\"\nrationale = \"r\"\n";

    #[test]
    fn a_lowered_max_is_a_stricter_threshold_move() {
        let a = standard(&format!("{PLAN}max = 0.10\n"));
        let b = standard(&format!("{PLAN}max = 0.05\n"));
        let rules = diff_rules(&a, &b);
        assert_eq!(rules[0].change, RuleChange::Changed);
        assert_eq!(rules[0].fields.len(), 1);
        let change = &rules[0].fields[0];
        assert_eq!(
            change.describe(Localizer::of(crate::locale::Lang::En)),
            "max 10.00 % → 5.00 % (stricter)"
        );
        assert_eq!(change.from, Some(serde_json::json!(0.10)));
    }

    #[test]
    fn raising_a_min_is_stricter_and_dropping_it_looser() {
        let count = "[[rule]]\nid = \"FX\"\ntitle = \"Foreign\"\nmetric = \"foreign_exchange_count\"\nrationale = \"r\"\n";
        let a = standard(&format!("{count}min = 2\n"));
        let b = standard(&format!("{count}min = 3\n"));
        assert_eq!(
            diff_rules(&a, &b)[0].fields[0].direction,
            Some(Direction::Stricter)
        );
        let c = standard(&format!("{count}warn_min = 4\n"));
        let fields = &diff_rules(&b, &c)[0].fields;
        assert_eq!(fields[0].field, "min");
        assert_eq!(fields[0].direction, Some(Direction::Looser));
        assert_eq!(fields[1].field, "warn_min");
        assert_eq!(fields[1].direction, Some(Direction::Stricter));
    }

    #[test]
    fn rules_are_paired_by_id_and_unpaired_ones_are_added_or_removed() {
        let gap = "[[rule]]\nid = \"GAP\"\ntitle = \"Gap\"\nmetric = \"circulation_reported_gap\"\nmax = 0.2\nrationale = \"r\"\n";
        let a = standard(&format!("{PLAN}max = 0.1\n"));
        let b = standard(&format!("{gap}{PLAN}max = 0.1\n"));
        let rules = diff_rules(&a, &b);
        let changes: Vec<(&str, RuleChange)> =
            rules.iter().map(|r| (r.id.as_str(), r.change)).collect();
        assert_eq!(
            changes,
            [("PLAN", RuleChange::Unchanged), ("GAP", RuleChange::Added)]
        );
        assert_eq!(
            diff_rules(&b, &a)[0].change,
            RuleChange::Removed,
            "GAP leaves"
        );
    }

    #[test]
    fn severity_params_and_filters_are_each_a_field_change() {
        let a = standard(
            "[[rule]]\nid = \"U\"\ntitle = \"Unlock\"\nmetric = \"unlock_ratio\"\nmax = 0.1\nparams = { days = 90 }\nseverity = \"warn\"\nrationale = \"r\"\n",
        );
        let b = standard(
            "[[rule]]\nid = \"U\"\ntitle = \"Unlock\"\nmetric = \"unlock_ratio\"\nmax = 0.1\nparams = { days = 30 }\nwhen_missing = \"fail\"\napplies_to = { markets = [\"KRW\"] }\nrationale = \"r\"\n",
        );
        let fields: Vec<String> = diff_rules(&a, &b)[0]
            .fields
            .iter()
            .map(|field| field.describe(Localizer::of(crate::locale::Lang::En)))
            .collect();
        assert_eq!(
            fields,
            [
                "severity warn → block (stricter)",
                "when_missing unknown → fail (stricter)",
                "params.days 90 → 30",
                "applies_to.markets all → KRW",
            ]
        );
    }

    #[test]
    fn a_title_or_citation_change_cannot_alter_a_verdict() {
        let a = standard(&format!("{PLAN}max = 0.1\n"));
        let b = standard(&format!("{}max = 0.1\n", PLAN.replace("\"r\"", "\"new\"")));
        let rules = diff_rules(&a, &b);
        assert_eq!(rules[0].change, RuleChange::Changed);
        assert!(!rules[0].affects_verdicts());
    }
}
