//! The JSON Schemas in schemas/: current with the Rust types, and describing exactly the keys
//! the TOML loaders accept.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use support::run;

const KINDS: [&str; 4] = ["standard", "asset", "waivers", "config"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(kind: &str) -> Json {
    let text = std::fs::read_to_string(root().join(format!("schemas/{kind}.schema.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn maximal(kind: &str) -> PathBuf {
    root().join(format!("tests/fixtures/schema/{kind}.toml"))
}

#[test]
fn committed_schemas_equal_what_listingcheck_schema_prints() {
    for kind in KINDS {
        let (code, printed, stderr) = run(&root(), &["schema", kind]);
        assert_eq!(code, 0, "{stderr}");
        let path = root().join(format!("schemas/{kind}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == printed,
            "{} is stale: run `cargo run -- schema {kind} -o schemas/{kind}.schema.json`",
            path.display()
        );
    }
}

#[test]
fn the_maximal_examples_load_without_a_problem() {
    let standard = listingcheck::inputs::standard::load(&maximal("standard"))
        .unwrap_or_else(|invalid| panic!("{invalid}"));
    assert!(standard.warnings.diagnostics().is_empty());
    listingcheck::inputs::asset::load(&maximal("asset"))
        .unwrap_or_else(|invalid| panic!("{invalid}"));
    listingcheck::inputs::waiver::load(&maximal("waivers"))
        .unwrap_or_else(|invalid| panic!("{invalid}"));
    listingcheck::inputs::config::load(Some(&maximal("config")))
        .unwrap_or_else(|invalid| panic!("{invalid}"));
}

/// The schemas a value may match: `$ref`s followed, `anyOf`/`oneOf`/`allOf` flattened.
fn candidates<'s>(schema: &'s Json, root: &'s Json) -> Vec<&'s Json> {
    if let Some(Json::String(reference)) = schema.get("$ref") {
        let name = reference.trim_start_matches("#/definitions/");
        return candidates(&root["definitions"][name], root);
    }
    let mut found = vec![schema];
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Json::Array(choices)) = schema.get(key) {
            found.extend(choices.iter().flat_map(|c| candidates(c, root)));
        }
    }
    found
}

/// Every key path in a TOML value that the schema does not describe.
fn undescribed(value: &toml::Value, schema: &Json, root: &Json, path: &str, out: &mut Vec<String>) {
    let schemas = candidates(schema, root);
    match value {
        toml::Value::Table(table) => {
            for (key, item) in table {
                let child = schemas.iter().find_map(|s| {
                    s.get("properties")
                        .and_then(|p| p.get(key))
                        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()))
                });
                match child {
                    Some(child) => undescribed(item, child, root, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}.{key}")),
                }
            }
        }
        toml::Value::Array(items) => {
            if let Some(item_schema) = schemas.iter().find_map(|s| s.get("items")) {
                for item in items {
                    undescribed(item, item_schema, root, path, out);
                }
            }
        }
        _ => {}
    }
}

/// Every key path the schema describes; `*` stands for the keys of a map. Recursive schemas (a
/// report's message holds messages) are followed a few levels deep.
fn described(schema: &Json, root: &Json, path: &str, out: &mut BTreeSet<String>) {
    if path.matches('.').count() > 8 {
        return;
    }
    for schema in candidates(schema, root) {
        if let Some(Json::Object(properties)) = schema.get("properties") {
            for (key, child) in properties {
                let child_path = format!("{path}.{key}");
                out.insert(child_path.clone());
                described(child, root, &child_path, out);
            }
        }
        if let Some(map) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            described(map, root, &format!("{path}.*"), out);
        }
        if let Some(items) = schema.get("items") {
            described(items, root, path, out);
        }
    }
}

/// Whether a TOML value has a key path; arrays have it when any item does.
fn has(value: &toml::Value, segments: &[&str]) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return true;
    };
    match value {
        toml::Value::Table(table) if *first == "*" => table.values().any(|v| has(v, rest)),
        toml::Value::Table(table) => table.get(*first).is_some_and(|v| has(v, rest)),
        toml::Value::Array(items) => items.iter().any(|item| has(item, segments)),
        _ => false,
    }
}

fn document(path: &Path) -> toml::Value {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_key_the_loaders_accept_is_in_the_schema() {
    for kind in KINDS {
        let schema = schema(kind);
        let mut missing = Vec::new();
        undescribed(
            &document(&maximal(kind)),
            &schema,
            &schema,
            "",
            &mut missing,
        );
        assert!(missing.is_empty(), "{kind}: the schema lacks {missing:?}");
    }
}

#[test]
fn every_key_in_the_schema_is_in_the_maximal_example() {
    // With the test above and the loaders accepting the example, the schema's keys are exactly
    // the keys the loaders accept.
    for kind in KINDS {
        let schema = schema(kind);
        let mut paths = BTreeSet::new();
        described(&schema, &schema, "", &mut paths);
        let example = document(&maximal(kind));
        let absent: Vec<&String> = paths
            .iter()
            .filter(|path| {
                let segments: Vec<&str> = path.trim_start_matches('.').split('.').collect();
                !has(&example, &segments)
            })
            .collect();
        assert!(absent.is_empty(), "{kind}: the example lacks {absent:?}");
    }
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, stderr) = run(&root(), &["completions", shell]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            script.contains("compare") && script.contains("sweep"),
            "{shell}"
        );
    }
}

#[test]
fn the_committed_report_schema_equals_what_listingcheck_schema_report_prints() {
    let (code, printed, stderr) = run(&root(), &["schema", "report"]);
    assert_eq!(code, 0, "{stderr}");
    let committed =
        std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap_or_default();
    assert!(
        committed == printed,
        "schemas/report.schema.json is stale: run `cargo run -- schema report -o schemas/report.schema.json`"
    );
    let schema = schema("report");
    let mut paths = BTreeSet::new();
    described(&schema, &schema, "", &mut paths);
    for path in [
        ".schema",
        ".requests.endpoint",
        ".results.finding.id",
        ".results.finding.args.*.amount",
        ".results.evidence",
        ".evidence.what.id",
        ".evidence.req",
    ] {
        assert!(paths.contains(path), "{path} is not in {paths:?}");
    }
}
