//! One exchange on a mock server: an `Http` built from the default config with one source pointed
//! at a wiremock server, the normal answers of each exchange, and its source run by name.

use listingcheck::inputs::config::Config;
use listingcheck::source::exchanges::{self, ExchangeListings, ListedAsset};
use listingcheck::source::{Http, HttpOptions, SourceError};
use wiremock::MockServer;

use super::{get, ok};

/// The layer as a live run builds it, from the default config, with `source` pointed at `server`.
pub fn http(server: &MockServer, source: &str) -> Http {
    http_with(server, source, |_| {})
}

/// The same, after `adjust` has changed the config (a shorter timeout, say).
pub fn http_with(server: &MockServer, source: &str, adjust: impl FnOnce(&mut Config)) -> Http {
    let mut config = Config::default();
    config
        .sources
        .get_mut(source)
        .unwrap_or_else(|| panic!("no built-in source {source}"))
        .base_url = server.uri();
    adjust(&mut config);
    Http::new(&config, HttpOptions::default()).expect("the HTTP client builds")
}

/// The endpoint a `req` cites, as recorded in the provenance table.
pub fn endpoint(http: &Http, req: u32) -> String {
    http.requests()[req as usize].endpoint.clone()
}

/// The listing of `symbol`; panics naming the symbols there are.
pub fn listed<'a>(answer: &'a ExchangeListings, symbol: &str) -> &'a ListedAsset {
    answer
        .listings
        .iter()
        .find(|asset| asset.symbol == symbol)
        .unwrap_or_else(|| panic!("{symbol} is not among {:?}", symbols(answer)))
}

pub fn symbols(answer: &ExchangeListings) -> Vec<&str> {
    answer
        .listings
        .iter()
        .map(|asset| asset.symbol.as_str())
        .collect()
}

/// Equal up to floating-point rounding (a percent divided by 100, a ratio of two prices).
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= expected.abs() * 1e-12,
        "{actual} is not {expected}"
    );
}

/// The five exchanges by config name, so that one test can run against each.
pub const EXCHANGES: [&str; 5] = ["upbit", "bithumb", "coinone", "korbit", "gopax"];

/// The market-list request of an exchange, which decides whether it answered at all.
pub fn market_list_path(exchange: &str) -> &'static str {
    match exchange {
        "upbit" => exchanges::upbit::MARKETS_PATH,
        "bithumb" => exchanges::bithumb::MARKETS_PATH,
        "coinone" => exchanges::coinone::MARKETS_PATH,
        "korbit" => exchanges::korbit::PAIRS_PATH,
        "gopax" => exchanges::gopax::PAIRS_PATH,
        other => panic!("unknown exchange {other}"),
    }
}

/// Every request of an exchange with its normal answer: (path and query, fixture).
pub fn normal_answers(exchange: &str) -> Vec<(&'static str, &'static str)> {
    match exchange {
        "upbit" => vec![
            (
                exchanges::upbit::MARKETS_PATH,
                "upbit/market_all_is_details.json",
            ),
            (exchanges::upbit::TICKERS_PATH, "upbit/ticker_all_krw.json"),
        ],
        "bithumb" => vec![
            (
                exchanges::bithumb::MARKETS_PATH,
                "bithumb/v1_market_all.json",
            ),
            (
                exchanges::bithumb::ALERTS_PATH,
                "bithumb/v1_market_virtual_asset_warning_future.json",
            ),
            (
                exchanges::bithumb::TICKERS_PATH,
                "bithumb/public_ticker_all_krw.json",
            ),
        ],
        "coinone" => vec![
            (exchanges::coinone::MARKETS_PATH, "coinone/markets_krw.json"),
            (
                exchanges::coinone::TICKERS_PATH,
                "coinone/ticker_new_krw.json",
            ),
        ],
        "korbit" => vec![
            (exchanges::korbit::PAIRS_PATH, "korbit/currency_pairs.json"),
            (exchanges::korbit::TICKERS_PATH, "korbit/tickers.json"),
            (exchanges::korbit::ALERTS_PATH, "korbit/market_alerts.json"),
            (exchanges::korbit::CURRENCIES_PATH, "korbit/currencies.json"),
        ],
        "gopax" => vec![
            (exchanges::gopax::PAIRS_PATH, "gopax/trading_pairs.json"),
            (exchanges::gopax::TICKERS_PATH, "gopax/tickers.json"),
            (exchanges::gopax::CAUTIONS_PATH, "gopax/cautions.json"),
            (exchanges::gopax::ASSETS_PATH, "gopax/assets.json"),
        ],
        other => panic!("unknown exchange {other}"),
    }
}

/// Mounts the normal answer of every request of `exchange`, except those in `except`.
pub async fn mount_normal_except(server: &MockServer, exchange: &str, except: &[&str]) {
    for (request, body) in normal_answers(exchange) {
        if !except.contains(&request) {
            get(request).respond_with(ok(body)).mount(server).await;
        }
    }
}

pub async fn mount_normal(server: &MockServer, exchange: &str) {
    mount_normal_except(server, exchange, &[]).await;
}

/// Runs the source of `exchange` through its public entry point.
pub async fn fetch(exchange: &str, http: &Http) -> Result<ExchangeListings, SourceError> {
    exchanges::fetch(http, exchange.parse().expect("an exchange's name")).await
}
