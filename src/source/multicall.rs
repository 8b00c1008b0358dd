//! Multicall3 `aggregate3`: the `eth_call`s of one chain packed into a few calls of the
//! Multicall3 contract, which every major EVM chain has at the same address. A daily fetch of
//! 1,000 assets reads about 3,000 words (supply, decimals and excluded-wallet balances); as plain
//! JSON-RPC batches of [`super::evm::BATCH_SIZE`] that is 150 requests against a public node's
//! rate limit, through Multicall3 a dozen.
//!
//! Each packed call allows its calls to fail one by one (`allowFailure`), so one reverting token
//! costs nothing else. A chain without the contract, or a node that refuses the packed call, gets
//! the same calls as plain batches: Multicall3 is a saving, never a new way to fail.

use ruint::aliases::U256;
use serde_json::value::RawValue;

use super::jsonrpc::{RpcAnswer, RpcCall, RpcError};
use super::packing::Packing;

/// Multicall3's address, the same on every chain it is deployed on (mds1/multicall3).
pub const ADDRESS: &str = "0xcA11bde05977b3631167028862bE2a173976CA11";

/// The selector of `aggregate3((address,bool,bytes)[])`.
pub const AGGREGATE3: &str = "0x82ad56cb";

/// Calls per `aggregate3`: 250 `balanceOf` calls cost about 1.5 M gas of the node's `eth_call`
/// budget (public nodes allow 50 M) and make a request of 70 kB.
pub const CALLS_PER_AGGREGATE: usize = 250;

/// One call of an `aggregate3`: the contract and the call data, as hex without `0x`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call3 {
    pub target: String,
    pub data: String,
}

/// One call's outcome in an `aggregate3` answer: whether it succeeded, and what it returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call3Result {
    pub success: bool,
    pub data: Vec<u8>,
}

/// Multicall3's way of packing `eth_call`s on the latest block, for
/// [`super::packing::call_packed_from`]: a result is the returned data as a `0x` hex string, as a plain
/// call's would be, and a call that failed is a revert.
pub struct Multicall3;

impl Packing for Multicall3 {
    type Item = Call3;
    const PER_PACK: usize = CALLS_PER_AGGREGATE;

    fn item(call: &RpcCall) -> Option<Call3> {
        call3_of(call)
    }

    fn pack(items: &[Call3]) -> RpcCall {
        aggregate3(items)
    }

    fn unpack(answer: RpcAnswer, count: usize) -> Option<Vec<Result<RpcAnswer, RpcError>>> {
        let results = decode_answer(&answer.result).filter(|results| results.len() == count)?;
        Some(
            results
                .iter()
                .map(|result| outcome(result, answer.req))
                .collect(),
        )
    }
}

/// The target and data of an `eth_call` on the latest block, if it is one.
fn call3_of(call: &RpcCall) -> Option<Call3> {
    let request = call.params.get(0)?;
    let latest = call.params.get(1).and_then(|block| block.as_str()) == Some("latest");
    if call.method != "eth_call" || !latest {
        return None;
    }
    let strip = |field: &str| {
        let text = request.get(field)?.as_str()?;
        let hex = text.strip_prefix("0x")?;
        hex.bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| hex.to_ascii_lowercase())
    };
    Some(Call3 {
        target: strip("to")?,
        data: strip("data")?,
    })
}

/// The `eth_call` of `aggregate3` over `calls`, each allowed to fail.
fn aggregate3(calls: &[Call3]) -> RpcCall {
    RpcCall {
        method: "eth_call",
        params: serde_json::json!([{ "to": ADDRESS, "data": encode_call(calls) }, "latest"]),
    }
}

/// A call's result as plain batches give it: the data as a JSON string, or a revert.
fn outcome(result: &Call3Result, req: u32) -> Result<RpcAnswer, RpcError> {
    if result.success {
        let text = format!("\"0x{}\"", hex(&result.data));
        Ok(RpcAnswer {
            result: RawValue::from_string(text).expect("a hex string is JSON"),
            req,
        })
    } else {
        // As a node words a revert of a single call: with the reason, where the call gave one.
        let message = match revert_reason(&result.data) {
            Some(reason) => format!("execution reverted: {reason}"),
            None => "execution reverted".to_owned(),
        };
        Err(RpcError::Node { code: 3, message })
    }
}

/// The selector of Solidity's `Error(string)`, which `revert("…")` returns.
const ERROR_STRING: [u8; 4] = [0x08, 0xc3, 0x79, 0xa0];

/// The reason in a revert's data, if it is an `Error(string)`.
fn revert_reason(data: &[u8]) -> Option<String> {
    let body = data.strip_prefix(&ERROR_STRING)?;
    let at = read_word(body, 0)?;
    let length = read_word(body, at)?;
    let start = at.checked_add(32)?;
    let text = body.get(start..start.checked_add(length)?)?;
    String::from_utf8(text.to_vec()).ok()
}

/// The data of `revert(reason)`: the inverse of [`revert_reason`], for nodes written in tests.
pub fn encode_revert(reason: &str) -> Vec<u8> {
    let padded = reason.len().div_ceil(32) * 32;
    let mut data = ERROR_STRING.to_vec();
    data.extend(unhex(&word(0x20)).expect("a word is hex"));
    data.extend(unhex(&word(reason.len())).expect("a word is hex"));
    data.extend(reason.as_bytes());
    data.resize(4 + 64 + padded, 0);
    data
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// A uint256 as one ABI word of hex.
fn word(value: usize) -> String {
    format!("{value:064x}")
}

/// The call data of `aggregate3(calls)` with every call allowed to fail: the selector, the
/// offset of the array, its length, the offset of each tuple, then each tuple (target,
/// allowFailure, offset of the data, its length, the data padded to whole words).
pub fn encode_call(calls: &[Call3]) -> String {
    let tuples: Vec<String> = calls
        .iter()
        .map(|call| {
            let length = call.data.len() / 2;
            let padded = length.div_ceil(32) * 64;
            format!(
                "{:0>64}{}{}{}{:0<padded$}",
                call.target,
                word(1),
                word(0x60),
                word(length),
                call.data
            )
        })
        .collect();
    format!("{AGGREGATE3}{}", array_of_tuples(&tuples))
}

/// An ABI-encoded array of dynamic tuples, each given encoded: the offset of the array, its
/// length, the offset of each tuple (from the first), then the tuples.
fn array_of_tuples(tuples: &[String]) -> String {
    let mut text = format!("{}{}", word(0x20), word(tuples.len()));
    let mut offset = 32 * tuples.len();
    for tuple in tuples {
        text.push_str(&word(offset));
        offset += tuple.len() / 2;
    }
    text.extend(tuples.iter().map(String::as_str));
    text
}

/// The results in an `aggregate3` answer (`(bool success, bytes returnData)[]`), or `None` when
/// the answer is not one (a chain without Multicall3 answers `0x`).
pub fn decode_answer(result: &RawValue) -> Option<Vec<Call3Result>> {
    let text: String = serde_json::from_str(result.get()).ok()?;
    let bytes = unhex(text.strip_prefix("0x")?)?;
    decode_results(&bytes)
}

/// Hex digits as bytes.
pub fn unhex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
        .collect()
}

/// The ABI word at byte `at` of `bytes` as a length or offset, if it is one that fits.
fn read_word(bytes: &[u8], at: usize) -> Option<usize> {
    let word = bytes.get(at..at.checked_add(32)?)?;
    let value = U256::from_be_slice(word);
    usize::try_from(value).ok()
}

fn decode_results(bytes: &[u8]) -> Option<Vec<Call3Result>> {
    let array = read_word(bytes, 0)?;
    let count = read_word(bytes, array)?;
    let items = array.checked_add(32)?;
    (0..count)
        .map(|index| {
            let tuple = items.checked_add(read_word(bytes, items + 32 * index)?)?;
            let success = read_word(bytes, tuple)? != 0;
            let data_at = tuple.checked_add(read_word(bytes, tuple + 32)?)?;
            let length = read_word(bytes, data_at)?;
            let start = data_at.checked_add(32)?;
            let data = bytes.get(start..start.checked_add(length)?)?.to_vec();
            Some(Call3Result { success, data })
        })
        .collect()
}

/// The `aggregate3` answer for `results`: the inverse of [`decode_answer`], for nodes written
/// in tests.
pub fn encode_results(results: &[Call3Result]) -> String {
    let tuples: Vec<String> = results
        .iter()
        .map(|result| {
            let padded = result.data.len().div_ceil(32) * 64;
            format!(
                "{}{}{}{:0<padded$}",
                word(usize::from(result.success)),
                word(0x40),
                word(result.data.len()),
                hex(&result.data)
            )
        })
        .collect();
    format!("0x{}", array_of_tuples(&tuples))
}

/// How a node with Multicall3 answers `call`, a JSON-RPC element, when it is an `aggregate3`
/// call: each packed call answered by `answer_one` as the same `eth_call` sent alone
/// (`{"result": …}` or `{"error": …}`). A result succeeds, a revert fails with its reason, and
/// any other error refuses the whole call, as a node in trouble would. `None` for any other
/// call. For the nodes of tests and benchmarks.
pub fn answer_as_node(
    call: &serde_json::Value,
    answer_one: impl Fn(&serde_json::Value) -> serde_json::Value,
) -> Option<serde_json::Value> {
    let target = call["params"][0]["to"].as_str()?;
    if call["method"] != "eth_call" || !target.eq_ignore_ascii_case(ADDRESS) {
        return None;
    }
    let mut results = Vec::new();
    for inner in decode_call(call["params"][0]["data"].as_str()?)? {
        let alone = serde_json::json!({
            "method": "eth_call",
            "params": [{"to": format!("0x{}", inner.target), "data": format!("0x{}", inner.data)}, "latest"],
        });
        let outcome = answer_one(&alone);
        if let Some(result) = outcome["result"].as_str() {
            let data = unhex(result.trim_start_matches("0x")).unwrap_or_default();
            results.push(Call3Result {
                success: true,
                data,
            });
            continue;
        }
        let error = &outcome["error"];
        let message = error["message"].as_str().unwrap_or_default();
        if error["code"] != 3 && !message.contains("revert") {
            return Some(outcome);
        }
        let data = match message.strip_prefix("execution reverted: ") {
            Some(reason) if !reason.is_empty() => encode_revert(reason),
            _ => Vec::new(),
        };
        results.push(Call3Result {
            success: false,
            data,
        });
    }
    Some(serde_json::json!({"result": encode_results(&results)}))
}

/// The calls in `aggregate3` call data: the inverse of [`encode_call`], for nodes written in
/// tests.
pub fn decode_call(data: &str) -> Option<Vec<Call3>> {
    let bytes = unhex(data.strip_prefix(AGGREGATE3)?)?;
    let array = read_word(&bytes, 0)?;
    let count = read_word(&bytes, array)?;
    let items = array.checked_add(32)?;
    (0..count)
        .map(|index| {
            let tuple = items.checked_add(read_word(&bytes, items + 32 * index)?)?;
            let target = hex(bytes.get(tuple + 12..tuple + 32)?);
            let data_at = tuple.checked_add(read_word(&bytes, tuple + 64)?)?;
            let length = read_word(&bytes, data_at)?;
            let start = data_at.checked_add(32)?;
            let data = hex(bytes.get(start..start.checked_add(length)?)?);
            Some(Call3 { target, data })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls() -> Vec<Call3> {
        vec![
            Call3 {
                target: "00000000219ab540356cbb839cbe05303d7705fa".to_owned(),
                data: "18160ddd".to_owned(),
            },
            Call3 {
                target: "a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48".to_owned(),
                data: format!("70a08231{:0>64}", "219ab540356cbb839cbe05303d7705fa"),
            },
        ]
    }

    #[test]
    fn aggregate3_call_data_reads_back_as_its_calls() {
        let data = encode_call(&calls());
        assert!(data.starts_with("0x82ad56cb"));
        assert_eq!(decode_call(&data), Some(calls()));
    }

    #[test]
    fn aggregate3_call_data_is_the_abi_encoding() {
        // One call: head, length, one offset, then the tuple (target, true, 0x60, 4, data).
        let data = encode_call(&calls()[..1]);
        let expected = [
            "0x82ad56cb",
            "0000000000000000000000000000000000000000000000000000000000000020",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000020",
            "00000000000000000000000000000000219ab540356cbb839cbe05303d7705fa",
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000060",
            "0000000000000000000000000000000000000000000000000000000000000004",
            "18160ddd00000000000000000000000000000000000000000000000000000000",
        ]
        .concat();
        assert_eq!(data, expected);
    }

    #[test]
    fn results_read_back_with_their_success_flags() {
        let results = vec![
            Call3Result {
                success: true,
                data: vec![0xab; 32],
            },
            Call3Result {
                success: false,
                data: Vec::new(),
            },
        ];
        let answer = RawValue::from_string(format!("\"{}\"", encode_results(&results))).unwrap();
        assert_eq!(decode_answer(&answer), Some(results));
    }

    #[test]
    fn a_failed_call_is_a_revert_with_its_reason() {
        let failed = |data: Vec<u8>| {
            outcome(
                &Call3Result {
                    success: false,
                    data,
                },
                0,
            )
            .unwrap_err()
        };
        let error = failed(encode_revert("user error"));
        assert!(error.is_revert());
        assert_eq!(
            error,
            RpcError::Node {
                code: 3,
                message: "execution reverted: user error".to_owned()
            }
        );
        assert_eq!(
            failed(Vec::new()),
            RpcError::Node {
                code: 3,
                message: "execution reverted".to_owned()
            }
        );
    }

    #[test]
    fn an_answer_that_is_not_an_aggregate3_result_is_none() {
        for text in ["\"0x\"", "\"0x1234\"", "\"zz\"", "42"] {
            let answer = RawValue::from_string(text.to_owned()).unwrap();
            assert_eq!(decode_answer(&answer), None, "{text}");
        }
        // An offset that points past the end.
        let bogus = format!("\"0x{}\"", word(0x2000));
        assert_eq!(decode_answer(&RawValue::from_string(bogus).unwrap()), None);
    }
}
