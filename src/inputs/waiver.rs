//! Waivers (`waivers.toml`): a granted exception for one asset and one rule, with a reason, who
//! granted it, and when it expires.
//!
//! An active waiver turns a failure (or warning) into `waived`. It stops applying after its
//! `expires` date (a Korean calendar date, inclusive), and the report says so; one that expires
//! within [`EXPIRING_SOON_DAYS`] is flagged; one that matches no result is reported, since it
//! is probably a typo or a leftover.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
use crate::inputs::toml_read::{self, Table};

/// The waivers format this version reads.
pub const WAIVER_SCHEMA: i64 = 1;

/// A waiver expiring within this many days of the as-of date is flagged.
pub const EXPIRING_SOON_DAYS: i64 = 14;

/// One granted exception.
#[derive(Clone, Debug, PartialEq, Eq)]
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub struct Waiver {
    /// The asset id, as in reports.
    pub asset: String,
    /// The rule id.
    pub rule: String,
    /// Limit the waiver to one standard family (`[standard] id`); absent means any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    pub reason: String,
    pub granted_by: String,
    /// The last Korean calendar date on which the waiver applies.
    #[schemars(with = "crate::kst::CalendarDate")]
    pub expires: Date,
}

/// The waivers of one file.
#[derive(Clone, Debug, Default)]
pub struct Waivers {
    pub path: Option<PathBuf>,
    pub waivers: Vec<Waiver>,
}

impl Waiver {
    /// Whether the waiver covers `rule` on `asset` under the standard family `standard`.
    pub fn covers(&self, standard: &str, asset: &str, rule: &str) -> bool {
        self.asset == asset
            && self.rule == rule
            && self.standard.as_deref().is_none_or(|s| s == standard)
    }

    /// Whether the waiver still applies on `as_of`: its expiry date is inclusive.
    pub fn in_force(&self, as_of: Date) -> bool {
        as_of <= self.expires
    }
}

impl Waivers {
    /// The waiver in force for `asset` and `rule` under `standard` on `as_of`. When several cover
    /// the result, one naming the standard wins over one for any standard, then the one that
    /// lasts longest, so that an expired waiver never hides a valid one.
    pub fn in_force(
        &self,
        standard: &str,
        asset: &str,
        rule: &str,
        as_of: Date,
    ) -> Option<&Waiver> {
        self.waivers
            .iter()
            .filter(|w| w.covers(standard, asset, rule) && w.in_force(as_of))
            .max_by_key(|w| (w.standard.is_some(), w.expires))
    }
}

/// Reads and validates a waivers file, reporting every problem in it.
pub fn load(path: &Path) -> Result<Waivers, Invalid> {
    Ok(Waivers {
        path: Some(path.to_owned()),
        waivers: crate::inputs::files::read_checked(
            path,
            crate::inputs::kind::InputKind::Waivers,
            parse,
        )?
        .value,
    })
}

pub fn parse(source: &str, diagnostics: &mut FileDiagnostics) -> Option<Vec<Waiver>> {
    let root = toml_read::parse(source, diagnostics)?;
    let mut file = Table::new(&root, "the waivers file");
    let schema_ok = toml_read::check_schema(&mut file, WAIVER_SCHEMA, "waivers", diagnostics);
    let entries = file.array_of_tables("waiver", diagnostics);
    file.finish(diagnostics);
    let mut waivers = Vec::new();
    let mut seen = HashSet::new();
    for (index, value) in entries {
        let Some(mut table) = Table::of(value, format!("[[waiver]] #{}", index + 1), diagnostics)
        else {
            continue;
        };
        let asset = table.required::<String>("asset", diagnostics);
        let rule = table.required::<String>("rule", diagnostics);
        let standard = table.optional::<String>("standard", diagnostics);
        let reason = table.required::<String>("reason", diagnostics);
        let granted_by = table.required::<String>("granted_by", diagnostics);
        let expires = table.required::<Date>("expires", diagnostics);
        for text in [&reason, &granted_by].into_iter().flatten() {
            if text.get_ref().trim().is_empty() {
                diagnostics.error(
                    Code::InvalidValue,
                    text.span(),
                    "a waiver must say why it was granted and by whom; this is empty",
                );
            }
        }
        table.finish(diagnostics);
        let (Some(asset), Some(rule), Some(reason), Some(granted_by), Some(expires)) =
            (asset, rule, reason, granted_by, expires)
        else {
            continue;
        };
        let standard = standard.map(toml::Spanned::into_inner);
        if !seen.insert((
            asset.get_ref().clone(),
            rule.get_ref().clone(),
            standard.clone(),
        )) {
            diagnostics.error(
                Code::Duplicate,
                asset.span(),
                format!(
                    "a second waiver for asset `{}` and rule `{}`; keep one",
                    asset.get_ref(),
                    rule.get_ref()
                ),
            );
        }
        waivers.push(Waiver {
            asset: asset.into_inner(),
            rule: rule.into_inner(),
            standard,
            reason: reason.into_inner(),
            granted_by: granted_by.into_inner(),
            expires: expires.into_inner(),
        });
    }
    schema_ok.then_some(waivers)
}
