//! Errors that APIs report inside an answer, often with HTTP 200: one convention per API kind,
//! all in [`fault`].
//!
//! Only a top-level JSON object is probed. A top-level array (a JSON-RPC batch, a coin list) is
//! never a fault: the errors of single batch elements are the caller's business. The probe reads
//! only the few fields the conventions use and skips everything else without building it, so
//! probing a large answer costs one scan.

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::exchange::Exchange;
use crate::inputs::config::settings::SourceKind;

/// An error an API reported in its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Fault {
    /// What the API said, with its code.
    pub message: String,
    /// The API says we are over its rate limit: retried like an HTTP 429.
    pub rate_limited: bool,
}

/// The error an answer of an API of `kind` reports, if any.
pub(super) fn fault(kind: SourceKind, body: &[u8]) -> Option<Fault> {
    let probe = Probe::read(body)?;
    match kind {
        // Legacy API: `status` other than "0000"; v1 API: Upbit's error object.
        SourceKind::Exchange(Exchange::Bithumb) => {
            probe.bithumb_status().or_else(|| probe.error_object())
        }
        // `{"error":{"name":…,"message":…}}`
        SourceKind::Exchange(Exchange::Upbit) => probe.error_object(),
        // `{"result":"error","error_code":"4","error_msg":…}` (or camelCase); code 4 is what
        // Coinone answers past its rate limit.
        SourceKind::Exchange(Exchange::Coinone) => probe.coinone(),
        // `{"success":false,"error":{"code":…,"message":…}}`
        SourceKind::Exchange(Exchange::Korbit) => probe.korbit(),
        // GOPAX, and an issuer's plain number, report errors with HTTP statuses only.
        SourceKind::Exchange(Exchange::Gopax) | SourceKind::Issuer => None,
        // `{"status":{"error_code":429,"error_message":…}}`, or `{"error":"coin not found"}`.
        SourceKind::Coingecko => probe.status_object(&[429]).or_else(|| probe.error_text()),
        // Every answer has `status.error_code`; 1008 (minute limit) and 1011 (IP limit) pass.
        SourceKind::Coinmarketcap => probe.status_object(&[1008, 1011]),
        // `{"status":"0","message":"NOTOK","result":"Max rate limit reached"}`; its `proxy`
        // module answers in JSON-RPC.
        SourceKind::Etherscan => probe.etherscan().or_else(|| probe.json_rpc()),
        // `{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":…}}`
        SourceKind::Evm | SourceKind::Solana => probe.json_rpc(),
    }
}

/// The fields of a top-level object that some convention reads.
#[derive(Deserialize, Default)]
struct Probe {
    status: Option<Value>,
    message: Option<Short>,
    result: Option<Short>,
    error: Option<Value>,
    success: Option<Value>,
    #[serde(alias = "errorCode")]
    error_code: Option<Value>,
    #[serde(alias = "errorMsg")]
    error_msg: Option<Short>,
}

impl Probe {
    fn read(body: &[u8]) -> Option<Probe> {
        let first = body.iter().find(|byte| !byte.is_ascii_whitespace())?;
        if *first != b'{' {
            return None;
        }
        serde_json::from_slice(body).ok()
    }

    fn bithumb_status(&self) -> Option<Fault> {
        let status = self.status.as_ref()?;
        if status.as_str() == Some("0000") {
            return None;
        }
        Some(said(
            Some(&text_of(status)),
            self.message.as_ref().and_then(Short::text),
            false,
        ))
    }

    /// Upbit's (and Bithumb v1's) `{"error":{"name":…,"message":…}}`.
    fn error_object(&self) -> Option<Fault> {
        let error = self.error.as_ref()?.as_object()?;
        let name = error.get("name").map(text_of);
        let message = error.get("message").map(text_of);
        Some(said(name.as_deref(), message.as_deref(), false))
    }

    fn coinone(&self) -> Option<Fault> {
        if self.result.as_ref().and_then(Short::text) != Some("error") {
            return None;
        }
        let code = self.error_code.as_ref().map(text_of);
        let fault = said(
            code.as_deref(),
            self.error_msg.as_ref().and_then(Short::text),
            code.as_deref() == Some("4"),
        );
        Some(fault)
    }

    fn korbit(&self) -> Option<Fault> {
        if self.success.as_ref().and_then(Value::as_bool) != Some(false) {
            return None;
        }
        let error = self.error.as_ref();
        let code = error.and_then(|e| e.get("code")).map(text_of);
        let message = error
            .map(|e| e.get("message").map_or_else(|| text_of(e), text_of))
            .or_else(|| {
                self.message
                    .as_ref()
                    .and_then(Short::text)
                    .map(str::to_owned)
            });
        Some(said(code.as_deref(), message.as_deref(), false))
    }

    /// `{"status":{"error_code":…,"error_message":…}}` with a code other than 0.
    fn status_object(&self, rate_limit_codes: &[i64]) -> Option<Fault> {
        let status = self.status.as_ref()?.as_object()?;
        let code = status.get("error_code")?;
        let number = match code {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if number == Some(0) || code.is_null() {
            return None;
        }
        let message = status.get("error_message").map(text_of);
        Some(said(
            Some(&text_of(code)),
            message.as_deref(),
            number.is_some_and(|n| rate_limit_codes.contains(&n)),
        ))
    }

    /// CoinGecko's `{"error":"…"}`.
    fn error_text(&self) -> Option<Fault> {
        let text = self.error.as_ref()?.as_str()?;
        Some(said(None, Some(text), false))
    }

    fn etherscan(&self) -> Option<Fault> {
        if self.status.as_ref()?.as_str()? != "0" {
            return None;
        }
        let message = self.message.as_ref().and_then(Short::text);
        // An empty list is answered as status "0" too; it is an answer, not an error.
        if message.is_some_and(|m| {
            m.starts_with("No transactions found") || m.starts_with("No records found")
        }) {
            return None;
        }
        // The cause is in `result` ("Max rate limit reached", "Invalid API Key").
        let cause = self.result.as_ref().and_then(Short::text);
        Some(said(None, cause.or(message), false))
    }

    /// A JSON-RPC error object, rate-limited by one of
    /// [`RATE_LIMIT_CODES`](crate::source::jsonrpc::RATE_LIMIT_CODES).
    fn json_rpc(&self) -> Option<Fault> {
        let error = self.error.as_ref()?.as_object()?;
        let code = error.get("code").and_then(Value::as_i64);
        let message = error.get("message").map(text_of);
        Some(said(
            code.map(|c| c.to_string()).as_deref(),
            message.as_deref(),
            code.is_some_and(|code| crate::source::jsonrpc::RATE_LIMIT_CODES.contains(&code)),
        ))
    }
}

/// A fault from an error code and message; a message that mentions the rate limit marks it
/// rate-limited whatever the code.
fn said(code: Option<&str>, message: Option<&str>, rate_limited: bool) -> Fault {
    let message = message.filter(|m| !m.trim().is_empty());
    let text = match (code, message) {
        (Some(code), Some(message)) if code != message => format!("error {code}: {message}"),
        (Some(code), _) => format!("error {code}"),
        (None, Some(message)) => message.to_owned(),
        (None, None) => "an error without a message".to_owned(),
    };
    let lower = text.to_lowercase();
    Fault {
        rate_limited: rate_limited
            || lower.contains("rate limit")
            || lower.contains("too many requests"),
        message: text,
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A field kept only if it is a short string: a `result` can be a megabyte of data in a
/// successful answer, and is then skipped rather than copied.
enum Short {
    Text(String),
    Other,
}

impl Short {
    const LONGEST: usize = 1024;

    fn text(&self) -> Option<&str> {
        match self {
            Short::Text(text) => Some(text),
            Short::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for Short {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShortVisitor;
        impl<'de> Visitor<'de> for ShortVisitor {
            type Value = Short;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Short, E> {
                Ok(if v.len() <= Short::LONGEST {
                    Short::Text(v.to_owned())
                } else {
                    Short::Other
                })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Short, E> {
                Ok(Short::Other)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Short, E> {
                Ok(Short::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Short, E> {
                Ok(Short::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Short, E> {
                Ok(Short::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Short, E> {
                Ok(Short::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Short, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Short::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Short, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Short::Other)
            }
        }
        deserializer.deserialize_any(ShortVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault_of(kind: SourceKind, body: &str) -> Option<Fault> {
        fault(kind, body.as_bytes())
    }

    #[test]
    fn bithumb_legacy_status_other_than_0000_is_a_fault() {
        let f = fault_of(
            SourceKind::Exchange(Exchange::Bithumb),
            r#"{"status":"5500","message":"Invalid Parameter"}"#,
        )
        .unwrap();
        assert_eq!(f.message, "error 5500: Invalid Parameter");
        assert!(
            fault_of(
                SourceKind::Exchange(Exchange::Bithumb),
                r#"{"status":"0000","data":{}}"#
            )
            .is_none()
        );
    }

    #[test]
    fn upbit_error_object_is_a_fault() {
        let f = fault_of(
            SourceKind::Exchange(Exchange::Upbit),
            r#"{"error":{"name":"invalid_query_payload","message":"bad market"}}"#,
        )
        .unwrap();
        assert_eq!(f.message, "error invalid_query_payload: bad market");
        assert!(!f.rate_limited);
    }

    #[test]
    fn coinone_code_4_is_its_rate_limit() {
        let f = fault_of(
            SourceKind::Exchange(Exchange::Coinone),
            r#"{"result":"error","errorCode":"4","errorMsg":"Blocked user access."}"#,
        )
        .unwrap();
        assert!(f.rate_limited);
        assert!(
            fault_of(
                SourceKind::Exchange(Exchange::Coinone),
                r#"{"result":"success","error_code":"0"}"#
            )
            .is_none()
        );
    }

    #[test]
    fn coinmarketcap_status_error_code_other_than_zero_is_a_fault() {
        let ok = r#"{"status":{"error_code":0,"error_message":null},"data":{}}"#;
        assert!(fault_of(SourceKind::Coinmarketcap, ok).is_none());
        let daily = r#"{"status":{"error_code":1009,"error_message":"daily limit"}}"#;
        assert!(
            !fault_of(SourceKind::Coinmarketcap, daily)
                .unwrap()
                .rate_limited
        );
        let minute = r#"{"status":{"error_code":1008,"error_message":"You've exceeded your API Key's HTTP request rate limit."}}"#;
        assert!(
            fault_of(SourceKind::Coinmarketcap, minute)
                .unwrap()
                .rate_limited
        );
    }

    #[test]
    fn etherscan_empty_list_is_not_a_fault() {
        let body = r#"{"status":"0","message":"No transactions found","result":[]}"#;
        assert!(fault_of(SourceKind::Etherscan, body).is_none());
    }

    #[test]
    fn a_long_successful_result_is_skipped_not_copied() {
        let long = "0".repeat(10 * Short::LONGEST);
        let body = format!(r#"{{"status":"1","message":"OK","result":"{long}"}}"#);
        let probe = Probe::read(body.as_bytes()).unwrap();
        assert!(matches!(probe.result, Some(Short::Other)));
        assert!(fault_of(SourceKind::Etherscan, &body).is_none());
    }

    #[test]
    fn a_json_rpc_batch_is_never_a_fault() {
        let body =
            r#"[{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted"}}]"#;
        assert!(fault_of(SourceKind::Evm, body).is_none());
    }

    #[test]
    fn json_rpc_limit_exceeded_is_rate_limited() {
        let body = r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit exceeded"}}"#;
        assert!(fault_of(SourceKind::Evm, body).unwrap().rate_limited);
    }

    #[test]
    fn an_answer_that_is_not_json_is_not_a_fault() {
        assert!(fault_of(SourceKind::Exchange(Exchange::Upbit), "<html>").is_none());
        assert!(fault_of(SourceKind::Exchange(Exchange::Upbit), "{ not json").is_none());
    }
}
