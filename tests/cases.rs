//! The real cases after WEMIX, rebuilt from the public record like `tests/wemix_case.rs`: each
//! descriptor of `assets/cases/` cites its sources, and each snapshot of `snapshots/cases/` is
//! built here from it, so that its provenance is readable code
//! (`LISTINGCHECK_BLESS=1 cargo test --test cases` writes them again). Each test checks that the
//! shipped standards catch the case on the rule the public record says it broke.
//!
//! - PICA (Upbit, 2021): about 250,000,000 circulating against a plan of 124,694,429 by March 2021.
//! - SOMESING (SSX, 2024): 489,000,000 above the plan after a hack, the plan changed three times
//!   in one year; the planned figure is RECONSTRUCTED from the press's own numbers.
//! - PlayDapp (PLA, 2024): 1.79 bn PLA minted with a stolen key; the disclosed maximum (700 M) is
//!   NOT VERIFIED.
//! - Loom Network (LOOM, 2022): Upbit's plan against CoinMarketCap's figure (an aggregator's, not
//!   a measurement).
//! - Arbitrum (ARB, 2024): the Arbitrum Foundation's own figures, and the unlock of 2024-03-16.

mod support;

use listingcheck::exchange::Exchange;
use listingcheck::snapshot::Aggregator;
use support::case::{Case, Figure};
use support::listingcheck;

const DRAFT_A: &str = "standards/fss-listing/2026-draft-a.toml";
const DRAFT_B: &str = "standards/fss-listing/2026-draft-b.toml";
const MONITOR: &str = "standards/listing-monitor/2026-12.toml";

const PICA: Case = Case {
    descriptor: "assets/cases/pica-2021.toml",
    taken_at: "2021-03-31T03:00:00Z",
    note: "The PICA case of 2021, rebuilt from the public record: the plan PICA submitted to Upbit on 2020-12-03 \
           (124,694,429 by March 2021) and the circulation Upbit's balance monitoring found in March 2021 (about 250,000,000). \
           Not a fetch: the measured figure is Upbit's, as reported.",
    records: &[
        "https://coindeskkorea.com/news/articleView.html?idxno=74185 (Upbit's notice of 2021-06-21: about 250,000,000 PICA circulating in March 2021 against a plan of 124,694,429)",
        "https://paxnetnews.com/articles/75342 (PICA traded in Upbit's BTC market from January 2021)",
    ],
    listings: &[(Exchange::Upbit, "BTC-PICA", "BTC", 1)],
    figure: Figure {
        source: Aggregator::PublicRecord,
        id: "upbit",
        circulating: Some(250_000_000),
        total: None,
        record: 0,
    },
};

const SSX: Case = Case {
    descriptor: "assets/cases/ssx-2024.toml",
    taken_at: "2024-02-27T03:00:00Z",
    note: "The SOMESING (SSX) case of 2024, rebuilt from the public record on the day DAXA's exchanges decided its delisting: \
           489,000,000 SSX above the plan for the end of January 2024 after the hack of 2024-01-27, and three changes of the plan in one year. \
           RECONSTRUCTED: the planned figure (3,244,000,000) is implied by the press's market cap and price, not published; \
           the measured figure is that plus SOMESING's 489,000,000.",
    records: &[
        "https://seoul.co.kr/news/economy/finance/2024/01/27/20240127500043 (SOMESING's statement: 489,000,000 SSX above the plan for the end of January 2024)",
        "https://www.news1.kr/finance/blockchain-fintech/5333937 (DAXA's delisting decision of 2024-02-27 on Upbit, Bithumb, Coinone and GOPAX; the plan changed three times in one year)",
    ],
    listings: &[
        (Exchange::Upbit, "KRW-SSX", "KRW", 1),
        (Exchange::Bithumb, "KRW-SSX", "KRW", 1),
        (Exchange::Coinone, "SSX", "KRW", 1),
        (Exchange::Gopax, "SSX-KRW", "KRW", 1),
    ],
    figure: Figure {
        source: Aggregator::PublicRecord,
        id: "somesing",
        circulating: Some(3_733_000_000),
        total: None,
        record: 0,
    },
};

const PLA: Case = Case {
    descriptor: "assets/cases/pla-2024.toml",
    taken_at: "2024-02-13T03:00:00Z",
    note: "The PlayDapp (PLA) case of 2024, rebuilt from the public record: 200,000,000 PLA minted on 2024-02-09 and \
           1,590,000,000 on 2024-02-12 with a stolen key, on top of a supply of 700,000,000. NOT VERIFIED: the disclosed maximum \
           (700,000,000, the aggregators' figure); the issued figure is that plus the two mints.",
    records: &[
        "https://blockchaintoday.co.kr/news/articleView.html?idxno=41090 (200,000,000 PLA minted on 2024-02-09 and 1,590,000,000 on 2024-02-12)",
        "https://www.techm.kr/news/articleView.html?idxno=121473 (PLA traded on Upbit and Bithumb until DAXA's delisting of 2024-03-25)",
    ],
    listings: &[
        (Exchange::Upbit, "KRW-PLA", "KRW", 1),
        (Exchange::Bithumb, "KRW-PLA", "KRW", 1),
    ],
    figure: Figure {
        source: Aggregator::PublicRecord,
        id: "playdapp",
        circulating: None,
        total: Some(2_490_000_000),
        record: 0,
    },
};

const LOOM: Case = Case {
    descriptor: "assets/cases/loom-2022.toml",
    taken_at: "2022-12-14T03:00:00Z",
    note: "The Loom Network (LOOM) case of 2022, from 조세일보's audit of Upbit's listings: Upbit's plan (1,143,000,000 by 2022-11-30) \
           against the circulating supply CoinMarketCap showed (1,300,000,000). The measured side is an aggregator's figure, not an on-chain measurement.",
    records: &[
        "https://note.mabempapa.com/103 (조세일보's audit of 2022-12-14, reprinted: CoinMarketCap showed 1,300,000,000 LOOM circulating; Upbit's plan 1,143,000,000 by 2022-11-30)",
    ],
    listings: &[(Exchange::Upbit, "KRW-LOOM", "KRW", 0)],
    figure: Figure {
        source: Aggregator::Coinmarketcap,
        id: "2588",
        circulating: Some(1_300_000_000),
        total: None,
        record: 0,
    },
};

const ARB: Case = Case {
    descriptor: "assets/cases/arbitrum-2024.toml",
    taken_at: "2024-03-07T03:00:00Z",
    note: "Arbitrum (ARB) on 2024-03-07, from the Arbitrum Foundation's own figures: 1,537,398,145 circulating, and 2,653,939,384 \
           expected on 2024-03-17 after the first monthly unlock of the team, contributor and investor tokens. The measured figure is the issuer's own.",
    records: &[
        "https://docs.arbitrum.foundation/token-supply (the Arbitrum Foundation: 1,537,398,145 ARB circulating at 2024-03-07, 2,653,939,384 expected at 2024-03-17)",
    ],
    listings: &[],
    figure: Figure {
        source: Aggregator::Issuer,
        id: "arbitrum",
        circulating: Some(1_537_398_145),
        total: None,
        record: 0,
    },
};

/// The committed snapshot of a case.
fn committed(case: &Case) -> String {
    let name = std::path::Path::new(case.descriptor)
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let date = &case.taken_at[..10];
    let family = name.rsplit_once('-').map_or(name.as_str(), |(f, _)| f);
    format!("snapshots/cases/{family}-{date}.json")
}

fn assert_committed(case: &Case) {
    support::assert_committed_is_generated(
        &support::repo(&committed(case)),
        &listingcheck::snapshot::to_json(&case.build()),
        "cargo test --test cases",
    );
}

/// The JSON report of a standard on a case, with the exit code.
fn check(case: &Case, standard: &str) -> (i32, serde_json::Value) {
    let output = listingcheck()
        .args([
            "check",
            "--format",
            "json",
            "--standard",
            standard,
            "--snapshot",
        ])
        .arg(committed(case))
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), report)
}

/// The result of one rule.
fn result<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report}"))
}

fn value(result: &serde_json::Value) -> f64 {
    result["value"].as_f64().unwrap()
}

#[test]
fn the_committed_cases_are_what_the_builders_make() {
    for case in [&PICA, &SSX, &PLA, &LOOM, &ARB] {
        assert_committed(case);
    }
}

#[test]
fn pica_fails_the_circulation_plan_under_both_drafts_at_about_plus_100_percent() {
    for draft in [DRAFT_A, DRAFT_B] {
        let (code, report) = check(&PICA, draft);
        assert_eq!(code, 1, "{draft}: a blocking failure");
        let plan = result(&report, "CIRC-PLAN");
        assert_eq!(plan["status"], "fail", "{draft}");
        let expected = (250_000_000.0 - 124_694_429.0) / 124_694_429.0;
        assert!((value(plan) - expected).abs() < 1e-12, "{plan}");
        assert_eq!(plan["finding"]["args"]["planned"]["amount"], "124694429");
    }
}

#[test]
fn ssx_fails_draft_a_warns_under_draft_b_and_its_three_revisions_fail_the_monitor() {
    let excess = 489_000_000.0 / 3_244_000_000.0;
    let (code, report) = check(&SSX, DRAFT_A);
    assert_eq!(code, 1);
    let plan = result(&report, "CIRC-PLAN");
    assert_eq!(plan["status"], "fail");
    assert!((value(plan) - excess).abs() < 1e-12, "{plan}");
    let (_, report) = check(&SSX, DRAFT_B);
    assert_eq!(
        result(&report, "CIRC-PLAN")["status"],
        "warn",
        "15 % is in B's warning band"
    );

    let (_, report) = check(&SSX, MONITOR);
    let revisions = result(&report, "PLAN-REVISIONS");
    assert_eq!(revisions["status"], "fail", "{revisions}");
    assert_eq!(revisions["value"], 3.0, "{revisions}");
    assert_eq!(result(&report, "CIRC-PLAN-BAND")["status"], "fail");
    // On the day of the decision, trading had not yet ended: the bar does not apply yet.
    let bar = result(&report, "RELISTING-BAR");
    assert_eq!(bar["status"], "pass", "{bar}");
}

#[test]
fn pla_fails_issued_beyond_disclosed_under_both_drafts() {
    for draft in [DRAFT_A, DRAFT_B] {
        let (code, report) = check(&PLA, draft);
        assert_eq!(code, 1, "{draft}");
        let issued = result(&report, "ISSUED-BEYOND-DISCLOSED");
        assert_eq!(issued["status"], "fail", "{draft}");
        let expected = 1_790_000_000.0 / 700_000_000.0;
        assert!((value(issued) - expected).abs() < 1e-12, "{issued}");
    }
}

#[test]
fn loom_fails_draft_a_and_warns_under_draft_b_on_coinmarketcaps_figure() {
    let expected = (1_300_000_000.0 - 1_143_000_000.0) / 1_143_000_000.0;
    let (code, report) = check(&LOOM, DRAFT_A);
    assert_eq!(code, 1);
    let plan = result(&report, "CIRC-PLAN");
    assert_eq!(plan["status"], "fail");
    assert!((value(plan) - expected).abs() < 1e-12, "{plan}");
    // The measured side is said to be an aggregator's.
    let basis = &plan["finding"]["args"]["basis"]["message"];
    assert_eq!(basis["id"], "basis-reported");
    assert_eq!(
        basis["args"]["source"],
        serde_json::json!({"code": "coinmarketcap"})
    );
    let (_, report) = check(&LOOM, DRAFT_B);
    assert_eq!(result(&report, "CIRC-PLAN")["status"], "warn");
}

#[test]
fn arbitrum_keeps_its_plan_and_the_unlock_of_march_2024_fails_both_drafts() {
    let unlock = (2_653_939_384.0 - 1_537_398_145.0) / 1_537_398_145.0;
    for draft in [DRAFT_A, DRAFT_B] {
        let (code, report) = check(&ARB, draft);
        assert_eq!(code, 1, "{draft}");
        assert_eq!(result(&report, "CIRC-PLAN")["status"], "pass", "{draft}");
        let next = result(&report, "UNLOCK");
        assert_eq!(next["status"], "fail", "{draft}");
        assert!((value(next) - unlock).abs() < 1e-12, "{next}");
    }
}

#[test]
fn gopaxs_relisting_of_wemix_after_eleven_months_fails_the_relisting_bar() {
    // GOPAX listed WEMIX on 2023-11-08; the joint delisting had ended trading on 2022-12-08.
    let output = listingcheck()
        .args([
            "check",
            "--format",
            "json",
            "--snapshot",
            "snapshots/cases/wemix-2022-10-25.json",
            "--as-of",
            "2023-11-08",
            "--standard",
            MONITOR,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a blocking failure");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let bar = result(&report, "RELISTING-BAR");
    assert_eq!(bar["status"], "fail", "{bar}");
    assert_eq!(bar["value"], 335.0, "{bar}");
    assert_eq!(bar["finding"]["id"], "jointly-delisted");
}

#[test]
fn wemixs_own_figure_against_its_own_plan_fails_the_monitors_issuer_claim() {
    let output = listingcheck()
        .args([
            "check",
            "--format",
            "json",
            "--snapshot",
            "snapshots/cases/wemix-2022-10-25.json",
            "--standard",
            MONITOR,
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let claim = result(&report, "ISSUER-CLAIM");
    assert_eq!(claim["status"], "fail", "{claim}");
    let expected = (318_421_502.0 - 245_966_797.0) / 245_966_797.0;
    assert!((value(claim) - expected).abs() < 1e-12, "{claim}");
    assert_eq!(claim["finding"]["id"], "issuer-claim-excess");
    // SSX's figures are the press's, not the issuer's: its claim is unknown, not a pass.
    let (_, report) = check(&SSX, MONITOR);
    assert_eq!(result(&report, "ISSUER-CLAIM")["status"], "unknown");
}
