//! CoinMarketCap through the real HTTP layer. No real body was recorded, so the fixtures are
//! built in the shape confirmed from CoinMarketCap's own API reference ("Quotes Latest v2":
//! `status.error_code`, `data` keyed by id, `quote.USD.price|market_cap`, an array per key when
//! asked by symbol) and public clients' fixtures and types (`self_reported_circulating_supply`,
//! `tvl_ratio`, `infinite_supply` in v2 entries).

use listingcheck::amount::Amount;
use listingcheck::snapshot::{Aggregator, AggregatorQuote};
use listingcheck::source::SourceError;
use listingcheck::source::coinmarketcap;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::fixture;
use crate::support::source_harness::harness;

const QUOTES: &str = "/v2/cryptocurrency/quotes/latest";

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

#[tokio::test]
async fn quotes_give_all_four_supplies_price_and_market_cap_with_provenance() {
    let server = MockServer::start().await;
    Mock::given(path(QUOTES))
        .and(query_param("id", "1,2"))
        .and(query_param("skip_invalid", "true"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coinmarketcap/quotes_latest_v2.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coinmarketcap", server.uri())]);

    let outcome = coinmarketcap::quotes(&harness.http, &[1, 2]).await;

    assert_eq!(outcome.failures, []);
    let [bitcoin, litecoin] = &outcome.items[..] else {
        panic!("two quotes: {:?}", outcome.items);
    };
    assert_eq!(
        bitcoin,
        &AggregatorQuote {
            source: Aggregator::Coinmarketcap,
            id: "1".into(),
            circulating_supply: Some(amount("19675987")),
            total_supply: Some(amount("19675987")),
            max_supply: Some(amount("21000000")),
            self_reported_circulating_supply: None,
            price_usd: Some(69_486.503_123_45),
            market_cap_usd: Some(1_367_214_016_823.43),
            volume_24h_usd: Some(20_154_184_933.77),
            req: bitcoin.req,
        }
    );
    assert_eq!(
        litecoin.circulating_supply.map(|a| a.to_string()),
        Some("74522347.4834713".to_owned())
    );
    assert_eq!(
        litecoin.self_reported_circulating_supply,
        Some(amount("74500000")),
        "7.45e+7, exactly"
    );
    let request = &harness.http.requests()[bitcoin.req as usize];
    assert_eq!(request.source, "coinmarketcap");
    assert_eq!(
        request.endpoint,
        format!("{}{QUOTES}?id=1,2&skip_invalid=true", server.uri())
    );
}

#[tokio::test]
async fn quotes_read_an_entry_wrapped_in_an_array_with_null_supplies_and_price() {
    let server = MockServer::start().await;
    Mock::given(path(QUOTES))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coinmarketcap/quotes_latest_v2_nulls.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coinmarketcap", server.uri())]);

    let outcome = coinmarketcap::quotes(&harness.http, &[7548]).await;

    let quote = &outcome.items[0];
    assert_eq!(quote.id, "7548");
    assert_eq!(quote.circulating_supply, Some(Amount::ZERO));
    assert_eq!(quote.total_supply, Some(amount("1500000000000000000000")));
    assert_eq!(
        (quote.max_supply, quote.self_reported_circulating_supply),
        (None, None)
    );
    assert_eq!((quote.price_usd, quote.market_cap_usd), (None, None));
}

#[tokio::test]
async fn quotes_with_a_nonzero_error_code_in_http_200_fail_their_batch() {
    let server = MockServer::start().await;
    Mock::given(path(QUOTES))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coinmarketcap/quotes_latest_v2_error_in_200.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coinmarketcap", server.uri())]);

    let outcome = coinmarketcap::quotes(&harness.http, &[1, 2]).await;

    assert!(outcome.items.is_empty());
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].ids, ["1", "2"]);
    let SourceError::Api { message, .. } = &outcome.failures[0].error else {
        panic!("an API error: {:?}", outcome.failures[0].error);
    };
    assert!(message.contains("1006"), "{message}");
    assert!(message.contains("subscription plan"), "{message}");
}

#[tokio::test]
async fn quotes_list_ids_the_answer_skipped_as_missing() {
    let server = MockServer::start().await;
    Mock::given(path(QUOTES))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coinmarketcap/quotes_latest_v2.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coinmarketcap", server.uri())]);

    let outcome = coinmarketcap::quotes(&harness.http, &[1, 2, 999_999]).await;

    assert_eq!(outcome.items.len(), 2);
    assert_eq!(outcome.missing, ["999999"]);
}

#[tokio::test]
async fn quotes_of_101_ids_make_two_requests_of_100_and_1() {
    let server = MockServer::start().await;
    Mock::given(path(QUOTES))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"status":{"timestamp":"2024-04-07T16:49:31.736Z","error_code":0,"error_message":null,"elapsed":1,"credit_count":1,"notice":null},"data":{}}"#,
        ))
        .expect(2)
        .mount(&server)
        .await;
    let harness = harness(&[("coinmarketcap", server.uri())]);
    let ids: Vec<u32> = (1..=101).collect();

    let outcome = coinmarketcap::quotes(&harness.http, &ids).await;

    assert_eq!(outcome.missing.len(), 101);
    let mut sizes: Vec<usize> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let (_, ids) = request.url.query_pairs().find(|(k, _)| k == "id").unwrap();
            ids.split(',').count()
        })
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 100]);
}
