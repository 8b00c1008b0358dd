//! `listingcheck plan import --defillama FILE`: a saved DefiLlama emission body (a made-up token,
//! `tests/fixtures/defillama/`) becomes a draft descriptor that reads back as a valid one.

mod support;

use support::{listingcheck, repo};

const BODY: &str = "tests/fixtures/defillama/emission.json";

#[test]
fn the_draft_is_a_valid_descriptor_with_quarterly_approximate_rows() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("example.toml");
    let output = listingcheck()
        .current_dir(repo(""))
        .args([
            "plan",
            "import",
            "--defillama",
            BODY,
            "--symbol",
            "EXT",
            "-o",
        ])
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&draft).unwrap();
    insta::assert_snapshot!("plan_import_draft", text);
    let loaded = listingcheck::inputs::asset::load(&draft)
        .unwrap_or_else(|error| panic!("the draft is not a valid descriptor: {error:?}"));
    let plan = loaded.descriptor.plan.unwrap();
    assert_eq!(plan.schedule.len(), 6);
    // The treasury never circulates: 100 M airdropped + 120 M of team tokens at the end.
    assert_eq!(
        plan.schedule.last().unwrap().circulating,
        listingcheck::amount::Amount::from_whole(220_000_000)
    );
}

#[test]
fn the_body_alone_reads_as_the_whole_answer_does() {
    let whole: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo(BODY)).unwrap()).unwrap();
    let body = whole["body"].as_str().unwrap();
    let from_whole =
        listingcheck::inputs::defillama::draft(&whole.to_string(), "x.json", None).unwrap();
    let from_body = listingcheck::inputs::defillama::draft(body, "x.json", None).unwrap();
    assert_eq!(from_whole, from_body);
    assert!(from_body.contains("symbol = \"TODO\""), "{from_body}");
}

#[test]
fn a_file_that_is_not_an_emission_body_is_bad_input() {
    let output = listingcheck()
        .current_dir(repo(""))
        .args(["plan", "import", "--defillama", "Cargo.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not JSON"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
