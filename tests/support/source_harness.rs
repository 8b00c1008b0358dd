//! The aggregator and chain sources against mock servers: an `Http` pointed at them with a cache
//! of its own, a scripted JSON-RPC node, and the passing failures the HTTP layer retries.

use std::collections::HashMap;

use listingcheck::inputs::config::{Config, RateLimit};
use listingcheck::source::{Http, HttpOptions};
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::{Request, Respond, ResponseTemplate};

/// The HTTP layer a live run builds, from the default config, with the named sources' `base_url`
/// pointed at mock servers, and its cache in a directory of its own. Keys come from a fake
/// environment that has the ones CoinMarketCap and Etherscan require (CoinGecko runs keyless).
/// The mocked sources get a generous rate limit: these tests are about reading answers, and
/// CoinGecko's default of 30 a minute would space two requests 2 s apart.
pub struct Harness {
    pub http: Http,
    config: Config,
    _cache: TempDir,
}

pub fn harness(sources: &[(&str, String)]) -> Harness {
    harness_with(sources, |_| {})
}

/// [`harness`] with a change to the config, e.g. a short timeout.
pub fn harness_with(sources: &[(&str, String)], change: impl FnOnce(&mut Config)) -> Harness {
    let cache = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.cache.dir = Some(cache.path().to_owned());
    for (name, base_url) in sources {
        let settings = config
            .sources
            .get_mut(*name)
            .unwrap_or_else(|| panic!("no default source {name}"));
        settings.base_url.clone_from(base_url);
        settings.rate_limit = RateLimit::per_second(100);
    }
    change(&mut config);
    Harness {
        http: http_of(&config),
        config,
        _cache: cache,
    }
}

impl Harness {
    /// The HTTP layer of a second run, over the same config and cache directory.
    pub fn rerun(&self) -> Http {
        http_of(&self.config)
    }

    /// Removes the cached answers whose recorded endpoint contains `text`, as if they had
    /// never been fetched.
    pub fn forget_cached(&self, text: &str) {
        let dir = self.config.cache.dir.as_ref().unwrap();
        for source in std::fs::read_dir(dir.join("http")).unwrap() {
            for entry in std::fs::read_dir(source.unwrap().path()).unwrap() {
                let path = entry.unwrap().path();
                let header = std::fs::read_to_string(&path).unwrap_or_default();
                if header
                    .lines()
                    .next()
                    .is_some_and(|line| line.contains(text))
                {
                    std::fs::remove_file(path).unwrap();
                }
            }
        }
    }
}

fn http_of(config: &Config) -> Http {
    Http::with_env(config, HttpOptions::default(), |variable| {
        matches!(variable, "CMC_API_KEY" | "ETHERSCAN_API_KEY").then(|| "test-key".to_owned())
    })
    .unwrap()
}

/// A JSON-RPC node that answers each element of a batch from a script keyed by method and first
/// parameter, in reverse order (nodes may answer in any order), echoing each element's `id`.
/// Elements without a script get a node error, so a test sees what it forgot.
#[derive(Clone, Default)]
pub struct RpcNode {
    script: HashMap<String, Value>,
    /// A chain without Multicall3: an `aggregate3` call finds no contract and answers `0x`.
    without_multicall: bool,
}

impl RpcNode {
    pub fn new() -> Self {
        RpcNode::default()
    }

    /// The node of a chain where Multicall3 is not deployed.
    pub fn without_multicall(mut self) -> Self {
        self.without_multicall = true;
        self
    }

    /// Answers `eth_call` to `to` with `data` by `answer` (`{"result": …}` or `{"error": …}`).
    pub fn eth_call(mut self, to: &str, data: &str, answer: Value) -> Self {
        self.script.insert(
            format!("eth_call {} {data}", to.to_ascii_lowercase()),
            answer,
        );
        self
    }

    /// Answers `method` with first parameter `param`.
    pub fn call(mut self, method: &str, param: &str, answer: Value) -> Self {
        self.script.insert(format!("{method} {param}"), answer);
        self
    }

    fn key(element: &Value) -> String {
        let method = element["method"].as_str().unwrap_or_default();
        let first = &element["params"][0];
        match first {
            Value::Object(call) => format!(
                "{method} {} {}",
                call["to"].as_str().unwrap_or_default().to_ascii_lowercase(),
                call["data"].as_str().unwrap_or_default()
            ),
            other => format!("{method} {}", other.as_str().unwrap_or_default()),
        }
    }

    fn answer(&self, element: &Value) -> Value {
        if self.without_multicall && Self::key(element).starts_with(MULTICALL_KEY.as_str()) {
            return json!({"result": "0x"});
        }
        if let Some(answer) =
            listingcheck::source::multicall::answer_as_node(element, |one| self.answer(one))
        {
            return answer;
        }
        let scripted = self.script.get(&Self::key(element)).cloned().unwrap_or_else(
            || json!({"error": {"code": -32601, "message": format!("unscripted {}", Self::key(element))}}),
        );
        // A scripted answer may be a whole JSON-RPC response: only its outcome is the answer.
        let mut answer = json!({});
        for (key, value) in scripted.as_object().unwrap() {
            if key == "result" || key == "error" {
                answer[key] = value.clone();
            }
        }
        answer
    }
}

impl Respond for RpcNode {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        super::batch_answer(&request.body, |element| self.answer(element))
    }
}

/// How an `aggregate3` call to Multicall3 starts in [`RpcNode`]'s keys.
static MULTICALL_KEY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use listingcheck::source::multicall;
    format!(
        "eth_call {} {}",
        multicall::ADDRESS.to_ascii_lowercase(),
        multicall::AGGREGATE3
    )
});

/// The `result` word of a uint256.
pub fn word(value: u128) -> Value {
    json!({ "result": format!("0x{value:064x}") })
}

/// The `result` word of a uint256 given in decimal digits.
pub fn word_of(digits: &str) -> Value {
    let value = ruint::aliases::U256::from_str_radix(digits, 10).unwrap();
    json!({ "result": format!("0x{value:064x}") })
}

/// A passing failure the HTTP layer retries.
#[derive(Clone, Copy, Debug)]
pub enum Hiccup {
    /// HTTP 429 with `Retry-After: 1`.
    TooManyRequests,
    /// HTTP 503.
    ServerError,
    /// An answer slower than the 1 s timeout of [`harness_with_short_timeout`].
    Timeout,
}

impl Hiccup {
    /// The answer that makes a request fail this way.
    pub fn answer(self) -> ResponseTemplate {
        match self {
            Hiccup::TooManyRequests => ResponseTemplate::new(429).insert_header("retry-after", "1"),
            Hiccup::ServerError => {
                ResponseTemplate::new(503).set_body_string("upstream unavailable")
            }
            Hiccup::Timeout => ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(std::time::Duration::from_secs(3)),
        }
    }
}

/// Makes the first request to `server`, whatever it is, fail with `hiccup`; later requests get
/// the answers mounted otherwise.
pub async fn first_request_fails(server: &wiremock::MockServer, hiccup: Hiccup) {
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(hiccup.answer())
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
}

/// [`harness`] whose requests time out after 1 s.
pub fn harness_with_short_timeout(sources: &[(&str, String)]) -> Harness {
    harness_with(sources, |config| config.http.timeout_secs = 1)
}
