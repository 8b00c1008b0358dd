//! What the source tests share: fixtures, an `Http` pointed at mock servers, and a scripted
//! JSON-RPC node.

use std::collections::HashMap;
use std::path::Path;

use listingcheck::config::Config;
use listingcheck::source::{Http, HttpOptions};
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::{Request, Respond, ResponseTemplate};

/// A response body from `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

/// A fixture parsed as JSON.
pub fn fixture_json(path: &str) -> Value {
    serde_json::from_str(&fixture(path)).unwrap()
}

/// The HTTP layer a live run builds, from the default config, with the named sources' `base_url`
/// pointed at mock servers, and its cache in a directory of its own.
pub struct Harness {
    pub http: Http,
    _cache: TempDir,
}

pub fn harness(sources: &[(&str, String)]) -> Harness {
    let cache = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.cache.dir = Some(cache.path().to_owned());
    for (name, base_url) in sources {
        config
            .sources
            .get_mut(*name)
            .unwrap_or_else(|| panic!("no default source {name}"))
            .base_url
            .clone_from(base_url);
    }
    Harness {
        http: Http::new(&config, HttpOptions::default()).unwrap(),
        _cache: cache,
    }
}

/// A JSON-RPC node that answers each element of a batch from a script keyed by method and first
/// parameter, in reverse order (nodes may answer in any order), echoing each element's `id`.
/// Elements without a script get a node error, so a test sees what it forgot.
#[derive(Clone, Default)]
pub struct RpcNode {
    script: HashMap<String, Value>,
}

impl RpcNode {
    pub fn new() -> Self {
        RpcNode::default()
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
        let scripted = self.script.get(&Self::key(element)).cloned().unwrap_or_else(
            || json!({"error": {"code": -32601, "message": format!("unscripted {}", Self::key(element))}}),
        );
        let mut answer = json!({"jsonrpc": "2.0", "id": element["id"]});
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
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let answers: Vec<Value> = body
            .as_array()
            .expect("a batch")
            .iter()
            .rev()
            .map(|element| self.answer(element))
            .collect();
        ResponseTemplate::new(200).set_body_json(answers)
    }
}

/// The `result` word of a uint256.
pub fn word(value: u128) -> Value {
    json!({ "result": format!("0x{value:064x}") })
}

/// The `result` word of a uint256 given in decimal digits.
pub fn word_of(digits: &str) -> Value {
    let value = ruint::aliases::U256::from_str_radix(digits, 10).unwrap();
    json!({ "result": format!("0x{value:064x}") })
}
