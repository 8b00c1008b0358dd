//! One row per result, for spreadsheets. Every result is listed, passing ones included.

use std::io;

use super::{Renderer, Report};
use crate::metric::{Limit, Value};

pub struct CsvRenderer;

fn limit(limit: Option<&Limit>) -> String {
    match limit {
        Some(Limit::Number(number)) => number.to_string(),
        Some(Limit::Tokens(amount)) => amount.to_string(),
        None => String::new(),
    }
}

impl Renderer for CsvRenderer {
    fn report(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "asset",
            "symbol",
            "korean_name",
            "rule",
            "metric",
            "unit",
            "status",
            "severity",
            "value",
            "min",
            "max",
            "warn_min",
            "warn_max",
            "require",
            "detail",
            "waived_from",
            "waiver_expires",
            "evidence_sources",
        ])?;
        for result in &report.results {
            let value = match &result.value {
                Some(Value::Number(number)) => number.to_string(),
                Some(Value::Tokens(amount)) => amount.to_string(),
                Some(Value::Bool(flag)) => flag.to_string(),
                None => String::new(),
            };
            let mut sources: Vec<&str> = result
                .evidence
                .iter()
                .map(|e| e.request.source.as_str())
                .collect();
            sources.dedup();
            let threshold = &result.threshold;
            writer.write_record([
                result.asset.as_str(),
                &result.symbol,
                result.korean_name.as_deref().unwrap_or(""),
                &result.rule,
                result.metric.name(),
                <&str>::from(result.unit),
                result.status.as_str(),
                <&str>::from(result.severity),
                &value,
                &limit(threshold.min.as_ref()),
                &limit(threshold.max.as_ref()),
                &limit(threshold.warn_min.as_ref()),
                &limit(threshold.warn_max.as_ref()),
                &threshold.require.map(|r| r.to_string()).unwrap_or_default(),
                &result.detail,
                result.waiver.as_ref().map_or("", |w| w.would_be.as_str()),
                &result
                    .waiver
                    .as_ref()
                    .map(|w| w.expires.to_string())
                    .unwrap_or_default(),
                &sources.join(" "),
            ])?;
        }
        writer.flush()
    }
}
