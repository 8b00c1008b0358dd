//! GOPAX. Shapes confirmed in GOPAX's REST API documentation (gopax.github.io/API; its sections
//! "거래쌍 목록 조회하기" for `/trading-pairs` and "모든 티커 조회하기" for `/tickers`, as mirrored
//! in public copies of the docs): `/trading-pairs` rows carry `name`, `baseAsset`, `quoteAsset`
//! and order limits; `/tickers` rows carry `tradingPairName`, `last`, `open` (first trade after
//! midnight KST), `quoteVolume` (KRW over 24 hours), numbers as JSON numbers. A live probe
//! (nemanull/arbitrage-observatory `docs/profiles/gopax/rest.md`) found `/tickers` also lists
//! delisted pairs with frozen figures, as `ZEC-KRW` here.

use listingcheck::exchange::Exchange;
use listingcheck::source::exchanges::gopax::{self, PAIRS_PATH, TICKERS_PATH};
use wiremock::MockServer;

use crate::support::{assert_close, endpoint, get, http, listed, ok, symbols};

#[tokio::test]
async fn gopax_lists_krw_pairs_with_tickers_from_the_bulk_ticker_and_no_flags() {
    let server = MockServer::start().await;
    get(PAIRS_PATH)
        .respond_with(ok("gopax/trading_pairs.json"))
        .mount(&server)
        .await;
    get(TICKERS_PATH)
        .respond_with(ok("gopax/tickers.json"))
        .mount(&server)
        .await;
    let http = http(&server, "gopax");

    let answer = gopax::fetch(&http, "gopax").await.unwrap();

    assert_eq!(answer.exchange, Exchange::Gopax);
    assert_eq!(
        symbols(&answer),
        ["BTC", "ETH"],
        "BTC-USDC is not a KRW pair; the delisted ZEC-KRW is only in /tickers"
    );
    assert!(answer.partial_failures.is_empty());
    assert!(
        answer
            .listings
            .iter()
            .all(|asset| asset.listing.flags.is_none())
    );

    let btc = listed(&answer, "BTC");
    assert_eq!(btc.listing.market, "BTC-KRW");
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
