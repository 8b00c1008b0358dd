//! Synthetic snapshots and standards for the compare, sweep and diff tests, and for the examples
//! in docs/drafts.md and docs/diff.md (which run on the same data, kept in
//! tests/fixtures/drafts/).
//!
//! The demo universe is six assets on Upbit's KRW market, each with the few observations the
//! demo rules read: CoinGecko's foreign exchanges, the first trade date, the 24 h change and the
//! exchange's warning and caution flags. Day 2 changes some of them, delists one asset and lists
//! another.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::{Date, date};
use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{
    AssetRecord, FirstTrade, Flags, IdentifiedBy, Listing, Observed, Request, Snapshot, Ticker,
};

pub const DRAFT_A: &str = include_str!("../fixtures/drafts/2024-01-draft.toml");
pub const DRAFT_B: &str = include_str!("../fixtures/drafts/2024-06-draft.toml");
pub const WAIVERS: &str = include_str!("../fixtures/drafts/waivers.toml");
pub const DAY1_NAME: &str = "demo-20240630T010000Z.json";
pub const DAY2_NAME: &str = "demo-20240701T010000Z.json";

/// What the demo rules read about one asset; `None` is data the fetch did not get.
#[derive(Clone, Debug)]
pub struct Observations {
    pub foreign_exchanges: Option<usize>,
    pub first_trade: Option<Date>,
    pub change_24h: Option<f64>,
    pub warning: bool,
    pub cautions: Vec<&'static str>,
}

const REQ_MARKETS: u32 = 0;
const REQ_TICKER: u32 = 1;
const REQ_FLAGS: u32 = 2;
const REQ_TICKERS_CG: u32 = 3;
const REQ_HISTORY_CG: u32 = 4;

/// One asset listed in Upbit's KRW market.
pub fn asset(id: &str, symbol: &str, korean_name: &str, seen: &Observations) -> AssetRecord {
    const FOREIGN: [&str; 8] = [
        "binance", "okx", "bybit", "kraken", "coinbase", "gate", "kucoin", "htx",
    ];
    AssetRecord {
        name: Some(format!("{symbol} token")),
        korean_name: Some(korean_name.to_owned()),
        listings: vec![Listing {
            exchange: Exchange::Upbit,
            market: format!("KRW-{symbol}"),
            quote: "KRW".to_owned(),
            req: REQ_MARKETS,
            ticker: seen.change_24h.map(|change| Ticker {
                price: 1000.0,
                volume_24h: 1.0e9,
                change_24h: Some(change),
                req: REQ_TICKER,
            }),
            flags: Some(Flags {
                warning: Some(Observed {
                    value: seen.warning,
                    req: REQ_FLAGS,
                }),
                cautions: Some(Observed {
                    value: seen.cautions.iter().map(|c| (*c).to_owned()).collect(),
                    req: REQ_FLAGS,
                }),
            }),
            status: Vec::new(),
        }],
        foreign_exchanges: seen.foreign_exchanges.map(|count| Observed {
            value: (0..count)
                .map(|i| FOREIGN[i % FOREIGN.len()].to_owned())
                .collect(),
            req: REQ_TICKERS_CG,
        }),
        first_trade: seen.first_trade.map(|day| FirstTrade {
            date: day,
            on_or_before: false,
            req: REQ_HISTORY_CG,
        }),
        ..AssetRecord::new(id.to_owned(), symbol.to_owned(), IdentifiedBy::Coingecko)
    }
}

/// A snapshot of `assets` taken at `taken_at` (UTC).
pub fn snapshot(taken_at: &str, assets: Vec<AssetRecord>) -> Snapshot {
    let at = taken_at.parse().expect("a UTC instant");
    let request = |source: &str, endpoint: &str| {
        Arc::new(Request {
            source: source.to_owned(),
            endpoint: endpoint.to_owned(),
            fetched_at: at,
            cache_age_secs: None,
        })
    };
    Snapshot {
        taken_at: at,
        sample: false,
        complete: true,
        note: Some("synthetic demo data for listingcheck's tests and examples".to_owned()),
        tool: "listingcheck tests".to_owned(),
        requests: vec![
            request(
                "upbit",
                "https://api.upbit.com/v1/market/all?is_details=true",
            ),
            request(
                "upbit",
                "https://api.upbit.com/v1/ticker/all?quote_currencies=KRW",
            ),
            request(
                "upbit",
                "https://api.upbit.com/v1/market/all?is_details=true",
            ),
            request(
                "coingecko",
                "https://api.coingecko.com/api/v3/coins/{id}/tickers",
            ),
            request(
                "coingecko",
                "https://api.coingecko.com/api/v3/coins/{id}/market_chart",
            ),
        ],
        failures: vec![],
        // Every won-market exchange's list was read; the demo assets are on Upbit's only.
        market_lists: Exchange::ALL
            .into_iter()
            .map(|value| Observed {
                value,
                req: REQ_MARKETS,
            })
            .collect(),
        usd_krw: None,
        assets,
    }
}

fn seen(
    foreign_exchanges: Option<usize>,
    first_trade: Option<Date>,
    change_24h: f64,
    warning: bool,
    cautions: &[&'static str],
) -> Observations {
    Observations {
        foreign_exchanges,
        first_trade,
        change_24h: Some(change_24h),
        warning,
        cautions: cautions.to_vec(),
    }
}

/// Day 1, 2024-06-30 in Korea: six assets.
pub fn day1() -> Snapshot {
    snapshot(
        "2024-06-30T01:00:00Z",
        vec![
            asset(
                "alpha",
                "ALP",
                "알파",
                &seen(Some(5), Some(date(2021, 1, 1)), 0.02, false, &[]),
            ),
            asset(
                "bravo",
                "BRV",
                "브라보",
                &seen(Some(2), Some(date(2023, 1, 1)), -0.03, false, &[]),
            ),
            asset(
                "charlie",
                "CHL",
                "찰리",
                &seen(Some(1), Some(date(2024, 3, 1)), 0.40, false, &[]),
            ),
            asset("delta", "DLT", "델타", &seen(None, None, 0.01, false, &[])),
            asset(
                "echo",
                "ECH",
                "에코",
                &seen(
                    Some(3),
                    Some(date(2024, 6, 1)),
                    -0.12,
                    true,
                    &["PRICE_FLUCTUATIONS"],
                ),
            ),
            asset(
                "foxtrot",
                "FXT",
                "폭스트롯",
                &seen(Some(4), Some(date(2020, 6, 1)), 0.05, true, &[]),
            ),
        ],
    )
}

/// Day 2, 2024-07-01 in Korea: alpha jumps 35 %, bravo's exchange list is missing, charlie
/// gains a foreign exchange and calms down, delta is delisted, echo's warning is lifted,
/// foxtrot loses three foreign exchanges, and golf is newly listed.
pub fn day2() -> Snapshot {
    snapshot(
        "2024-07-01T01:00:00Z",
        vec![
            asset(
                "alpha",
                "ALP",
                "알파",
                &seen(Some(5), Some(date(2021, 1, 1)), 0.35, false, &[]),
            ),
            asset(
                "bravo",
                "BRV",
                "브라보",
                &seen(None, Some(date(2023, 1, 1)), -0.03, false, &[]),
            ),
            asset(
                "charlie",
                "CHL",
                "찰리",
                &seen(Some(2), Some(date(2024, 3, 1)), 0.08, false, &[]),
            ),
            asset(
                "echo",
                "ECH",
                "에코",
                &seen(
                    Some(3),
                    Some(date(2024, 6, 1)),
                    -0.12,
                    false,
                    &["PRICE_FLUCTUATIONS"],
                ),
            ),
            asset(
                "foxtrot",
                "FXT",
                "폭스트롯",
                &seen(Some(1), Some(date(2020, 6, 1)), 0.05, true, &[]),
            ),
            asset(
                "golf",
                "GLF",
                "골프",
                &seen(Some(0), Some(date(2024, 6, 25)), 0.10, false, &[]),
            ),
        ],
    )
}

/// Writes a snapshot file and returns its path.
pub fn write_snapshot(dir: &Path, name: &str, snapshot: &Snapshot) -> PathBuf {
    let path = dir.join(name);
    listingcheck::snapshot::write(&path, snapshot).expect("the snapshot is written");
    path
}

/// Writes a text file and returns its path.
pub fn write_text(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the file is written");
    path
}

/// A directory with the demo: `a.toml`, `b.toml`, `waivers.toml`, and both days' snapshots.
pub fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_text(dir.path(), "a.toml", DRAFT_A);
    write_text(dir.path(), "b.toml", DRAFT_B);
    write_text(dir.path(), "waivers.toml", WAIVERS);
    write_snapshot(dir.path(), DAY1_NAME, &day1());
    write_snapshot(dir.path(), DAY2_NAME, &day2());
    dir
}

/// A standard loaded from TOML text.
pub fn standard(
    dir: &Path,
    name: &str,
    text: &str,
) -> listingcheck::inputs::standard::LoadedStandard {
    let path = write_text(dir, name, text);
    listingcheck::inputs::standard::load(&path).unwrap_or_else(|invalid| panic!("{invalid}"))
}

/// `check --format json` of `snapshot` with draft A (`a.toml`), written to `out` in `dir`.
pub fn write_report(dir: &Path, snapshot: &str, out: &str) {
    let (code, _, stderr) = super::run(
        dir,
        &[
            "check",
            "--standard",
            "a.toml",
            "--snapshot",
            snapshot,
            "--format",
            "json",
            "-o",
            out,
        ],
    );
    assert!(code == 0 || code == 1, "{stderr}");
}
