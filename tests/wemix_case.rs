//! The WEMIX case (2022): the tool's headline demonstration.
//!
//! WEMIX's circulation plan, submitted to Upbit in January 2022, said 245,966,797 WEMIX by
//! 2022-10-31. WEMIX's own statement put the circulating supply on 2022-10-25 at 318,421,502:
//! +29.5 %. It was delisted by all five won-market exchanges. `snapshots/cases/
//! wemix-2022-10-25.json` rebuilds that moment from the public record; this file builds it (so
//! its provenance is readable code) and checks that the standards catch it.

mod support;

use std::path::Path;
use std::sync::Arc;

use listingcheck::amount::Amount;
use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{
    Aggregator, AggregatorQuote, AssetRecord, Disclosure, IdentifiedBy, Listing, Observed, Request,
    Snapshot,
};
use support::listingcheck;

const CASE: &str = "snapshots/cases/wemix-2022-10-25.json";
const DESCRIPTOR: &str = "assets/cases/wemix-2022.toml";

/// The case snapshot, from the descriptor and the two public sources it rests on.
fn build_case() -> Snapshot {
    let loaded = listingcheck::inputs::asset::load(Path::new(DESCRIPTOR))
        .expect("the WEMIX descriptor is valid");
    let taken_at = "2022-10-25T03:00:00Z".parse().unwrap();
    let request = |source: &str, endpoint: &str| {
        Arc::new(Request {
            source: source.into(),
            endpoint: endpoint.into(),
            fetched_at: taken_at,
            cache_age_secs: None,
        })
    };
    let record = |endpoint: &str| request("public-record", endpoint);
    let requests = vec![
        request("disclosure", DESCRIPTOR),
        record(
            "https://www.fintechpost.co.kr/news/articleView.html?idxno=162143 (WEMIX's statement: circulating supply 318,421,502 on 2022-10-25)",
        ),
        record(
            "https://www.etnews.com/20221124000351 (WEMIX traded on the five won-market exchanges until their joint delisting decision of 2022-11-24)",
        ),
    ];
    let listing = |exchange| Listing {
        exchange,
        market: "KRW-WEMIX".into(),
        quote: "KRW".into(),
        req: 2,
        ticker: None,
        flags: None,
        status: Vec::new(),
    };
    let wemix = AssetRecord {
        name: Some("WEMIX".into()),
        korean_name: Some("위믹스".into()),
        disclosure: Some(Disclosure {
            sha256: loaded.sha256.clone(),
            descriptor: loaded.descriptor,
            req: 0,
        }),
        listings: Exchange::ALL.into_iter().map(listing).collect(),
        aggregator_quotes: vec![AggregatorQuote::circulating_only(
            Aggregator::Issuer,
            "wemix",
            Amount::from_whole(318_421_502),
            1,
        )],
        ..AssetRecord::new("wemix".into(), "WEMIX".into(), IdentifiedBy::Descriptor)
    };
    Snapshot {
        taken_at,
        sample: true,
        complete: true,
        note: Some(
            "The WEMIX case of 2022, rebuilt from the public record: the plan disclosed to Upbit (245,966,797 by 2022-10-31) \
             and the circulating supply WEMIX stated for 2022-10-25 (318,421,502). Not a fetch: on-chain balances of 2022 are not \
             re-read, so the measured figure is the issuer's own."
                .into(),
        ),
        tool: "tests/wemix_case.rs".into(),
        requests,
        failures: vec![],
        market_lists: Exchange::ALL.into_iter().map(|exchange| Observed { value: exchange, req: 2 }).collect(),
        usd_krw: None,
        assets: vec![wemix],
    }
}

#[test]
fn the_committed_case_is_what_the_builder_makes() {
    support::assert_committed_is_generated(
        &support::repo(CASE),
        &listingcheck::snapshot::to_json(&build_case()),
        "cargo test --test wemix_case",
    );
}

fn fss_drafts() -> Vec<std::path::PathBuf> {
    let mut drafts: Vec<_> = std::fs::read_dir("standards/fss-listing")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    drafts.sort();
    drafts
}

#[test]
fn every_fss_draft_fails_wemix_on_its_circulation_plan_rule_at_plus_29_5_percent() {
    let drafts = fss_drafts();
    assert!(
        drafts.len() >= 2,
        "expected at least two FSS-style drafts, found {drafts:?}"
    );
    for draft in drafts {
        let output = listingcheck()
            .args([
                "check",
                "--format",
                "json",
                "--snapshot",
                CASE,
                "--standard",
            ])
            .arg(&draft)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: a blocking failure exits 1; stderr: {}",
            draft.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        // The rule is found by its metric in `rules`, its result by the rule's id.
        let rule = report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["metric"] == "circulation_plan_excess")
            .unwrap_or_else(|| panic!("{} has no circulation-plan rule", draft.display()));
        assert_eq!(rule["severity"], "block", "{}", draft.display());
        let plan = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == rule["id"])
            .unwrap();
        assert_eq!(plan["asset"], "wemix");
        assert_eq!(plan["status"], "fail", "{}", draft.display());
        let value = plan["value"].as_f64().unwrap();
        assert!(
            (value - 72_454_705.0 / 245_966_797.0).abs() < 1e-12,
            "{value}"
        );
        // The finding is data: its case and its figures, amounts as exact decimal strings.
        let finding = &plan["finding"];
        assert_eq!(finding["id"], "circ-plan-excess", "{finding}");
        let args = &finding["args"];
        assert_eq!(
            args["circulating"],
            serde_json::json!({"amount": "318421502"})
        );
        assert_eq!(args["planned"], serde_json::json!({"amount": "245966797"}));
        assert_eq!(args["excess"]["change"].as_f64(), Some(value));
        assert_eq!(
            args["period"]["message"]["args"]["date"],
            serde_json::json!({"date": "2022-10-31"})
        );
        // Evidence is cited by index into the report's observations, each citing its request by
        // index into the report's one table of requests.
        let requests = report["requests"].as_array().unwrap();
        let observations = report["evidence"].as_array().unwrap();
        let evidence: Vec<&serde_json::Value> = plan["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|at| &observations[usize::try_from(at.as_u64().unwrap()).unwrap()])
            .collect();
        let cited = |source: &str, amount: &str| {
            evidence.iter().any(|e| {
                let req = usize::try_from(e["req"].as_u64().unwrap()).unwrap();
                requests[req]["source"] == source
                    && e["value"] == serde_json::json!({ "amount": amount })
            })
        };
        assert!(cited("disclosure", "245966797"), "{evidence:?}");
        assert!(cited("public-record", "318421502"), "{evidence:?}");
    }
}

#[test]
fn the_case_table_shows_planned_and_measured_side_by_side() {
    let draft = &fss_drafts()[0];
    let output = listingcheck()
        .args(["check", "--snapshot", CASE, "--standard"])
        .arg(draft)
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("WEMIX 위믹스"), "{table}");
    assert!(table.contains("+29.46 %"), "{table}");
    assert!(
        table.contains("318,421,502") && table.contains("245,966,797"),
        "{table}"
    );
}
