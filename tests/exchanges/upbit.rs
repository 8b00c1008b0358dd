//! Upbit. Bodies: `market_all_is_details.json` and `ticker_all_krw.json` are the real samples of
//! `/work/shared/api-samples/upbit` (Upbit.Net test fixtures, the ticker copied from Upbit's docs;
//! `/v1/ticker/all` answers rows of the same shape as `/v1/ticker`). `market_all_old_shape.json`
//! has the pre-2024-11-20 shape (`market_warning` NONE/CAUTION, as Bithumb's v1 still answers and
//! as client models of the time declare it). The caution and null variants change only values
//! of the real samples.

use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{Flags, Observed};
use listingcheck::source::SourceError;
use listingcheck::source::exchanges::upbit::{self, MARKETS_PATH, TICKERS_PATH};
use wiremock::MockServer;

use crate::support::exchange_mocks::{assert_close, endpoint, http, listed, symbols};
use crate::support::{get, json, ok};

async fn serve(markets: &str, tickers: &str) -> MockServer {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(ok(markets))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(ok(tickers))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn upbit_lists_krw_markets_with_tickers_and_market_event_flags() {
    let server = serve(
        "upbit/market_all_is_details.json",
        "upbit/ticker_all_krw.json",
    )
    .await;
    let http = http(&server, "upbit");

    let answer = upbit::fetch(&http, "upbit").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Upbit);
    assert_eq!(symbols(&answer), ["BTC", "ETH"]);
    assert!(answer.partial_failures.is_empty());

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "KRW-BTC");
    assert_eq!(
        btc.korean_name, None,
        "the sample's blank Korean name is no name"
    );
    assert_eq!(btc.english_name.as_deref(), Some("Bitcoin"));
    let ticker = btc.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 148_601_000.0);
    assert_eq!(ticker.volume_24h, 178_448_329_314.966_86);
    assert_eq!(ticker.change_24h, Some(-0.000_914_365_6));
    assert_eq!(
        endpoint(&http, ticker.req),
        format!("{}{TICKERS_PATH}", server.uri())
    );
    let list = btc.listing.req;
    assert_eq!(
        endpoint(&http, list),
        format!("{}{MARKETS_PATH}", server.uri())
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
                req: list
            }),
        })
    );

    let eth = listed(&answer, "ETH");
    let ticker = eth.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 3_510_000.0);
    assert_eq!(ticker.volume_24h, 111_690_309_851.793_62);
    assert_eq!(ticker.change_24h, Some(-0.001_990_332_7));
    assert!(
        eth.listing
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
async fn upbit_prices_as_decimal_strings_read_like_numbers() {
    // In the sample, BTC's prices are strings ("148601000.00000000") and ETH's are numbers.
    let server = serve(
        "upbit/market_all_is_details.json",
        "upbit/ticker_all_krw.json",
    )
    .await;
    let http = http(&server, "upbit");

    let answer = upbit::fetch(&http, "upbit").await.unwrap();

    let btc = listed(&answer, "BTC").listing.ticker.as_ref().unwrap();
    let eth = listed(&answer, "ETH").listing.ticker.as_ref().unwrap();
    assert_eq!(btc.price, 148_601_000.0);
    assert_eq!(eth.price, 3_510_000.0);
}

#[tokio::test]
async fn upbit_active_cautions_are_named_as_upbit_names_them() {
    let server = serve(
        "upbit/market_all_with_cautions.json",
        "upbit/ticker_all_krw.json",
    )
    .await;
    let http = http(&server, "upbit");

    let answer = upbit::fetch(&http, "upbit").await.unwrap();

    let xrp = listed(&answer, "XRP");
    let flags = xrp.listing.flags.as_ref().unwrap();
    assert!(!flags.warning.as_ref().unwrap().value);
    assert_eq!(
        flags.cautions.as_ref().unwrap().value,
        ["CONCENTRATION_OF_SMALL_ACCOUNTS", "PRICE_FLUCTUATIONS"]
    );
    assert_eq!(xrp.listing.ticker, None, "XRP is not in the ticker answer");
}

#[tokio::test]
async fn upbit_old_market_warning_caution_is_the_investment_warning() {
    let server = serve(
        "upbit/market_all_old_shape.json",
        "upbit/ticker_all_krw.json",
    )
    .await;
    let http = http(&server, "upbit");

    let answer = upbit::fetch(&http, "upbit").await.unwrap();

    assert_eq!(
        symbols(&answer),
        ["BTC", "ETH"],
        "BTC-ETH is not a KRW market"
    );
    let btc = listed(&answer, "BTC");
    assert_eq!(btc.korean_name.as_deref(), Some("비트코인"));
    let flags = |symbol| listed(&answer, symbol).listing.flags.clone().unwrap();
    assert!(!flags("BTC").warning.unwrap().value);
    let eth = flags("ETH").warning.unwrap();
    assert!(eth.value);
    assert_eq!(eth.req, btc.listing.req);
    assert_eq!(
        flags("ETH").cautions,
        None,
        "the old shape had no cautions: unknown, not none"
    );
}

#[tokio::test]
async fn upbit_null_ticker_fields_are_unknown_not_zero() {
    // BTC's change fields are null: a ticker without a change. ETH's trade value is null: no
    // ticker at all, since a turnover cannot be computed from it.
    let server = serve(
        "upbit/market_all_is_details.json",
        "upbit/ticker_all_krw_nulls.json",
    )
    .await;
    let http = http(&server, "upbit");

    let answer = upbit::fetch(&http, "upbit").await.unwrap();

    let btc = listed(&answer, "BTC").listing.ticker.as_ref().unwrap();
    assert_eq!(btc.price, 148_601_000.0);
    assert_close(btc.volume_24h, 178_448_329_314.966_86);
    assert_eq!(btc.change_24h, None);
    assert_eq!(listed(&answer, "ETH").listing.ticker, None);
    assert!(answer.partial_failures.is_empty());
}

#[tokio::test]
async fn upbit_error_object_is_an_api_error() {
    let server = MockServer::start().await;
    get(MARKETS_PATH)
        .respond_with(json(
            200,
            &crate::support::fixture("upbit/error_invalid_query.json"),
        ))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(ok("upbit/ticker_all_krw.json"))
        .mount(&server)
        .await;
    let http = http(&server, "upbit");

    let error = upbit::fetch(&http, "upbit").await.unwrap_err();

    match error {
        SourceError::Api {
            source_name,
            endpoint,
            message,
        } => {
            assert_eq!(source_name, "upbit");
            assert_eq!(endpoint, format!("{}{MARKETS_PATH}", server.uri()));
            assert!(message.contains("invalid_query_format"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
