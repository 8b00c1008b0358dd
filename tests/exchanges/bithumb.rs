//! Bithumb. Bodies: `v1_market_all.json` and `v1_market_virtual_asset_warning.json` are the real
//! samples of `/work/shared/api-samples/bithumb` (Bithumb API docs examples);
//! `v1_market_virtual_asset_warning_future.json` is that sample with end dates moved to 2099 (and
//! one to 2024), so that the normal answer does not depend on today's date. The legacy
//! `public_ticker_all_krw.json` has the shape confirmed in ccxt's recorded Bithumb answers
//! (ccxt `ts/src/test/static/response/bithumb.json`, `fetchTickers`: every number a string, a
//! `date` beside the symbols) and the status error the one its docs give.

use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use listingcheck::exchange::Exchange;
use listingcheck::kst::KST;
use listingcheck::snapshot::{Flags, Observed};
use listingcheck::source::SourceError;
use listingcheck::source::exchanges::bithumb::{self, ALERTS_PATH, MARKETS_PATH, TICKERS_PATH};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::exchange_mocks::{assert_close, endpoint, http, listed, symbols};
use crate::support::{get, json, ok};

async fn serve(alerts: ResponseTemplate, tickers: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(ok("bithumb/v1_market_all.json"))
        .mount(&server)
        .await;
    get(ALERTS_PATH).respond_with(alerts).mount(&server).await;
    get(TICKERS_PATH).respond_with(tickers).mount(&server).await;
    server
}

fn normal_tickers() -> ResponseTemplate {
    ok("bithumb/public_ticker_all_krw.json")
}

#[tokio::test]
async fn bithumb_lists_krw_markets_with_legacy_tickers_warning_and_alerts() {
    let server = serve(
        ok("bithumb/v1_market_virtual_asset_warning_future.json"),
        normal_tickers(),
    )
    .await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Bithumb);
    assert_eq!(symbols(&answer), ["ACS", "BTC", "ZIL"]);
    assert!(answer.partial_failures.is_empty());
    let list = answer.market_list_req;
    let alerts = listed(&answer, "ZIL")
        .listing
        .flags
        .as_ref()
        .unwrap()
        .cautions
        .as_ref()
        .unwrap()
        .req;
    assert_eq!(
        endpoint(&http, alerts),
        format!("{}{ALERTS_PATH}", server.uri())
    );

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "KRW-BTC");
    assert_eq!(btc.korean_name.as_deref(), Some("비트코인"));
    assert_eq!(btc.english_name.as_deref(), Some("Bitcoin"));
    let ticker = btc.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 80_694_000.0);
    assert_eq!(ticker.volume_24h, 109_321_569_568.373_38);
    assert_close(ticker.change_24h.unwrap(), -0.0043);
    assert_eq!(
        endpoint(&http, ticker.req),
        format!("{}{TICKERS_PATH}", server.uri())
    );
    assert_eq!(
        btc.listing.flags,
        Some(Flags {
            warning: Some(Observed {
                value: false,
                req: list
            }),
            cautions: Some(Observed {
                value: vec![],
                req: alerts
            }),
        })
    );

    let zil = listed(&answer, "ZIL");
    let ticker = zil.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 20.91);
    assert_eq!(ticker.volume_24h, 2_519_883_920.016_3);
    assert_close(ticker.change_24h.unwrap(), -0.0261);
    assert_eq!(
        zil.listing.flags,
        Some(Flags {
            warning: Some(Observed {
                value: true,
                req: list
            }),
            cautions: Some(Observed {
                value: vec![
                    "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION".into(),
                    "TRADING_VOLUME_SUDDEN_FLUCTUATION".into(),
                ],
                req: alerts,
            }),
        })
    );

    let acs = listed(&answer, "ACS");
    assert_eq!(acs.listing.ticker, None, "ACS is missing from ALL_KRW");
    let flags = acs.listing.flags.as_ref().unwrap();
    assert!(!flags.warning.as_ref().unwrap().value);
    assert!(
        flags.cautions.as_ref().unwrap().value.is_empty(),
        "its alert ended in 2024"
    );
}

/// `YYYY-MM-DD HH:MM:SS` of an instant on the clock of `offset`.
fn wall_clock(instant: Timestamp, offset: Offset) -> String {
    offset
        .to_datetime(instant)
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[tokio::test]
async fn bithumb_alert_counts_while_its_kst_end_date_is_after_the_fetch() {
    let now = Timestamp::now();
    let hour = SignedDuration::from_hours(1);
    let alerts = serde_json::json!([
        {"market": "KRW-ZIL", "warning_type": "PRICE_SUDDEN_FLUCTUATION", "warning_step": "CAUTION",
         "end_date": wall_clock(now + hour, KST)},
        {"market": "KRW-ZIL", "warning_type": "TRADING_VOLUME_SUDDEN_FLUCTUATION", "warning_step": "CAUTION",
         "end_date": wall_clock(now - hour, KST)},
        // Three hours ahead on a UTC clock, but Bithumb writes Korean time: it ended 6 hours ago.
        {"market": "KRW-BTC", "warning_type": "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION", "warning_step": "WARNING",
         "end_date": wall_clock(now + hour * 3, Offset::UTC)},
    ]);
    let server = serve(json(200, &alerts.to_string()), normal_tickers()).await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    let cautions = |symbol| {
        listed(&answer, symbol)
            .listing
            .flags
            .clone()
            .unwrap()
            .cautions
            .unwrap()
            .value
    };
    assert_eq!(cautions("ZIL"), ["PRICE_SUDDEN_FLUCTUATION"]);
    assert!(cautions("BTC").is_empty());
}

#[tokio::test]
async fn bithumb_records_each_active_alerts_warning_step_as_written_where_present() {
    let now = Timestamp::now();
    let hour = SignedDuration::from_hours(1);
    let alerts = serde_json::json!([
        {"market": "KRW-ZIL", "warning_type": "TRADING_VOLUME_SUDDEN_FLUCTUATION", "warning_step": "DANGER",
         "end_date": wall_clock(now + hour, KST)},
        {"market": "KRW-ZIL", "warning_type": "PRICE_SUDDEN_FLUCTUATION", "warning_step": "CAUTION",
         "end_date": wall_clock(now + hour, KST)},
        // Over: its step is no status of the market any more.
        {"market": "KRW-ZIL", "warning_type": "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION", "warning_step": "WARNING",
         "end_date": wall_clock(now - hour, KST)},
        // An alert without a step: a caution all the same, with no step to record.
        {"market": "KRW-ACS", "warning_type": "DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION",
         "end_date": wall_clock(now + hour, KST)},
    ]);
    let server = serve(json(200, &alerts.to_string()), normal_tickers()).await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    let zil = &listed(&answer, "ZIL").listing;
    let steps: Vec<(&str, &str)> = zil
        .status
        .iter()
        .map(|status| (status.field.as_str(), status.value.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("warning_step", "CAUTION (PRICE_SUDDEN_FLUCTUATION)"),
            ("warning_step", "DANGER (TRADING_VOLUME_SUDDEN_FLUCTUATION)"),
        ]
    );
    assert_eq!(
        endpoint(&http, zil.status[0].req),
        format!("{}{ALERTS_PATH}", server.uri())
    );
    let acs = &listed(&answer, "ACS").listing;
    assert!(acs.status.is_empty(), "{:?}", acs.status);
    assert_eq!(
        acs.flags.clone().unwrap().cautions.unwrap().value,
        ["DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION"]
    );
}

#[tokio::test]
async fn bithumb_alerts_past_their_end_date_are_not_cautions() {
    // The docs sample's alerts ended on 2026-07-31 (KST).
    let server = serve(
        ok("bithumb/v1_market_virtual_asset_warning.json"),
        normal_tickers(),
    )
    .await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    for asset in &answer.listings {
        let flags = asset.listing.flags.as_ref().unwrap();
        assert!(
            flags.cautions.as_ref().unwrap().value.is_empty(),
            "{}: {flags:?}",
            asset.symbol
        );
    }
    assert!(
        listed(&answer, "ZIL")
            .listing
            .flags
            .as_ref()
            .unwrap()
            .warning
            .as_ref()
            .unwrap()
            .value
    );
}

#[tokio::test]
async fn bithumb_failed_alert_request_leaves_every_caution_unknown_but_keeps_the_warning() {
    let server = serve(json(404, "{}"), normal_tickers()).await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    for asset in &answer.listings {
        let flags = asset.listing.flags.as_ref().unwrap();
        assert!(
            flags.cautions.is_none(),
            "{}: cautions are unknown",
            asset.symbol
        );
        assert!(
            flags.warning.is_some(),
            "{}: the warning comes with the market list",
            asset.symbol
        );
    }
    assert!(
        answer
            .listings
            .iter()
            .any(|asset| asset.listing.ticker.is_some())
    );
    match answer.partial_failures.as_slice() {
        [
            SourceError::Http {
                status: 404,
                endpoint,
                ..
            },
        ] => {
            assert_eq!(*endpoint, format!("{}{ALERTS_PATH}", server.uri()));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bithumb_alert_end_date_in_another_format_is_a_shape_failure_not_a_guess() {
    let alerts = r#"[{"market":"KRW-ZIL","warning_type":"PRICE_SUDDEN_FLUCTUATION",
                      "warning_step":"CAUTION","end_date":"2099-07-31T06:59:59Z"}]"#;
    let server = serve(json(200, alerts), normal_tickers()).await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    for asset in &answer.listings {
        let flags = asset.listing.flags.as_ref().unwrap();
        assert!(
            flags.cautions.is_none(),
            "{}: cautions are unknown",
            asset.symbol
        );
        assert!(
            flags.warning.is_some(),
            "{}: the warning comes with the market list",
            asset.symbol
        );
    }
    match answer.partial_failures.as_slice() {
        [SourceError::Shape { detail, .. }] => {
            assert!(detail.contains("2099-07-31T06:59:59Z"), "{detail}");
            assert!(detail.contains("KRW-ZIL"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bithumb_status_other_than_0000_in_http_200_is_an_api_error() {
    let server = serve(
        ok("bithumb/v1_market_virtual_asset_warning_future.json"),
        ok("bithumb/public_ticker_status_error.json"),
    )
    .await;
    let http = http(&server, "bithumb");

    let answer = bithumb::fetch(&http, "bithumb").await.unwrap();

    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.ticker.is_none())
    );
    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.flags.is_some())
    );
    match answer.partial_failures.as_slice() {
        [
            SourceError::Api {
                endpoint, message, ..
            },
        ] => {
            assert_eq!(*endpoint, format!("{}{TICKERS_PATH}", server.uri()));
            assert!(message.contains("5600"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
