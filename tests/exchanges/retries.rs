//! The shared HTTP layer's retries seen from each exchange: a market list that first answers 429
//! with `Retry-After`, a 5xx or nothing within the timeout, and then its normal answer, gives the
//! normal listings with no failure.

use std::time::{Duration, Instant};

use wiremock::{MockServer, ResponseTemplate};

use crate::support::exchange_mocks::{fetch, http_with, market_list_path, mount_normal, symbols};
use crate::support::get;

/// Serves `first` once on the exchange's market list, then the normal answers; returns the
/// symbols read, how long the fetch took and how often the market list was asked.
async fn first_then_normal(
    exchange: &str,
    first: ResponseTemplate,
    timeout_secs: u64,
) -> (Vec<String>, Duration, usize) {
    let server = MockServer::start().await;
    let markets = market_list_path(exchange);
    get(markets)
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_normal(&server, exchange).await;
    let http = http_with(&server, exchange, |config| {
        config.http.timeout_secs = timeout_secs;
    });

    let started = Instant::now();
    let answer = fetch(exchange, &http).await.unwrap();
    let took = started.elapsed();

    assert!(
        answer.partial_failures.is_empty(),
        "{:?}",
        answer.partial_failures
    );
    let only_path = markets.split('?').next().unwrap();
    let asked = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|request| request.url.path() == only_path)
        .count();
    let read = symbols(&answer).into_iter().map(str::to_owned).collect();
    (read, took, asked)
}

/// The symbols of the normal answer, read without any fault.
async fn normal_symbols(exchange: &str) -> Vec<String> {
    let server = MockServer::start().await;
    mount_normal(&server, exchange).await;
    let http = crate::support::exchange_mocks::http(&server, exchange);
    let answer = fetch(exchange, &http).await.unwrap();
    symbols(&answer).into_iter().map(str::to_owned).collect()
}

async fn a_429_with_retry_after_then_a_success_is_read_after_the_delay(exchange: &str) {
    let too_many = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let (read, took, asked) = first_then_normal(exchange, too_many, 20).await;
    assert_eq!(read, normal_symbols(exchange).await);
    assert!(
        took >= Duration::from_secs(1),
        "{exchange} waited only {took:?}"
    );
    assert_eq!(asked, 2);
}

async fn a_5xx_then_a_success_is_read(exchange: &str) {
    let (read, _, asked) = first_then_normal(exchange, ResponseTemplate::new(503), 20).await;
    assert_eq!(read, normal_symbols(exchange).await);
    assert_eq!(asked, 2);
}

async fn a_timeout_then_a_success_is_read(exchange: &str) {
    let slow = ResponseTemplate::new(200)
        .set_body_raw("[]", "application/json")
        .set_delay(Duration::from_secs(3));
    let (read, took, asked) = first_then_normal(exchange, slow, 1).await;
    assert_eq!(read, normal_symbols(exchange).await);
    assert!(took >= Duration::from_secs(1), "{exchange} took {took:?}");
    assert_eq!(asked, 2);
}

/// The three retry behaviours for one exchange, as separate tests named after them.
macro_rules! retry_tests {
    ($exchange:ident) => {
        mod $exchange {
            #[tokio::test]
            async fn a_429_with_retry_after_then_a_success_is_read_after_the_delay() {
                super::a_429_with_retry_after_then_a_success_is_read_after_the_delay(stringify!(
                    $exchange
                ))
                .await;
            }

            #[tokio::test]
            async fn a_5xx_then_a_success_is_read() {
                super::a_5xx_then_a_success_is_read(stringify!($exchange)).await;
            }

            #[tokio::test]
            async fn a_timeout_then_a_success_is_read() {
                super::a_timeout_then_a_success_is_read(stringify!($exchange)).await;
            }
        }
    };
}

retry_tests!(upbit);
retry_tests!(bithumb);
retry_tests!(coinone);
retry_tests!(korbit);
retry_tests!(gopax);
