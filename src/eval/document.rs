//! The JSON report's layout (schema 3): what every result of a rule shares (its metric, unit,
//! severity and thresholds) is written once in `rules`, what every result of an asset shares (its
//! symbol and Korean name) once in `assets`, and a result names both by id. At 20,000 assets and
//! 17 rules this is what keeps the report in tens of megabytes rather than hundreds.
//!
//! In memory a [`Report`]'s results carry everything (the renderers read them directly); only
//! the JSON is normalized. Reading accepts schema 2 too, whose results carried those fields
//! inline.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::report::{AppliedWaiver, Report, RuleResult, Summary, Verdict, WaiverNote};
use crate::inputs::standard::{Severity, StandardRef, Threshold};
use crate::message::Message;
use crate::metric::{Evidence, Metric, Unit, Value};
use crate::snapshot::{Request, SnapshotRef, SourceFailure};

/// The report as its JSON lays it out.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(title = "listingcheck report")]
struct Document<'a> {
    schema: u32,
    /// The tool that wrote the report, e.g. `listingcheck 0.1.0`.
    tool: Cow<'a, str>,
    standard: Cow<'a, StandardRef>,
    snapshot: Cow<'a, SnapshotRef>,
    /// The Korean calendar date the rules were applied for.
    #[schemars(with = "crate::kst::CalendarDate")]
    as_of: Date,
    summary: Cow<'a, Summary>,
    /// Each rule that has a result, once, in the order of its first result.
    #[serde(default)]
    rules: Vec<RuleEntry<'a>>,
    /// Each asset that has a result, once, in report order.
    #[serde(default)]
    assets: Vec<AssetEntry<'a>>,
    results: Results<'a>,
    /// The observations the results cite, each once (a result's `evidence` holds indexes into
    /// this): the rules of one asset mostly cite the same supply figures.
    evidence: Cow<'a, [Evidence]>,
    /// The requests the evidence cites (`req` is an index into this), each once.
    requests: Cow<'a, [Arc<Request>]>,
    /// What became of each waiver: applied, expired, not needed or unmatched.
    waivers: Cow<'a, [WaiverNote]>,
    /// Sources that failed when the snapshot was taken: results that depend on them are unknown.
    source_failures: Cow<'a, [SourceFailure]>,
}

/// What every result of one rule shares.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct RuleEntry<'a> {
    id: Cow<'a, str>,
    metric: Metric,
    unit: Unit,
    severity: Severity,
    threshold: Cow<'a, Threshold>,
}

/// What every result of one asset shares.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct AssetEntry<'a> {
    asset: Cow<'a, str>,
    symbol: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    korean_name: Option<Cow<'a, str>>,
}

/// One result: its asset and rule by id, and what is its own.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
struct ResultEntry<'a> {
    asset: Cow<'a, str>,
    rule: Cow<'a, str>,
    status: Verdict,
    /// The measured value; absent when the data is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<Cow<'a, Value>>,
    /// How the value was reached, or why it could not be.
    finding: Cow<'a, Message>,
    /// The observations behind the result, as indexes into the report's `evidence`.
    evidence: Cow<'a, [u32]>,
    /// Set when a waiver turned a failure or warning into `waived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    waiver: Option<Cow<'a, AppliedWaiver>>,
    /// Schema 2 wrote these in every result; schema 3 reads them from `rules` and `assets`.
    #[serde(flatten, skip_serializing)]
    #[schemars(skip)]
    inline: Option<InlineFields>,
}

impl<'a> ResultEntry<'a> {
    fn of(result: &'a RuleResult) -> Self {
        ResultEntry {
            asset: Cow::Borrowed(&result.asset),
            rule: Cow::Borrowed(&result.rule),
            status: result.status,
            value: result.value.as_ref().map(Cow::Borrowed),
            finding: Cow::Borrowed(&result.finding),
            evidence: Cow::Borrowed(&result.evidence),
            waiver: result.waiver.as_ref().map(Cow::Borrowed),
            inline: None,
        }
    }
}

/// The results as read from a report, or, for a report being written, the report's own, each
/// laid out as it is written: a whole list of entries beside the results would be a second copy
/// of every result (at 20,000 assets, 560,000 entries and a quarter of a gigabyte).
enum Results<'a> {
    Read(Vec<ResultEntry<'a>>),
    Written(&'a [RuleResult]),
}

impl<'a> Results<'a> {
    fn into_entries(self) -> Vec<ResultEntry<'a>> {
        match self {
            Results::Read(entries) => entries,
            Results::Written(results) => results.iter().map(ResultEntry::of).collect(),
        }
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Results::Read(entries) => entries.serialize(serializer),
            Results::Written(results) => {
                serializer.collect_seq(results.iter().map(ResultEntry::of))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Results<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Results::Read)
    }
}

impl schemars::JsonSchema for Results<'_> {
    fn inline_schema() -> bool {
        <Vec<ResultEntry<'_>>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <Vec<ResultEntry<'_>>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Vec<ResultEntry<'_>>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<ResultEntry<'_>>>::json_schema(generator)
    }
}

/// The fields a schema-2 result carried itself.
#[derive(Deserialize)]
struct InlineFields {
    symbol: String,
    #[serde(default)]
    korean_name: Option<String>,
    metric: Metric,
    unit: Unit,
    severity: Severity,
    threshold: Threshold,
}

impl<'a> Document<'a> {
    fn of(report: &'a Report) -> Self {
        let mut rules: Vec<RuleEntry<'a>> = Vec::new();
        let mut known_rules: HashSet<&str> = HashSet::new();
        let mut assets: Vec<AssetEntry<'a>> = Vec::new();
        for result in &report.results {
            if known_rules.insert(&result.rule) {
                rules.push(RuleEntry {
                    id: Cow::Borrowed(result.rule.as_ref()),
                    metric: result.metric,
                    unit: result.unit,
                    severity: result.severity,
                    threshold: Cow::Borrowed(&result.threshold),
                });
            }
            // Evaluation emits each asset's results together.
            if assets
                .last()
                .is_none_or(|last| *last.asset != *result.asset)
            {
                assets.push(AssetEntry {
                    asset: Cow::Borrowed(result.asset.as_ref()),
                    symbol: Cow::Borrowed(result.symbol.as_ref()),
                    korean_name: result.korean_name.as_deref().map(Cow::Borrowed),
                });
            }
        }
        Document {
            schema: report.schema,
            tool: Cow::Borrowed(&report.tool),
            standard: Cow::Borrowed(&report.standard),
            snapshot: Cow::Borrowed(&report.snapshot),
            as_of: report.as_of,
            summary: Cow::Borrowed(&report.summary),
            rules,
            assets,
            results: Results::Written(&report.results),
            evidence: Cow::Borrowed(&report.evidence),
            requests: Cow::Borrowed(&report.requests),
            waivers: Cow::Borrowed(&report.waivers),
            source_failures: Cow::Borrowed(&report.source_failures),
        }
    }

    /// The report, each result completed from its rule and asset (or from its own fields, in a
    /// schema-2 report).
    fn into_report(self) -> Result<Report, String> {
        let rules: HashMap<String, RuleEntry<'a>> = self
            .rules
            .into_iter()
            .map(|rule| (rule.id.to_string(), rule))
            .collect();
        let assets: HashMap<String, AssetEntry<'a>> = self
            .assets
            .into_iter()
            .map(|asset| (asset.asset.to_string(), asset))
            .collect();
        // One threshold per rule, shared by its results as evaluation shares it.
        let mut thresholds: HashMap<String, Arc<Threshold>> = HashMap::new();
        let entries = self.results.into_entries();
        let mut results = Vec::with_capacity(entries.len());
        for entry in entries {
            let (symbol, korean_name, metric, unit, severity, threshold) = match entry.inline {
                Some(inline) => (
                    Arc::from(inline.symbol),
                    inline.korean_name.map(Arc::from),
                    inline.metric,
                    inline.unit,
                    inline.severity,
                    Arc::new(inline.threshold),
                ),
                None => {
                    let rule = rules.get(entry.rule.as_ref()).ok_or_else(|| {
                        format!("result names rule `{}`, which `rules` lacks", entry.rule)
                    })?;
                    let asset = assets.get(entry.asset.as_ref()).ok_or_else(|| {
                        format!("result names asset `{}`, which `assets` lacks", entry.asset)
                    })?;
                    let threshold = thresholds
                        .entry(entry.rule.to_string())
                        .or_insert_with(|| Arc::new(rule.threshold.clone().into_owned()))
                        .clone();
                    (
                        Arc::from(asset.symbol.as_ref()),
                        asset.korean_name.as_deref().map(Arc::from),
                        rule.metric,
                        rule.unit,
                        rule.severity,
                        threshold,
                    )
                }
            };
            results.push(RuleResult {
                asset: Arc::from(entry.asset.as_ref()),
                symbol,
                korean_name,
                rule: Arc::from(entry.rule.as_ref()),
                metric,
                unit,
                status: entry.status,
                severity,
                value: entry.value.map(Cow::into_owned),
                threshold,
                finding: entry.finding.into_owned(),
                evidence: entry.evidence.into_owned(),
                waiver: entry.waiver.map(Cow::into_owned),
            });
        }
        Ok(Report {
            schema: self.schema,
            tool: self.tool.into_owned(),
            standard: self.standard.into_owned(),
            snapshot: self.snapshot.into_owned(),
            as_of: self.as_of,
            summary: self.summary.into_owned(),
            results,
            evidence: self.evidence.into_owned(),
            requests: self.requests.into_owned(),
            waivers: self.waivers.into_owned(),
            source_failures: self.source_failures.into_owned(),
        })
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Document::of(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Document::deserialize(deserializer)?
            .into_report()
            .map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Report {
    fn schema_name() -> Cow<'static, str> {
        "Report".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Document::json_schema(generator)
    }
}
