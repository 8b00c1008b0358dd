//! Coinone. Shapes confirmed in the ccxt Coinone client (`ts/src/coinone.ts`), which quotes
//! Coinone's answers: `/public/v2/markets/KRW` (`result`, `error_code`, `server_time`,
//! `markets[]` with `quote_currency`, `target_currency`, units, `maintenance_status`,
//! `trade_status`, `order_types`) and `/public/v2/ticker_new/KRW` (lower-case currencies, every
//! number a string, `best_asks`/`best_bids` arrays that may be empty), and in Coinone's API
//! reference (docs.coinone.co.kr, "개별 티커 정보 조회": `first` is the price 24 hours ago,
//! `quote_volume` the KRW traded over 24 hours; errors `{"result":"error","error_code":…}`).

use listingcheck::exchange::Exchange;
use listingcheck::source::SourceError;
use listingcheck::source::exchanges::coinone::{self, MARKETS_PATH, TICKERS_PATH};
use wiremock::MockServer;

use crate::support::exchange_mocks::{assert_close, endpoint, http, listed, symbols};
use crate::support::{fixture, get, json, ok};

#[tokio::test]
async fn coinone_lists_krw_markets_with_tickers_and_no_flags() {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(ok("coinone/markets_krw.json"))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(ok("coinone/ticker_new_krw.json"))
        .mount(&server)
        .await;
    let http = http(&server, "coinone");

    let answer = coinone::fetch(&http, "coinone").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Coinone);
    assert_eq!(symbols(&answer), ["BTC", "STG", "XRP"]);
    assert!(answer.partial_failures.is_empty());
    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.flags.is_none()),
        "Coinone publishes no flags: unknown, not \"no warning\""
    );

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "KRW/BTC");
    // Recorded as Coinone writes them, each citing the market list; no meaning read into them.
    let status: Vec<(&str, &str, u32)> = btc
        .listing
        .status
        .iter()
        .map(|status| (status.field.as_str(), status.value.as_str(), status.req))
        .collect();
    assert_eq!(
        status,
        [
            ("trade_status", "1", btc.listing.req),
            ("maintenance_status", "0", btc.listing.req)
        ]
    );
    assert_eq!(
        endpoint(&http, btc.listing.req),
        format!("{}{MARKETS_PATH}", server.uri())
    );
    let ticker = btc.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 50_062_000.0);
    assert_eq!(ticker.volume_24h, 11_349_804_285.385_9);
    assert_close(
        ticker.change_24h.unwrap(),
        50_062_000.0 / 50_487_000.0 - 1.0,
    );
    assert_eq!(
        endpoint(&http, ticker.req),
        format!("{}{TICKERS_PATH}", server.uri())
    );

    let stg = listed(&answer, "STG").listing.ticker.as_ref().unwrap();
    assert_eq!(stg.price, 667.5);
    assert_eq!(stg.volume_24h, 0.0);
    assert_eq!(
        stg.change_24h, None,
        "no price 24 hours ago (first = 0) gives no change"
    );

    assert_eq!(
        listed(&answer, "XRP").listing.ticker,
        None,
        "XRP has no ticker row"
    );
}

#[tokio::test]
async fn coinone_result_error_in_http_200_is_an_api_error() {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(json(200, &fixture("coinone/error_in_200.json")))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(ok("coinone/ticker_new_krw.json"))
        .mount(&server)
        .await;
    let http = http(&server, "coinone");

    let error = coinone::fetch(&http, "coinone").await.unwrap_err();

    match error {
        SourceError::Api {
            source_name,
            endpoint,
            message,
        } => {
            assert_eq!(source_name, "coinone");
            assert_eq!(endpoint, format!("{}{MARKETS_PATH}", server.uri()));
            assert!(message.contains("107"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn coinone_ticker_error_in_http_200_keeps_the_listings_and_reports_it() {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(ok("coinone/markets_krw.json"))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(json(200, &fixture("coinone/error_in_200.json")))
        .mount(&server)
        .await;
    let http = http(&server, "coinone");

    let answer = coinone::fetch(&http, "coinone").await.unwrap();

    assert_eq!(symbols(&answer), ["BTC", "STG", "XRP"]);
    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.ticker.is_none())
    );
    assert!(matches!(
        answer.partial_failures.as_slice(),
        [SourceError::Api { .. }]
    ));
}
