//! The five exchange sources through the real code path: `Http` built from the default config,
//! each source's `base_url` pointed at a wiremock server serving real-shaped bodies.
//!
//! One file per exchange holds its normal answer and its quirks; `common.rs` holds what every
//! exchange must do alike.

// A price read from "80694000" is exactly the f64 of the literal 80_694_000.0: exact equality is
// the claim; derived ratios use `support::exchange_mocks::assert_close`.
#![allow(clippy::float_cmp)]

mod bithumb;
mod coinone;
mod common;
mod gopax;
mod korbit;
#[path = "../support/mod.rs"]
mod support;
mod upbit;
