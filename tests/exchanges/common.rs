//! Behaviour every exchange source shares, checked against each of the five.

use listingcheck::source::SourceError;
use wiremock::MockServer;

use crate::support::exchange_mocks::{
    EXCHANGES, endpoint, fetch, http, market_list_path, mount_normal, mount_normal_except,
    normal_answers,
};
use crate::support::{get, json};

/// The request of an exchange other than its market list that carries the tickers.
fn tickers_path(exchange: &str) -> &'static str {
    normal_answers(exchange)
        .into_iter()
        .map(|(request, _)| request)
        .find(|request| request.contains("ticker"))
        .expect("every exchange has a ticker request")
}

#[tokio::test]
async fn a_failed_ticker_request_keeps_the_listings_without_tickers_and_reports_it() {
    for exchange in EXCHANGES {
        let server = MockServer::start().await;
        let tickers = tickers_path(exchange);
        mount_normal_except(&server, exchange, &[tickers]).await;
        get(tickers)
            .respond_with(json(404, "{}"))
            .mount(&server)
            .await;
        let http = http(&server, exchange);

        let answer = fetch(exchange, &http).await.unwrap();

        assert!(!answer.listings.is_empty(), "{exchange}");
        assert!(
            answer
                .listings
                .iter()
                .all(|asset| asset.listing.ticker.is_none()),
            "{exchange}: {:?}",
            answer.listings
        );
        match answer.partial_failures.as_slice() {
            [
                SourceError::Http {
                    status, endpoint, ..
                },
            ] => {
                assert_eq!(*status, 404, "{exchange}");
                assert_eq!(
                    *endpoint,
                    format!("{}{tickers}", server.uri()),
                    "{exchange}"
                );
            }
            other => panic!("{exchange}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_failed_market_list_is_the_error_of_the_whole_exchange() {
    for exchange in EXCHANGES {
        let server = MockServer::start().await;
        let markets = market_list_path(exchange);
        mount_normal_except(&server, exchange, &[markets]).await;
        get(markets)
            .respond_with(json(404, "{}"))
            .mount(&server)
            .await;
        let http = http(&server, exchange);

        let error = fetch(exchange, &http).await.unwrap_err();

        assert!(
            matches!(&error, SourceError::Http { status: 404, .. }),
            "{exchange}: {error:?}"
        );
    }
}

#[tokio::test]
async fn every_listing_cites_the_market_list_request_and_is_sorted_by_symbol() {
    for exchange in EXCHANGES {
        let server = MockServer::start().await;
        mount_normal(&server, exchange).await;
        let http = http(&server, exchange);

        let answer = fetch(exchange, &http).await.unwrap();

        let list = format!("{}{}", server.uri(), market_list_path(exchange));
        assert_eq!(endpoint(&http, answer.market_list_req), list, "{exchange}");
        for asset in &answer.listings {
            assert_eq!(asset.listing.req, answer.market_list_req, "{exchange}");
            assert_eq!(asset.listing.quote, "KRW", "{exchange}");
            assert_eq!(asset.listing.exchange.as_str(), exchange);
        }
        let mut sorted = answer.listings.clone();
        sorted.sort_by(|a, b| a.symbol.cmp(&b.symbol));
        assert_eq!(sorted, answer.listings, "{exchange}");
        assert!(
            answer.partial_failures.is_empty(),
            "{exchange}: {:?}",
            answer.partial_failures
        );
    }
}
