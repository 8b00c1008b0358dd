//! GOPAX. Shapes confirmed in GOPAX's REST API documentation (gopax.github.io/API; its sections
//! "거래쌍 목록 조회하기" for `/trading-pairs`, "모든 티커 조회하기" for `/tickers`, "투자 유의
//! 정보 조회하기" for `/trading-pairs/cautions` and "자산 목록 조회하기" for `/assets`, as mirrored
//! in public copies of the docs): `/trading-pairs` rows carry `name`, `baseAsset`, `quoteAsset`
//! and order limits; `/tickers` rows carry `tradingPairName`, `last`, `open` (first trade after
//! midnight KST), `quoteVolume` (KRW over 24 hours), numbers as JSON numbers;
//! `/trading-pairs/cautions?showActive=true` rows carry `name`, `alertLevel` (0 normal, 1 주의,
//! 2 경고) and one `is…` boolean per alert kind; `/assets` rows carry `id`, the Korean `name` and
//! `englishName` (added 2022-02-07). A live probe (nemanull/arbitrage-observatory
//! `docs/profiles/gopax/rest.md`) found `/tickers` also lists delisted pairs with frozen figures,
//! as `ZEC-KRW` here, and `/trading-pairs/cautions?showActive=true` listing pairs at
//! `alertLevel` 2, as `ZIL-KRW` here (not listed in KRW in this fixture).

use listingcheck::exchange::Exchange;
use listingcheck::snapshot::{Flags, MarketStatus, Observed};
use listingcheck::source::exchanges::gopax::{self, CAUTIONS_PATH, PAIRS_PATH, TICKERS_PATH};
use wiremock::MockServer;

use crate::support::exchange_mocks::{assert_close, endpoint, http, listed, mount_normal, symbols};

#[tokio::test]
async fn gopax_lists_krw_pairs_with_tickers_from_the_bulk_ticker_and_names() {
    let server = MockServer::start().await;
    mount_normal(&server, "gopax").await;
    let http = http(&server, "gopax");

    let answer = gopax::fetch(&http, "gopax").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Gopax);
    assert_eq!(
        symbols(&answer),
        ["BTC", "ETH"],
        "BTC-USDC is not a KRW pair; the delisted ZEC-KRW is only in /tickers"
    );
    assert!(answer.partial_failures.is_empty());

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "BTC-KRW");
    assert_eq!(btc.korean_name.as_deref(), Some("비트코인"));
    assert_eq!(btc.english_name.as_deref(), Some("Bitcoin"));
    assert_eq!(
        endpoint(&http, btc.listing.req),
        format!("{}{PAIRS_PATH}", server.uri())
    );
    let ticker = btc.listing.ticker.as_ref().unwrap();
    assert_eq!(ticker.price, 115_730_000.0);
    assert_eq!(ticker.volume_24h, 1_869_237.0);
    assert_close(
        ticker.change_24h.unwrap(),
        115_730_000.0 / 116_000_000.0 - 1.0,
    );
    assert_eq!(
        endpoint(&http, ticker.req),
        format!("{}{TICKERS_PATH}", server.uri())
    );

    let eth = listed(&answer, "ETH").listing.ticker.as_ref().unwrap();
    assert_eq!(eth.price, 4_080_000.0);
    assert_eq!(eth.volume_24h, 5_101_632.5);
    assert_close(eth.change_24h.unwrap(), 0.02);
}

#[tokio::test]
async fn gopax_cautions_are_its_alert_kinds_and_gopax_says_nothing_of_the_warning() {
    let server = MockServer::start().await;
    mount_normal(&server, "gopax").await;
    let http = http(&server, "gopax");

    let answer = gopax::fetch(&http, "gopax").await.unwrap();

    let eth = listed(&answer, "ETH").listing.flags.clone().unwrap();
    let cautions = eth.cautions.as_ref().unwrap().req;
    assert_eq!(
        eth,
        Flags {
            warning: None,
            cautions: Some(Observed {
                value: vec!["PriceChange".to_owned(), "SoarTradingVolume".to_owned()],
                req: cautions,
            }),
        }
    );
    assert_eq!(
        endpoint(&http, cautions),
        format!("{}{CAUTIONS_PATH}", server.uri())
    );
    let btc = listed(&answer, "BTC").listing.flags.clone().unwrap();
    assert_eq!(
        btc.cautions.unwrap().value,
        Vec::<String>::new(),
        "a pair absent from the active cautions has none"
    );
}

#[tokio::test]
async fn gopax_records_each_cautioned_pairs_alert_level_as_written() {
    let server = MockServer::start().await;
    mount_normal(&server, "gopax").await;
    let http = http(&server, "gopax");

    let answer = gopax::fetch(&http, "gopax").await.unwrap();

    let eth = &listed(&answer, "ETH").listing;
    assert_eq!(
        eth.status,
        [MarketStatus {
            field: "alertLevel".to_owned(),
            value: "1".to_owned(),
            req: eth.flags.as_ref().unwrap().cautions.as_ref().unwrap().req,
        }]
    );
    assert_eq!(
        endpoint(&http, eth.status[0].req),
        format!("{}{CAUTIONS_PATH}", server.uri())
    );
    // GOPAX lists only the pairs under an alert: the others have no level to record.
    assert!(listed(&answer, "BTC").listing.status.is_empty());
}
