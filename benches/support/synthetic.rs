//! A synthetic won-market universe for the benchmarks: realistic per-asset data (listings with
//! tickers and flags, an on-chain supply, three excluded wallets, two aggregator quotes, an
//! embedded descriptor with a plan) and a standard with every metric of the catalog once.

use jiff::civil::date;
use listingcheck::amount::Amount;
use listingcheck::exchange::Exchange;
use listingcheck::inputs::asset::{
    AssetDescriptor, ChainContract, ExcludedWallet, Identity, Plan, ScheduleEntry,
};
use listingcheck::snapshot::market_days::{KEPT_DAYS, MarketDay, MarketDays};
use listingcheck::snapshot::{
    Aggregator, AggregatorQuote, AssetRecord, ChainSupply, Disclosure, FirstTrade, Flags,
    IdentifiedBy, Listing, Observed, Request, Snapshot, Ticker, WalletBalance,
};
use ruint::aliases::U256;

/// Every metric of the catalog, so that the benchmark exercises all computations.
pub const STANDARD: &str = r#"
schema = 1
[standard]
id = "bench"
version = "1"
title = "Every metric once"
status = "draft"
published = 2026-01-01
[[rule]]
id = "CIRC"
title = "t"
metric = "circulating_supply"
min = 1
reference = "bench"
[[rule]]
id = "PLAN"
title = "t"
metric = "circulation_plan_excess"
max = 0.10
warn_max = 0.05
reference = "bench"
[[rule]]
id = "GAP"
title = "t"
metric = "circulation_reported_gap"
max = 0.05
reference = "bench"
[[rule]]
id = "SUPPLY"
title = "t"
metric = "total_supply_excess"
max = 0
reference = "bench"
[[rule]]
id = "ISSUANCE"
title = "t"
metric = "issuance_plan_disclosed"
require = true
reference = "bench"
[[rule]]
id = "SCHEDULE"
title = "t"
metric = "circulation_plan_disclosed"
require = true
reference = "bench"
[[rule]]
id = "FLOAT"
title = "t"
metric = "circulating_ratio"
min = 0.1
reference = "bench"
[[rule]]
id = "UNLOCK"
title = "t"
metric = "unlock_ratio"
params = { days = 90 }
max = 0.2
reference = "bench"
[[rule]]
id = "FOREIGN"
title = "t"
metric = "foreign_exchange_count"
min = 1
reference = "bench"
[[rule]]
id = "DOMESTIC"
title = "t"
metric = "domestic_exchange_count"
min = 1
reference = "bench"
[[rule]]
id = "AGE"
title = "t"
metric = "days_since_first_trade"
min = 180
reference = "bench"
[[rule]]
id = "CAP"
title = "t"
metric = "market_cap_krw"
min = 4000000000
reference = "bench"
[[rule]]
id = "TURNOVER"
title = "t"
metric = "daily_turnover_ratio"
min = 0.01
reference = "bench"
[[rule]]
id = "GLOBAL-TURNOVER"
title = "t"
metric = "global_turnover_ratio"
min = 0.01
reference = "bench"
[[rule]]
id = "MINT-KEY"
title = "t"
metric = "mint_authority_single_key"
require = false
reference = "bench"
[[rule]]
id = "UPGRADE-KEY"
title = "t"
metric = "upgrade_authority_single_key"
require = false
reference = "bench"
[[rule]]
id = "FREEZE"
title = "t"
metric = "freeze_authority"
require = false
reference = "bench"
[[rule]]
id = "SOURCE"
title = "t"
metric = "contract_source_verified"
require = true
reference = "bench"
[[rule]]
id = "POWERS"
title = "t"
metric = "powers_match_disclosure"
require = true
reference = "bench"
[[rule]]
id = "PREMIUM"
title = "t"
metric = "domestic_premium"
max = 0.05
min = -0.05
reference = "bench"
[[rule]]
id = "MOVE"
title = "t"
metric = "price_change_24h"
max = 0.5
reference = "bench"
[[rule]]
id = "WARNING"
title = "t"
metric = "investment_warning"
require = false
reference = "bench"
[[rule]]
id = "CAUTION"
title = "t"
metric = "caution_flags"
max = 0
reference = "bench"
[[rule]]
id = "REVISIONS"
title = "t"
metric = "plan_revisions"
params = { days = 365 }
max = 2
reference = "bench"
[[rule]]
id = "RELISTING"
title = "t"
metric = "days_since_joint_delisting"
min = 365
reference = "bench"
[[rule]]
id = "CLAIM"
title = "t"
metric = "issuer_claim_excess"
max = 0.01
reference = "bench"
[[rule]]
id = "ZOMBIE-TURNOVER"
title = "t"
metric = "quarterly_turnover_ratio"
params = { quarters = 2 }
min = 0.01
reference = "bench"
[[rule]]
id = "ZOMBIE-CAP"
title = "t"
metric = "market_cap_krw_high"
params = { days = 30 }
min = 4_000_000_000
reference = "bench"
"#;

fn request(requests: &mut Vec<std::sync::Arc<Request>>, source: &str, endpoint: String) -> u32 {
    requests.push(std::sync::Arc::new(Request {
        source: source.into(),
        endpoint,
        fetched_at: "2026-11-20T00:00:05Z".parse().unwrap(),
        cache_age_secs: None,
    }));
    u32::try_from(requests.len() - 1).unwrap()
}

pub fn tokens(whole: u64) -> Amount {
    Amount::from_raw(
        U256::from(whole) * U256::from(10u64).pow(U256::from(18u8)),
        18,
    )
}

/// CoinGecko's daily market chart of one asset, as many days as a snapshot keeps, with figures
/// as irregular as real ones (the size of a snapshot depends on their digits).
fn market_days(i: usize, id: &str, requests: &mut Vec<std::sync::Arc<Request>>) -> MarketDays {
    let req = request(
        requests,
        "coingecko",
        format!(
            "https://api.coingecko.com/api/v3/coins/{id}/market_chart?vs_currency=usd&days=365"
        ),
    );
    let last = date(2026, 11, 19);
    let days = (0..KEPT_DAYS)
        .rev()
        .map(|back| {
            let seed = i64::try_from(i % 1000).expect("under 1000");
            let wobble = ((seed * 31 + back * 17) % 1000) as f64 / 7919.0;
            MarketDay {
                date: last - jiff::Span::new().days(back),
                market_cap_usd: 3e8 * (1.0 + wobble),
                volume_usd: 1.2e7 * (1.0 - wobble / 2.0),
            }
        })
        .collect();
    MarketDays { days, req }
}

pub fn synthetic_snapshot(count: usize) -> Snapshot {
    let mut requests = Vec::new();
    let market_lists: Vec<Observed<Exchange>> = Exchange::ALL
        .iter()
        .map(|e| Observed {
            value: *e,
            req: request(
                &mut requests,
                e.as_str(),
                format!("https://{e}.example/markets"),
            ),
        })
        .collect();
    let tickers: Vec<u32> = Exchange::ALL
        .iter()
        .map(|e| {
            request(
                &mut requests,
                e.as_str(),
                format!("https://{e}.example/tickers"),
            )
        })
        .collect();
    let fx = request(
        &mut requests,
        "coingecko",
        "https://api.coingecko.com/api/v3/exchange_rates".into(),
    );
    let mut assets = Vec::with_capacity(count);
    let (mut markets, mut rpc) = (0, 0);
    for i in 0..count {
        let id = format!("token-{i:05}");
        // Requests are batched as fetch batches them: 250 ids per CoinGecko call, 50 tokens per RPC batch.
        if i % 250 == 0 {
            markets = request(
                &mut requests,
                "coingecko",
                format!(
                    "https://api.coingecko.com/api/v3/coins/markets?vs_currency=usd&per_page=250&ids=batch-{}",
                    i / 250
                ),
            );
        }
        if i % 50 == 0 {
            rpc = request(
                &mut requests,
                "ethereum",
                format!(
                    "POST https://ethereum-rpc.publicnode.com eth_call ×200 (batch {})",
                    i / 50
                ),
            );
        }
        let tickers_req = request(
            &mut requests,
            "coingecko",
            format!("https://api.coingecko.com/api/v3/coins/{id}/tickers"),
        );
        let disclosure_req = request(&mut requests, "disclosure", format!("assets/{id}.toml"));
        let contract = format!("0x{:040x}", i + 1);
        let wallets: Vec<String> = (0..3)
            .map(|w| format!("0x{:040x}", 1_000_000 + i * 3 + w))
            .collect();
        let descriptor = AssetDescriptor {
            asset: Identity {
                id: id.clone(),
                symbol: format!("T{i}"),
                name: format!("Token {i}"),
                korean_name: Some(format!("토큰 {i}")),
                coingecko: Some(id.clone()),
                coinmarketcap: None,
                supply_url: None,
            },
            chains: vec![ChainContract {
                chain: "ethereum".into(),
                contract: contract.clone(),
                decimals: Some(18),
                native: true,
            }],
            excluded: wallets
                .iter()
                .map(|address| ExcludedWallet {
                    chain: "ethereum".into(),
                    address: address.clone(),
                    label: "team".into(),
                    until: None,
                    staked: None,
                    staking_rewards_circulate: false,
                })
                .collect(),
            plan: Some(Plan {
                max_supply: Some(Amount::from_whole(1_000_000_000)),
                source: Some("https://issuer.example/plan".into()),
                disclosed: Some(date(2025, 1, 1)),
                schedule: vec![
                    ScheduleEntry {
                        date: date(2026, 6, 30),
                        circulating: Amount::from_whole(300_000_000),
                        linear: false,
                    },
                    ScheduleEntry {
                        date: date(2027, 6, 30),
                        circulating: Amount::from_whole(500_000_000),
                        linear: true,
                    },
                ],
                revisions: vec![],
            }),
            powers: None,
        };
        let listings = Exchange::ALL
            .iter()
            .zip(&tickers)
            .take(1 + i % 3)
            .map(|(exchange, ticker_req)| Listing {
                exchange: *exchange,
                market: format!("KRW-T{i}"),
                quote: "KRW".into(),
                req: market_lists[*exchange as usize].req,
                ticker: Some(Ticker {
                    price: 1000.0 + i as f64,
                    volume_24h: 5e8,
                    change_24h: Some(0.01),
                    req: *ticker_req,
                }),
                flags: Some(Flags {
                    warning: Some(Observed {
                        value: i % 97 == 0,
                        req: market_lists[*exchange as usize].req,
                    }),
                    cautions: Some(Observed {
                        value: vec![],
                        req: market_lists[*exchange as usize].req,
                    }),
                }),
                status: Vec::new(),
            })
            .collect();
        assets.push(AssetRecord {
            name: Some(format!("Token {i}")),
            korean_name: Some(format!("토큰 {i}")),
            disclosure: Some(Disclosure {
                sha256: "0".repeat(64),
                descriptor,
                req: disclosure_req,
            }),
            listings,
            chain_supplies: vec![ChainSupply {
                chain: "ethereum".into(),
                contract,
                native: true,
                total_supply: tokens(1_000_000_000),
                decimals: 18,
                req: rpc,
            }],
            wallet_balances: wallets
                .iter()
                .map(|address| WalletBalance {
                    chain: "ethereum".into(),
                    address: address.clone(),
                    label: "team".into(),
                    until: None,
                    balance: tokens(200_000_000 + i as u64),
                    req: rpc,
                })
                .collect(),
            aggregator_quotes: vec![AggregatorQuote {
                source: Aggregator::Coingecko,
                id: id.clone(),
                circulating_supply: Some(Amount::from_whole(400_000_000)),
                total_supply: Some(Amount::from_whole(1_000_000_000)),
                max_supply: Some(Amount::from_whole(1_000_000_000)),
                self_reported_circulating_supply: None,
                price_usd: Some(0.75),
                market_cap_usd: Some(3e8),
                volume_24h_usd: Some(1.2e7),
                req: markets,
            }],
            foreign_exchanges: Some(Observed {
                value: vec!["binance".into(), "okx".into()],
                req: tickers_req,
            }),
            first_trade: Some(FirstTrade {
                date: date(2023, 3, 1),
                on_or_before: false,
                req: tickers_req,
            }),
            market_days: vec![market_days(i, &id, &mut requests)],
            ..AssetRecord::new(id.clone(), format!("T{i}"), IdentifiedBy::Descriptor)
        });
    }
    Snapshot {
        taken_at: "2026-11-20T00:00:00Z".parse().unwrap(),
        sample: true,
        complete: true,
        note: Some("synthetic benchmark universe".into()),
        tool: "benches/check.rs".into(),
        requests,
        failures: vec![],
        market_lists,
        usd_krw: Some(Observed {
            value: 1400.0,
            req: fx,
        }),
        assets,
    }
}
