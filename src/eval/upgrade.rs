//! Reading a schema-1 report, as the previous version wrote it, into today's [`Report`].
//!
//! Schema 1 gave each result an English `detail` and each evidence entry an English `what`, a
//! formatted `value` and a copy of its request. The sentences cannot be turned back into typed
//! figures, so they become `verbatim` messages; the entries and their copied requests become the
//! `evidence` and `requests` tables.

use serde_json::{Map, Value as Json, json};

use super::Report;

/// The report in a schema-1 JSON document, or why it is not one.
pub fn from_schema_1(mut document: Json) -> Result<Report, String> {
    let (mut requests, mut table): (Vec<Json>, Vec<Json>) = (Vec::new(), Vec::new());
    let results = document
        .get_mut("results")
        .and_then(Json::as_array_mut)
        .ok_or("a report has `results`")?;
    let (mut asset, mut asset_start) = (Json::Null, 0);
    for result in results.iter_mut() {
        let result = result.as_object_mut().ok_or("a result is an object")?;
        let detail = result.remove("detail").unwrap_or_default();
        result.insert("finding".into(), verbatim(&detail));
        if result.get("asset") != Some(&asset) {
            asset = result.get("asset").cloned().unwrap_or_default();
            asset_start = table.len();
        }
        let Some(Json::Array(evidence)) = result.get_mut("evidence") else {
            continue;
        };
        for entry in evidence.iter_mut() {
            let mut old = std::mem::take(entry.as_object_mut().ok_or("evidence is an object")?);
            let (what, value) = (
                old.remove("what").unwrap_or_default(),
                old.remove("value").unwrap_or_default(),
            );
            // What is left is the request that was flattened into the entry.
            let req = position_or_push(&mut requests, 0, Json::Object(old));
            let item = json!({
                "what": verbatim(&what),
                "value": {"text": value},
                "req": req,
            });
            *entry = json!(position_or_push(&mut table, asset_start, item));
        }
    }
    let top: &mut Map<String, Json> = document.as_object_mut().ok_or("a report is an object")?;
    top.insert("schema".into(), json!(super::REPORT_SCHEMA));
    top.insert("evidence".into(), Json::Array(table));
    top.insert("requests".into(), Json::Array(requests));
    serde_json::from_value(document).map_err(|error| error.to_string())
}

/// The index of `item` in `table`, looked for from `from` on, added at the end if absent.
fn position_or_push(table: &mut Vec<Json>, from: usize, item: Json) -> usize {
    match table[from..].iter().position(|known| *known == item) {
        Some(offset) => from + offset,
        None => {
            table.push(item);
            table.len() - 1
        }
    }
}

fn verbatim(text: &Json) -> Json {
    json!({"id": "verbatim", "args": {"text": {"text": text}}})
}
