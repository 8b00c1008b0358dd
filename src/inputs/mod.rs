//! The files a user writes and keeps: standards, asset descriptors, waivers and the config, with
//! their JSON Schemas, and the diagnostics every loader reports through.
//!
//! Every loader collects all the problems of a file before it gives up (as cargo-deny does), each
//! with a stable code, a span and help.

pub mod asset;
pub mod config;
pub mod defillama;
pub mod diag;
pub mod embedded;
pub mod files;
pub mod init;
pub mod kind;
pub mod powers;
pub mod schema;
pub mod standard;
pub(crate) mod toml_read;
pub mod waiver;
