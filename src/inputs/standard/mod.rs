//! Standards files: the rules an asset is tested against, their loading and validation.
//!
//! A standard lives in `standards/<family>/<version>.toml`. Drafts of one standard share the
//! family `id`, and rules keep their `id` across versions, so that two drafts can be compared
//! rule by rule. Loading never stops at the first problem: every diagnostic in a file is
//! collected, so that an author fixes a draft in one pass (as cargo-deny does for its config).

mod load;
mod thresholds;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use strum::{EnumString, IntoStaticStr, VariantNames};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use self::load::{STANDARD_SCHEMA, load, load_all, load_text, parse, standard_files};
pub use self::thresholds::{Bound, OrderBreak, Standing, Thresholds};
use crate::exchange::Exchange;
use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
use crate::inputs::toml_read::Keyword;
use crate::metric::{Metric, Unit};

/// A standard as written in its file: `[standard]` and the `[[rule]]`s.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Standard {
    #[serde(rename = "standard")]
    pub meta: StandardMeta,
    #[serde(rename = "rule")]
    pub rules: Vec<Rule>,
}

/// What a standard is and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StandardMeta {
    /// The family: drafts of one standard share it, e.g. `fss-listing`.
    pub id: String,
    pub version: String,
    pub title: String,
    /// The title in Korean, as the Korean reports show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ko: Option<String>,
    pub status: Status,
    #[schemars(with = "crate::kst::CalendarDate")]
    pub published: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::kst::CalendarDate>")]
    pub effective: Option<Date>,
    /// The version this one replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// Where the standard's text comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One test of one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Rule {
    /// Stable across versions, so that `compare` can pair rules.
    pub id: String,
    pub title: String,
    /// The title in Korean, quoting the Korean rule's own words where it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ko: Option<String>,
    pub metric: Metric,
    #[serde(flatten)]
    pub thresholds: Thresholds,
    #[serde(default)]
    pub severity: Severity,
    #[serde(default)]
    pub when_missing: WhenMissing,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "AppliesTo::is_everything")]
    pub applies_to: AppliesTo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// The rationale in Korean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Whether a standard is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Status {
    Draft,
    Adopted,
    Withdrawn,
}

impl Keyword for Status {
    const CODE: Code = Code::UnknownStatus;
    const WHAT: &'static str = "a standard status";
}

/// What a failure of the rule means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// A failure blocks listing and sets exit code 1.
    #[default]
    Block,
    /// A failure is reported but does not block.
    Warn,
    /// For information only.
    Info,
}

impl Keyword for Severity {
    const CODE: Code = Code::UnknownSeverity;
    const WHAT: &'static str = "a rule severity";
}

/// What a rule concludes when its metric cannot be computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[derive(EnumString, IntoStaticStr, VariantNames, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum WhenMissing {
    /// Missing data gives `unknown`.
    #[default]
    Unknown,
    /// Missing data gives `fail`: the burden of proof is on the issuer.
    Fail,
}

impl Keyword for WhenMissing {
    const CODE: Code = Code::UnknownWhenMissing;
    const WHAT: &'static str = "a `when_missing` choice";
}

/// Which assets a rule applies to. Every non-empty list must match; empty lists match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct AppliesTo {
    /// Quote currencies, e.g. `["KRW"]`: the asset trades in one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<String>,
    /// The asset is listed on one of these exchanges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<Exchange>,
    /// The asset is issued on one of these chains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chains: Vec<String>,
    /// Asset ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
}

impl AppliesTo {
    pub fn is_everything(&self) -> bool {
        self.markets.is_empty()
            && self.exchanges.is_empty()
            && self.chains.is_empty()
            && self.assets.is_empty()
    }
}

impl Rule {
    pub fn unit(&self) -> Unit {
        self.metric.unit()
    }
}

/// A standard read from a file, with where it came from.
#[derive(Clone, Debug)]
pub struct LoadedStandard {
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, so a report names exactly the text it applied.
    pub sha256: String,
    pub standard: Standard,
    /// Problems that do not stop the standard from being used, e.g. an uncited rule.
    pub warnings: FileDiagnostics,
}

/// Why no standard could be chosen by default.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    #[error("no standard in {0}: add one, or pass --standard FILE")]
    NoneFound(PathBuf),
    #[error("only withdrawn standards in {0}: pass --standard FILE to check against one anyway")]
    OnlyWithdrawn(PathBuf),
    #[error("{} standards file(s) in {dir} are invalid; fix them (`listingcheck standards lint`) or pass --standard FILE:\n{}", .errors.len(), .errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { dir: PathBuf, errors: Vec<Invalid> },
}

/// The standard `check` uses by default: the newest adopted standard, else the newest draft, by
/// `published` date. Adopted wins so that a draft dropped into `standards/` for review never
/// silently becomes what a daily job enforces.
pub fn select_default(dir: &Path) -> Result<LoadedStandard, SelectError> {
    let loaded = load_all(dir).map_err(|errors| SelectError::Invalid {
        dir: dir.to_owned(),
        errors,
    })?;
    select_among(loaded, dir)
}

/// The default standard among the built-in ones (see [`select_default`]).
pub fn select_built_in() -> LoadedStandard {
    let loaded = crate::inputs::embedded::STANDARDS
        .iter()
        .map(|file| {
            load_text(Path::new(file.path), file.text.to_owned())
                .expect("the shipped standards are valid")
        })
        .collect();
    select_among(loaded, Path::new("standards")).expect("an adopted standard is shipped")
}

/// The newest adopted standard among `loaded`, else the newest draft; `dir` names where they
/// came from in errors.
fn select_among(loaded: Vec<LoadedStandard>, dir: &Path) -> Result<LoadedStandard, SelectError> {
    if loaded.is_empty() {
        return Err(SelectError::NoneFound(dir.to_owned()));
    }
    let rank = |standard: &LoadedStandard| {
        let meta = &standard.standard.meta;
        (
            meta.status == Status::Adopted,
            meta.published,
            meta.version.clone(),
            standard.path.clone(),
        )
    };
    loaded
        .into_iter()
        .filter(|standard| standard.standard.meta.status != Status::Withdrawn)
        .max_by_key(rank)
        .ok_or_else(|| SelectError::OnlyWithdrawn(dir.to_owned()))
}

/// Which standard was applied, exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct StandardRef {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ko: Option<String>,
    pub status: Status,
    pub path: String,
    pub sha256: String,
}

impl StandardRef {
    /// `A: fss-listing 2026-draft-a (draft) — standards/…`: one side of a comparison.
    pub fn describe_as(&self, label: &str) -> String {
        format!(
            "{label}: {} {} ({}) — {}",
            self.id, self.version, self.status, self.path
        )
    }
}

impl From<&LoadedStandard> for StandardRef {
    fn from(loaded: &LoadedStandard) -> Self {
        let meta = &loaded.standard.meta;
        StandardRef {
            id: meta.id.clone(),
            version: meta.version.clone(),
            title: meta.title.clone(),
            title_ko: meta.title_ko.clone(),
            status: meta.status,
            path: crate::text::display_path(&loaded.path),
            sha256: loaded.sha256.clone(),
        }
    }
}

/// A rule's thresholds, as the JSON report shows them.
#[derive(Clone, Debug, Default, PartialEq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Threshold {
    #[serde(flatten)]
    pub bounds: Thresholds,
    /// The same thresholds as people read them.
    pub text: String,
}

impl From<&Rule> for Threshold {
    fn from(rule: &Rule) -> Self {
        Threshold {
            bounds: rule.thresholds.clone(),
            text: rule.thresholds.describe(rule.unit()),
        }
    }
}
