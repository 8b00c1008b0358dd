//! A draft asset descriptor from a DefiLlama emission body the user saved (`listingcheck plan
//! import --defillama FILE`): the user fetches the body (DefiLlama's emissions API now wants a
//! key) and listingcheck turns it into a descriptor to check against the issuer's own disclosure.
//! Nothing of DefiLlama's data is shipped with listingcheck: their repository has no licence.
//!
//! The body is the one DefiLlama's `/emission/{protocol}` answers, whole (`{"body": …,
//! "lastModified": …}`, its `body` an object or a JSON string) or its `body` alone. Read from it:
//! `name`, `gecko_id`, `supplyMetrics.maxSupply` (else `metadata.total`), `metadata.sources` and
//! `metadata.notes`, `categories.noncirculating` (the sections that never circulate) and
//! `documentedData.data`, each section's cumulative unlocked amount over time. The schedule is
//! the sum of the circulating sections at each quarter's end, rounded to whole tokens: a step
//! every quarter, whatever the sections' cliffs, steps and linear unlocks were. Every amount is
//! approximate, and the draft says so.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use crate::kst::date_of;

/// What the draft reads of an emission body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    name: String,
    #[serde(rename = "gecko_id")]
    gecko_id: Option<String>,
    #[serde(default)]
    documented_data: Documented,
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    categories: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    supply_metrics: SupplyMetrics,
}

#[derive(Default, Deserialize)]
struct Documented {
    #[serde(default)]
    data: Vec<Section>,
}

#[derive(Deserialize)]
struct Section {
    label: String,
    #[serde(default)]
    data: Vec<Point>,
}

#[derive(Deserialize)]
struct Point {
    /// Unix seconds.
    timestamp: i64,
    /// Cumulative tokens unlocked by then.
    unlocked: f64,
}

#[derive(Default, Deserialize)]
struct Metadata {
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    total: Option<f64>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SupplyMetrics {
    max_supply: Option<f64>,
}

impl Section {
    /// The section's cumulative unlocked amount at the end of the Korean day `date`.
    fn unlocked_by(&self, date: Date) -> f64 {
        self.data
            .iter()
            .filter(|point| instant(point.timestamp).is_some_and(|at| date_of(at) <= date))
            .max_by_key(|point| point.timestamp)
            .map_or(0.0, |point| point.unlocked)
    }
}

fn instant(seconds: i64) -> Option<Timestamp> {
    Timestamp::from_second(seconds).ok()
}

/// The body inside whatever was saved: the API's whole answer, or its `body`, as an object or as
/// the JSON string DefiLlama sends.
fn body_of(text: &str) -> Result<Body, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    let body = match value.get("body") {
        Some(serde_json::Value::String(inner)) => serde_json::from_str(inner)
            .map_err(|error| format!("`body` is a string but not JSON: {error}"))?,
        Some(inner) => inner.clone(),
        None => value,
    };
    serde_json::from_value(body).map_err(|error| format!("not a DefiLlama emission body: {error}"))
}

/// The last day of the quarter that holds `date`.
fn quarter_end(date: Date) -> Date {
    let month = ((date.month() - 1) / 3 + 1) * 3;
    jiff::civil::date(date.year(), month, 1).last_of_month()
}

/// Whole tokens, as a TOML integer with `_` between thousands.
fn whole(amount: f64) -> String {
    // Amounts of tokens are far below 2^53, where f64 is exact for whole numbers.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rounded = amount.round().max(0.0) as u64;
    crate::amount::Amount::from_whole(rounded)
        .grouped()
        .replace(',', "_")
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The draft descriptor (TOML) for the body in `text`, read from `file`; `symbol` as the exchanges
/// list the asset, when known.
pub fn draft(text: &str, file: &str, symbol: Option<&str>) -> Result<String, String> {
    let body = body_of(text)?;
    let non_circulating: BTreeSet<&str> = body
        .categories
        .get("noncirculating")
        .map(|sections| sections.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let (circulating, held): (Vec<&Section>, Vec<&Section>) = body
        .documented_data
        .data
        .iter()
        .partition(|section| !non_circulating.contains(section.label.as_str()));
    let dates: Vec<Date> = circulating
        .iter()
        .flat_map(|section| &section.data)
        .filter_map(|point| instant(point.timestamp).map(date_of))
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Err("the body's documentedData has no circulating section with data".to_owned());
    };
    let max_supply = body.supply_metrics.max_supply.or(body.metadata.total);
    let id = body.gecko_id.clone().unwrap_or_else(|| {
        body.name
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
    });

    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&mut out, "#:schema ../schemas/asset.schema.json");
    let _ = writeln!(
        out,
        "# DRAFT made by `listingcheck plan import --defillama {file}` from DefiLlama's documented\n\
         # emission data. Every amount is APPROXIMATE: DefiLlama's chart summed over the circulating\n\
         # sections at each quarter's end and rounded to whole tokens. Check each figure against the\n\
         # issuer's own disclosure before any check relies on it, and name that disclosure in `source`."
    );
    line(&mut out, "schema = 1\n\n[asset]");
    let _ = writeln!(out, "id = {}", quoted(&id));
    let _ = writeln!(
        out,
        "symbol = {}{}",
        quoted(symbol.unwrap_or("TODO")),
        if symbol.is_none() {
            "   # TODO: the symbol as the exchanges list it"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "name = {}", quoted(&body.name));
    if let Some(gecko) = &body.gecko_id {
        let _ = writeln!(out, "coingecko = {}", quoted(gecko));
    }
    line(
        &mut out,
        "\n# TODO: [[chain]] (contract, decimals) and [[excluded]] wallets: the emission body names neither.",
    );
    line(&mut out, "\n[plan]");
    if let Some(max) = max_supply {
        let _ = writeln!(out, "max_supply = {}   # approximate", whole(max));
    }
    let sources = if body.metadata.sources.is_empty() {
        "DefiLlama documented emissions (no source listed)".to_owned()
    } else {
        format!(
            "APPROXIMATE, from DefiLlama's documented emissions, whose sources are: {}",
            body.metadata.sources.join(", ")
        )
    };
    let _ = writeln!(out, "source = {}", quoted(&sources));
    for note in &body.metadata.notes {
        let _ = writeln!(out, "# DefiLlama's note: {note}");
    }
    for section in &held {
        let end = section.data.iter().map(|p| p.unlocked).fold(0.0, f64::max);
        let _ = writeln!(
            out,
            "# Not circulating (DefiLlama's `noncirculating`): {} (up to about {} tokens)",
            section.label,
            whole(end)
        );
    }
    // A schedule is cumulative: where the chart falls (a burn), the draft keeps the amount before.
    let (mut previous, mut highest): (Option<String>, f64) = (None, 0.0);
    let mut end = quarter_end(*first);
    loop {
        let total: f64 = circulating.iter().map(|s| s.unlocked_by(end)).sum();
        highest = highest.max(max_supply.map_or(total, |max| total.min(max)));
        let amount = whole(highest);
        if previous.as_ref() != Some(&amount) {
            let _ = writeln!(
                out,
                "\n[[plan.schedule]]   # approximate\ndate = {end}\ncirculating = {amount}"
            );
            previous = Some(amount);
        }
        if end >= *last {
            break;
        }
        end = quarter_end(end.tomorrow().map_err(|error| error.to_string())?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_end_on_their_last_day() {
        assert_eq!(
            quarter_end(jiff::civil::date(2024, 2, 10)),
            jiff::civil::date(2024, 3, 31)
        );
        assert_eq!(
            quarter_end(jiff::civil::date(2024, 12, 31)),
            jiff::civil::date(2024, 12, 31)
        );
    }

    #[test]
    fn whole_tokens_group_their_thousands() {
        assert_eq!(whole(1_234_567.6), "1_234_568");
        assert_eq!(whole(999.0), "999");
    }
}
