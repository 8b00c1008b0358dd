//! Reading a schema-1 report, as the previous version wrote it, into today's [`Report`].
//!
//! Schema 1 gave each result an English `detail` and each evidence entry an English `what`, a
//! formatted `value` and a copy of its request. The sentences cannot be turned back into typed
//! figures, so they become `verbatim` messages; the copied requests become one `requests` table.

use serde_json::{Map, Value as Json, json};

use super::Report;

/// The report in a schema-1 JSON document, or why it is not one.
pub fn from_schema_1(mut document: Json) -> Result<Report, String> {
    let mut requests: Vec<Json> = Vec::new();
    let results = document
        .get_mut("results")
        .and_then(Json::as_array_mut)
        .ok_or("a report has `results`")?;
    for result in results.iter_mut() {
        let result = result.as_object_mut().ok_or("a result is an object")?;
        let detail = result.remove("detail").unwrap_or_default();
        result.insert("finding".into(), verbatim(&detail));
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
            let request = Json::Object(old);
            let req = match requests.iter().position(|known| *known == request) {
                Some(at) => at,
                None => {
                    requests.push(request);
                    requests.len() - 1
                }
            };
            *entry = json!({
                "what": verbatim(&what),
                "value": {"kind": "text", "value": value},
                "req": req,
            });
        }
    }
    let top: &mut Map<String, Json> = document.as_object_mut().ok_or("a report is an object")?;
    top.insert("schema".into(), json!(super::REPORT_SCHEMA));
    top.insert("requests".into(), Json::Array(requests));
    serde_json::from_value(document).map_err(|error| error.to_string())
}

fn verbatim(text: &Json) -> Json {
    json!({"id": "verbatim", "args": {"text": {"kind": "text", "value": text}}})
}
