//! Korbit. Shapes confirmed in Korbit's Open API v2 reference as transcribed from its published
//! agent documentation (docs.korbit.co.kr/llms-full.txt, in api-evangelist/korbit
//! `openapi/korbit-quotation-api-openapi.yml` and `openapi/korbit-other-api-openapi.yml`):
//! `/v2/currencyPairs` answers `{"success":true,"data":[{"symbol":"btc_krw","status":"launched"|
//! "stopped"}]}`, `/v2/tickers` answers `data[]` with every number a string, `/v2/marketAlerts`
//! lists only pairs with active alerts (`data[].symbol`, `data[].alerts[].type`), and
//! `/v2/currencies` names each coin (`name` the lower-case symbol, `fullName`); the bodies here are
//! its examples (the alert list with an ended alert added, and its running alert's `endAt` moved to
//! 2100). The error body `{"success":false,"error":{"code":400,"message":"BAD_REQUEST"}}`
//! is the one recorded by a live probe (nemanull/arbitrage-observatory
//! `docs/profiles/digital-x/rest.md`), which also saw `/v2/marketAlerts` answer in this shape.

use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{Flags, Observed};
use listingcheck::source::SourceError;
use listingcheck::source::exchanges::korbit::{self, ALERTS_PATH, PAIRS_PATH, TICKERS_PATH};
use wiremock::MockServer;

use crate::support::exchange_mocks::{
    assert_close, endpoint, http, listed, mount_normal, mount_normal_except, symbols,
};
use crate::support::{fixture, get, json};

#[tokio::test]
async fn korbit_lists_launched_krw_pairs_with_tickers_names_and_caution_flags() {
    let server = MockServer::start().await;
    mount_normal(&server, "korbit").await;
    let http = http(&server, "korbit");

    let answer = korbit::fetch(&http, "korbit").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Korbit);
    assert_eq!(symbols(&answer), ["BTC", "ETH"], "xrp_krw is stopped");
    assert!(answer.partial_failures.is_empty());

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "btc_krw");
    assert_eq!(btc.english_name.as_deref(), Some("Bitcoin"));
    assert_eq!(
        endpoint(&http, btc.listing.req),
        format!("{}{PAIRS_PATH}", server.uri())
    );
    let ticker = btc.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 77_136_000.0);
    assert_eq!(ticker.volume_24h, 3_785_149_733.326_33);
    assert_close(ticker.change_24h.unwrap(), 0.001);
    assert_eq!(
        endpoint(&http, ticker.req),
        format!("{}{TICKERS_PATH}", server.uri())
    );

    let eth = listed(&answer, "ETH").listing.ticker.as_ref().unwrap();
    assert_eq!(eth.price, 3_250_000.0);
    assert_eq!(eth.volume_24h, 532_827_941.015_81);
    assert_close(eth.change_24h.unwrap(), -0.0028);
}

/// The fixture's `btc_krw` has a running `price` alert, a `concentration` alert that ended in
/// 2023 and the order-price limit `limit_buy_range`: only the first is a caution.
#[tokio::test]
async fn korbit_alerts_are_caution_flags_and_korbit_says_nothing_of_the_warning() {
    let server = MockServer::start().await;
    mount_normal(&server, "korbit").await;
    let http = http(&server, "korbit");

    let answer = korbit::fetch(&http, "korbit").await.unwrap();

    let btc = listed(&answer, "BTC").listing.flags.clone().unwrap();
    let alerts = btc.cautions.as_ref().unwrap().req;
    assert_eq!(
        btc,
        Flags {
            warning: None,
            cautions: Some(Observed {
                value: vec!["price".to_owned()],
                req: alerts,
            }),
        }
    );
    assert_eq!(
        endpoint(&http, alerts),
        format!("{}{ALERTS_PATH}", server.uri())
    );
    let eth = listed(&answer, "ETH").listing.flags.clone().unwrap();
    assert_eq!(
        eth.cautions.unwrap().value,
        Vec::<String>::new(),
        "a pair absent from the alert list has no caution"
    );
}

#[tokio::test]
async fn a_failed_korbit_alert_request_leaves_the_flags_unknown_and_is_reported() {
    let server = MockServer::start().await;
    mount_normal_except(&server, "korbit", &[ALERTS_PATH]).await;
    get(ALERTS_PATH)
        .respond_with(json(404, "{}"))
        .mount(&server)
        .await;
    let http = http(&server, "korbit");

    let answer = korbit::fetch(&http, "korbit").await.unwrap();

    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.flags.is_none())
    );
    assert!(
        matches!(
            answer.partial_failures.as_slice(),
            [SourceError::Http { status: 404, .. }]
        ),
        "{:?}",
        answer.partial_failures
    );
}

#[tokio::test]
async fn korbit_success_false_in_http_200_is_an_api_error() {
    let server = MockServer::start().await;
    mount_normal_except(&server, "korbit", &[PAIRS_PATH]).await;
    get(PAIRS_PATH)
        .respond_with(json(200, &fixture("korbit/error_in_200.json")))
        .mount(&server)
        .await;
    let http = http(&server, "korbit");

    let error = korbit::fetch(&http, "korbit").await.unwrap_err();

    match error {
        SourceError::Api {
            source_name,
            endpoint,
            message,
        } => {
            assert_eq!(source_name, "korbit");
            assert_eq!(endpoint, format!("{}{PAIRS_PATH}", server.uri()));
            assert!(message.contains("BAD_REQUEST"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
