//! CoinGecko through the real HTTP layer. Bodies: `coins_list_include_platform.json`,
//! `coins_markets.json` and `coins_tickers.json` are real (CoinGecko.Net test fixtures); the
//! others are built in the shapes the official reference shows (docs.coingecko.com: "Coin
//! Historical Chart Data by ID" for `market_chart`, with the Demo plan's 365-day limit and its
//! error 10012 as reported in Electron-Cash/Electron-Cash#2825; `exchange_rates` as public
//! clients' fixtures show it).

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use listingcheck::amount::Amount;
use listingcheck::snapshot::{Aggregator, AggregatorQuote};
use listingcheck::source::SourceError;
use listingcheck::source::coingecko::{self, FirstTrade};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::source_harness::harness;
use crate::support::{fixture, fixture_json, received};

const API: &str = "/api/v3";

async fn server() -> MockServer {
    MockServer::start().await
}

fn base(server: &MockServer) -> String {
    format!("{}{API}", server.uri())
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

#[tokio::test]
async fn coin_list_reads_ids_symbols_names_and_contracts_per_platform() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(format!("{API}/coins/list")))
        .and(query_param("include_platform", "true"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coingecko/coins_list_include_platform.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let list = coingecko::coin_list(&harness.http).await.unwrap();

    assert_eq!(list.value.len(), 2);
    let zus = &list.value[0];
    assert_eq!(
        (zus.id.as_str(), zus.symbol.as_str(), zus.name.as_str()),
        ("0chain", "zcn", "Zus")
    );
    assert_eq!(
        zus.platforms.get("ethereum").map(String::as_str),
        Some("0xb9ef770b6a5e12e45983c5d80545258aa38f3b78")
    );
    assert_eq!(
        zus.platforms.get("polygon-pos").map(String::as_str),
        Some("0x8bb30e0e67b11b978a5040144c410e1ccddcba30")
    );
    assert!(list.value[1].platforms.is_empty());
    let request = &harness.http.requests()[list.req as usize];
    assert_eq!(request.source, "coingecko");
    assert_eq!(
        request.endpoint,
        format!("{}/coins/list?include_platform=true", base(&server))
    );
}

#[tokio::test]
async fn coin_list_drops_empty_and_null_platform_addresses_and_empty_platform_keys() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/list")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coingecko/coins_list_platform_quirks.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let list = coingecko::coin_list(&harness.http).await.unwrap();

    let wemix = &list.value[0];
    assert_eq!(
        wemix.platforms.keys().collect::<Vec<_>>(),
        ["klay-token"],
        "\"\" and null addresses and the \"\" platform are not addresses"
    );
    assert!(list.value[1].platforms.is_empty());
}

#[tokio::test]
async fn markets_gives_exact_supplies_price_and_market_cap_with_provenance() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/markets")))
        .and(query_param("vs_currency", "usd"))
        .and(query_param("ids", "bitcoin"))
        .and(query_param("per_page", "250"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/coins_markets.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let outcome = coingecko::markets(&harness.http, &["bitcoin".to_owned()]).await;

    assert_eq!(outcome.failures, []);
    assert!(outcome.missing.is_empty());
    let quote = &outcome.items[0];
    assert_eq!(
        quote,
        &AggregatorQuote {
            source: Aggregator::Coingecko,
            id: "bitcoin".into(),
            circulating_supply: Some(amount("19675987")),
            total_supply: Some(amount("21000000")),
            max_supply: Some(amount("21000000")),
            self_reported_circulating_supply: None,
            price_usd: Some(70187.0),
            market_cap_usd: Some(1_381_651_251_183.0),
            volume_24h_usd: Some(20_154_184_933.0),
            req: quote.req,
        }
    );
    let request = &harness.http.requests()[quote.req as usize];
    assert_eq!(
        request.endpoint,
        format!(
            "{}/coins/markets?vs_currency=usd&ids=bitcoin&per_page=250",
            base(&server)
        )
    );
}

#[tokio::test]
async fn markets_keeps_null_supplies_as_absent_and_parses_exponent_floats_exactly() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/markets")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coingecko/coins_markets_quirks.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let ids = ["wemix-token", "shiba-inu", "no-supply-coin"].map(String::from);

    let outcome = coingecko::markets(&harness.http, &ids).await;

    assert_eq!(outcome.failures, []);
    let [wemix, shib, none] = &outcome.items[..] else {
        panic!("three quotes: {:?}", outcome.items);
    };
    assert_eq!(
        wemix.circulating_supply,
        Some(amount("318421502")),
        "318421502.0"
    );
    assert_eq!(wemix.total_supply, Some(amount("980000000")), "9.8e+8");
    assert_eq!(wemix.max_supply, None);
    assert_eq!(
        shib.circulating_supply.map(|a| a.to_string()),
        Some("589264883286605.8".to_owned())
    );
    assert_eq!(
        shib.total_supply.map(|a| a.to_string()),
        Some("1500000000000000000000".to_owned()),
        "1.5e+21, which f64 prints as 1500000000000000000000 only by luck"
    );
    assert_eq!(shib.price_usd, Some(2.736e-5));
    assert_eq!(
        (none.circulating_supply, none.total_supply, none.max_supply),
        (None, None, None)
    );
    assert_eq!((none.price_usd, none.market_cap_usd), (None, None));
}

#[tokio::test]
async fn markets_of_251_ids_makes_exactly_two_requests_of_250_and_1() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/markets")))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .expect(2)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let ids: Vec<String> = (0..251).map(|n| format!("coin-{n}")).collect();

    let outcome = coingecko::markets(&harness.http, &ids).await;

    let mut sizes: Vec<usize> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let (_, ids) = request
                .url
                .query_pairs()
                .find(|(key, _)| key == "ids")
                .unwrap();
            ids.split(',').count()
        })
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 250]);
    assert_eq!(outcome.missing, ids, "no answer listed them");
}

#[tokio::test]
async fn markets_reports_a_failed_batch_beside_the_batch_that_arrived() {
    let server = server().await;
    let ids: Vec<String> = (0..251).map(|n| format!("coin-{n}")).collect();
    Mock::given(path(format!("{API}/coins/markets")))
        .and(query_param("ids", "coin-250"))
        .respond_with(ResponseTemplate::new(404).set_body_string("not found"))
        .mount(&server)
        .await;
    let mut first = fixture_json("coingecko/coins_markets.json");
    first[0]["id"] = json!("coin-0");
    Mock::given(path(format!("{API}/coins/markets")))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let outcome = coingecko::markets(&harness.http, &ids).await;

    assert_eq!(outcome.items.len(), 1);
    assert_eq!(outcome.items[0].id, "coin-0");
    assert_eq!(outcome.missing.len(), 249);
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].ids, ["coin-250"]);
    assert!(
        matches!(
            outcome.failures[0].error,
            SourceError::Http { status: 404, .. }
        ),
        "{:?}",
        outcome.failures[0].error
    );
}

#[tokio::test]
async fn markets_reports_a_negative_supply_for_that_coin_only() {
    let server = server().await;
    let mut rows = fixture_json("coingecko/coins_markets_quirks.json");
    rows[1]["circulating_supply"] = json!(-5);
    Mock::given(path(format!("{API}/coins/markets")))
        .respond_with(ResponseTemplate::new(200).set_body_json(rows))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let ids = ["wemix-token", "shiba-inu", "no-supply-coin"].map(String::from);

    let outcome = coingecko::markets(&harness.http, &ids).await;

    assert_eq!(outcome.items.len(), 2);
    assert_eq!(outcome.failures[0].ids, ["shiba-inu"]);
    let message = outcome.failures[0].error.to_string();
    assert!(
        message.contains("`circulating_supply` of `shiba-inu`"),
        "{message}"
    );
    assert!(message.contains("negative"), "{message}");
}

/// A tickers page with `count` tickers on exchanges `prefix-0…`, from the real ticker's shape.
fn tickers_page(prefix: &str, count: usize) -> Value {
    let mut page = fixture_json("coingecko/coins_tickers.json");
    let ticker = page["tickers"][0].clone();
    page["tickers"] = (0..count)
        .map(|n| {
            let mut ticker = ticker.clone();
            ticker["market"]["identifier"] = json!(format!("{prefix}-{n}"));
            ticker
        })
        .collect();
    page
}

#[tokio::test]
async fn exchanges_trading_reads_the_exchange_identifiers_of_the_tickers() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .and(query_param("page", "1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/coins_tickers.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let exchanges = coingecko::exchanges_trading(&harness.http, "bitcoin")
        .await
        .unwrap();

    assert_eq!(exchanges.value, ["binance"]);
    assert_eq!(
        harness.http.requests()[exchanges.req as usize].endpoint,
        format!("{}/coins/bitcoin/tickers?page=1", base(&server))
    );
}

#[tokio::test]
async fn exchanges_trading_follows_pages_until_a_short_one_and_skips_stale_markets() {
    let server = server().await;
    let mut first = tickers_page("cex", 100);
    first["tickers"][0]["market"]["identifier"] = json!("upbit");
    first["tickers"][1]["market"]["identifier"] = json!("upbit");
    first["tickers"][2]["is_stale"] = json!(true);
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tickers_page("dex", 3)))
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let exchanges = coingecko::exchanges_trading(&harness.http, "bitcoin")
        .await
        .unwrap();

    assert_eq!(
        exchanges.value.len(),
        1 + 97 + 3,
        "upbit once, cex-2 stale, cex-3..99, dex-0..2"
    );
    assert!(exchanges.value.contains(&"upbit".to_owned()));
    assert!(!exchanges.value.contains(&"cex-2".to_owned()));
    assert!(exchanges.value.contains(&"dex-2".to_owned()));
}

#[tokio::test]
async fn exchanges_trading_cites_its_oldest_page_when_pages_come_from_different_runs() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tickers_page("cex", 100)))
        .mount(&server)
        .await;
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tickers_page("dex", 3)))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    coingecko::exchanges_trading(&harness.http, "bitcoin")
        .await
        .unwrap();
    harness.forget_cached("page=1");

    let next_run = harness.rerun();
    let exchanges = coingecko::exchanges_trading(&next_run, "bitcoin")
        .await
        .unwrap();

    let requests = next_run.requests();
    let cited = &requests[exchanges.req as usize];
    assert!(cited.endpoint.ends_with("page=2"), "{}", cited.endpoint);
    assert!(cited.cache_age_secs.is_some(), "{cited:?}");
    assert_eq!(requests.len(), 2, "page 1 fresh, page 2 from the cache");
}

/// A market chart whose points are shifted so that the first lies at `first`.
fn chart_starting_at(first: Timestamp) -> Value {
    let mut chart = fixture_json("coingecko/coins_bitcoin_market_chart.json");
    let origin = chart["prices"][0][0].as_i64().unwrap();
    let shift = first.as_millisecond() - origin;
    for series in ["prices", "market_caps", "total_volumes"] {
        for point in chart[series].as_array_mut().unwrap() {
            point[0] = json!(point[0].as_i64().unwrap() + shift);
        }
    }
    chart
}

#[tokio::test]
async fn first_trade_on_the_pro_plan_is_the_first_day_of_the_full_history_in_kst() {
    let server = server().await;
    Mock::given(path("/pro-api/api/v3/coins/bitcoin/market_chart"))
        .and(query_param("vs_currency", "usd"))
        .and(query_param("days", "max"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coingecko/coins_bitcoin_market_chart.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", format!("{}/pro-api/api/v3", server.uri()))]);

    let first = coingecko::market_chart(&harness.http, "bitcoin")
        .await
        .unwrap()
        .first_trade
        .unwrap();

    // 1711843200000 is 2024-03-31T00:00Z, 09:00 the same day in Seoul.
    let FirstTrade::On(day) = first else {
        panic!("the full history gives the day itself: {first:?}");
    };
    assert_eq!(day.value, date(2024, 3, 31));
    assert!(
        harness.http.requests()[day.req as usize]
            .endpoint
            .ends_with("/coins/bitcoin/market_chart?vs_currency=usd&days=max")
    );
}

#[tokio::test]
async fn the_market_chart_gives_each_korean_date_its_market_cap_and_volume() {
    let server = server().await;
    let mut chart = fixture_json("coingecko/coins_bitcoin_market_chart.json");
    // A day CoinGecko knew no circulating supply for: market cap 0, which is no market cap.
    chart["market_caps"][1][1] = json!(0.0);
    Mock::given(path("/pro-api/api/v3/coins/bitcoin/market_chart"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", format!("{}/pro-api/api/v3", server.uri()))]);

    let days = coingecko::market_chart(&harness.http, "bitcoin")
        .await
        .unwrap()
        .days;

    // 2024-03-31T00:00Z is 09:00 in Seoul; 2024-04-01T15:01Z is already 2024-04-02 there.
    let got: Vec<_> = days
        .days
        .iter()
        .map(|day| (day.date, day.market_cap_usd, day.volume_usd))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                date(2024, 3, 31),
                1_370_247_487_960.09,
                16_408_802_301.837_4
            ),
            (date(2024, 4, 2), 1_355_701_979_725.16, 30_137_418_199.643_1),
        ]
    );
    assert!(
        harness.http.requests()[days.req as usize]
            .endpoint
            .contains("/coins/bitcoin/market_chart?")
    );
}

#[tokio::test]
async fn first_trade_on_the_demo_plan_asks_365_days_and_a_history_cut_by_them_is_on_or_before() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/bitcoin/market_chart")))
        .and(query_param("days", "max"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string(fixture("coingecko/market_chart_demo_refused.json")),
        )
        .expect(0)
        .mount(&server)
        .await;
    let window_start = Timestamp::now() - SignedDuration::from_hours(24 * 365);
    Mock::given(path(format!("{API}/coins/bitcoin/market_chart")))
        .and(query_param("days", "365"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart_starting_at(window_start)))
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let first = coingecko::market_chart(&harness.http, "bitcoin")
        .await
        .unwrap()
        .first_trade
        .unwrap();

    assert_eq!(
        first,
        FirstTrade::OnOrBefore(listingcheck::snapshot::Observed {
            value: listingcheck::kst::date_of(window_start),
            req: first.date().req,
        })
    );
}

#[tokio::test]
async fn first_trade_on_the_demo_plan_of_a_coin_younger_than_the_window_is_its_first_day() {
    let server = server().await;
    let listed = Timestamp::now() - SignedDuration::from_hours(24 * 40);
    Mock::given(path(format!("{API}/coins/newcoin/market_chart")))
        .and(query_param("days", "365"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart_starting_at(listed)))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let first = coingecko::market_chart(&harness.http, "newcoin")
        .await
        .unwrap()
        .first_trade
        .unwrap();

    assert!(matches!(first, FirstTrade::On(_)), "{first:?}");
    assert_eq!(first.date().value, listingcheck::kst::date_of(listed));
}

#[tokio::test]
async fn first_trade_of_a_coin_without_prices_is_none() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/ghost/market_chart")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"prices": [], "market_caps": [], "total_volumes": []})),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    assert_eq!(
        coingecko::market_chart(&harness.http, "ghost")
            .await
            .unwrap()
            .first_trade,
        None
    );
}

#[tokio::test]
#[allow(
    clippy::float_cmp,
    reason = "the rate is exactly this quotient, computed once"
)]
async fn usd_krw_is_the_ratio_of_the_won_and_dollar_rates_per_bitcoin() {
    let server = server().await;
    Mock::given(path(format!("{API}/exchange_rates")))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/exchange_rates.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let rate = coingecko::usd_krw(&harness.http).await.unwrap();

    assert_eq!(rate.value, 94_172_424.0 / 69_486.5);
    assert!((rate.value - 1355.26).abs() < 0.01, "{}", rate.value);
    assert_eq!(
        harness.http.requests()[rate.req as usize].endpoint,
        format!("{}/exchange_rates", base(&server))
    );
}

#[tokio::test]
async fn usd_krw_without_a_won_rate_is_a_shape_error_naming_the_field() {
    let server = server().await;
    let mut rates = fixture_json("coingecko/exchange_rates.json");
    rates["rates"].as_object_mut().unwrap().remove("krw");
    Mock::given(path(format!("{API}/exchange_rates")))
        .respond_with(ResponseTemplate::new(200).set_body_json(rates))
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);

    let error = coingecko::usd_krw(&harness.http).await.unwrap_err();

    assert!(error.to_string().contains("`rates.krw.value`"), "{error}");
}

#[tokio::test]
async fn a_second_coin_list_within_its_max_age_makes_no_request() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/list")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(fixture("coingecko/coins_list_include_platform.json")),
        )
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let first = coingecko::coin_list(&harness.http).await.unwrap();

    let next_run = harness.rerun();
    let second = coingecko::coin_list(&next_run).await.unwrap();

    assert_eq!(received(&server).await, 1);
    assert_eq!(second.value, first.value);
    let fresh = &harness.http.requests()[first.req as usize];
    let cached = &next_run.requests()[second.req as usize];
    assert_eq!(fresh.cache_age_secs, None);
    assert!(cached.cache_age_secs.is_some(), "{cached:?}");
    assert_eq!(
        cached.fetched_at, fresh.fetched_at,
        "the time it was really fetched"
    );
}

#[tokio::test]
async fn exchange_lists_and_first_trades_come_from_the_cache_on_the_next_run() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/bitcoin/tickers")))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/coins_tickers.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let listed = Timestamp::now() - SignedDuration::from_hours(24 * 40);
    Mock::given(path(format!("{API}/coins/bitcoin/market_chart")))
        .respond_with(ResponseTemplate::new(200).set_body_json(chart_starting_at(listed)))
        .expect(1)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let exchanges = coingecko::exchanges_trading(&harness.http, "bitcoin")
        .await
        .unwrap();
    let first = coingecko::market_chart(&harness.http, "bitcoin")
        .await
        .unwrap()
        .first_trade;

    let next_run = harness.rerun();

    assert_eq!(
        coingecko::exchanges_trading(&next_run, "bitcoin")
            .await
            .unwrap()
            .value,
        exchanges.value
    );
    assert_eq!(
        coingecko::market_chart(&next_run, "bitcoin")
            .await
            .unwrap()
            .first_trade
            .map(|f| f.date().value),
        first.map(|f| f.date().value)
    );
    assert!(
        next_run
            .requests()
            .iter()
            .all(|r| r.cache_age_secs.is_some())
    );
}

#[tokio::test]
async fn markets_are_never_cached_so_every_run_sees_live_supplies() {
    let server = server().await;
    Mock::given(path(format!("{API}/coins/markets")))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(fixture("coingecko/coins_markets.json")),
        )
        .expect(2)
        .mount(&server)
        .await;
    let harness = harness(&[("coingecko", base(&server))]);
    let ids = ["bitcoin".to_owned()];

    coingecko::markets(&harness.http, &ids).await;
    coingecko::markets(&harness.rerun(), &ids).await;

    assert_eq!(received(&server).await, 2);
}
