//! What the batched sources share: the outcome of a read split over several requests, and the
//! small steps every REST source takes (a query value, a typed parse of an answer).
//!
//! A batch that fails is reported beside the batches that arrived, never dropped: a fetch of 600
//! coins whose third request timed out still records 500 quotes, and the 100 ids it lost.

use std::collections::BTreeSet;
use std::fmt::Display;

use serde_json::value::RawValue;

use super::{Answer, SourceError};
use crate::amount::Amount;

/// The outcome of a read split into batches.
#[derive(Clone, Debug, PartialEq)]
pub struct Batched<T> {
    /// What arrived, in the order of the ids asked for.
    pub items: Vec<T>,
    /// Batches (or single ids) that gave nothing, and why.
    pub failures: Vec<BatchFailure>,
    /// Ids asked for that an answer which did arrive did not contain: unknown to the API, or no
    /// longer tracked by it.
    pub missing: Vec<String>,
}

impl<T> Default for Batched<T> {
    fn default() -> Self {
        Batched {
            items: Vec::new(),
            failures: Vec::new(),
            missing: Vec::new(),
        }
    }
}

/// Ids whose data did not arrive, and the error that kept it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchFailure {
    pub ids: Vec<String>,
    pub error: SourceError,
}

/// Reads `ids` in batches of `size`, all at once, and joins what arrived. Each id is asked once,
/// in its first order: a duplicate would cost a place in a batch. A batch whose read fails is a
/// [`BatchFailure`] naming its ids.
pub async fn read_in_batches<Id, T>(
    ids: &[Id],
    size: usize,
    read: impl AsyncFn(&[Id]) -> Result<Batched<T>, SourceError>,
) -> Batched<T>
where
    Id: Clone + Ord + Display,
{
    let ids: Vec<Id> = {
        let mut seen = BTreeSet::new();
        ids.iter().filter(|id| seen.insert(*id)).cloned().collect()
    };
    let answers = futures::future::join_all(ids.chunks(size).map(|batch| read(batch))).await;
    let mut outcome = Batched::default();
    for (batch, answer) in ids.chunks(size).zip(answers) {
        match answer {
            Ok(mut part) => {
                outcome.items.append(&mut part.items);
                outcome.failures.append(&mut part.failures);
                outcome.missing.append(&mut part.missing);
            }
            Err(error) => outcome.failures.push(BatchFailure {
                ids: batch.iter().map(ToString::to_string).collect(),
                error,
            }),
        }
    }
    outcome
}

/// A value as it may stand in a URL query: unreserved characters as they are, everything else
/// percent-encoded, so an odd id in a descriptor cannot change the meaning of a request.
pub fn query_value(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            write!(out, "%{byte:02X}").expect("writing to a String cannot fail");
        }
    }
    out
}

/// An optional number field of `id` in an answer, read exactly from its JSON text: aggregators
/// print supplies as floats (`19675987.0`, `1.5e+21`), which `f64` would round.
pub fn exact_amount(
    answer: &Answer,
    id: &str,
    field: &str,
    raw: Option<&RawValue>,
) -> Result<Option<Amount>, SourceError> {
    raw.map(|raw| {
        Amount::from_json_number(raw.get())
            .map_err(|error| answer.shape(format!("`{field}` of `{id}`: {error}")))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_keep_ids_and_encode_everything_else() {
        assert_eq!(query_value("wemix-token"), "wemix-token");
        assert_eq!(query_value("a&b=c d"), "a%26b%3Dc%20d");
        assert_eq!(query_value("한"), "%ED%95%9C");
    }
}
