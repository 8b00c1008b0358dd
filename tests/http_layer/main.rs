//! The shared HTTP layer, through `Http` itself, against wiremock servers: one file per concern
//! (rate limits and concurrency, retries, bans, errors inside HTTP 200, de-duplication, the
//! cross-run cache, the secrecy of API keys, configuration), and the retries seen from every
//! source at once (`retries_by_source.rs`).

mod bans;
mod cache;
mod configuration;
mod deduplication;
mod errors_in_200;
mod keys;
mod rate_limits;
mod retries;
mod retries_by_source;
#[path = "../support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use listingcheck::inputs::config::{
    CacheSettings, Config, HttpSettings, RateLimit, SourceKind, SourceSettings,
};
use listingcheck::source::http::{Http, HttpOptions};
use wiremock::{MockServer, Respond, ResponseTemplate};

use support::json;

const KEY: &str = "k3y-that-must-never-leak-0123456789";

/// A run's config: the given sources, a private cache directory, short timeouts.
struct Setup {
    config: Config,
    _cache: tempfile::TempDir,
}

impl Setup {
    fn new(sources: &[(&str, SourceSettings)]) -> Self {
        let cache = tempfile::tempdir().unwrap();
        let config = Config {
            http: HttpSettings {
                concurrency: 16,
                timeout_secs: 5,
                max_retries: 3,
            },
            cache: CacheSettings {
                dir: Some(cache.path().to_owned()),
                ..CacheSettings::default()
            },
            sources: sources
                .iter()
                .map(|(name, settings)| ((*name).to_owned(), settings.clone()))
                .collect::<BTreeMap<_, _>>(),
        };
        Setup {
            config,
            _cache: cache,
        }
    }

    fn cache_dir(&self) -> &Path {
        self.config.cache.dir.as_deref().unwrap()
    }

    /// A new run over the same config and cache, with `KEY` in `TEST_API_KEY`.
    fn http(&self) -> Http {
        self.http_with(HttpOptions::default())
    }

    fn http_with(&self, options: HttpOptions) -> Http {
        Http::with_env(&self.config, options, |variable| {
            (variable == "TEST_API_KEY").then(|| KEY.to_owned())
        })
        .unwrap()
    }
}

fn source(kind: SourceKind, server: &MockServer) -> SourceSettings {
    SourceSettings {
        kind,
        base_url: server.uri(),
        enabled: true,
        api_key_env: None,
        rate_limit: RateLimit::per_second(100),
        bills_each_call: false,
        chain_id: None,
    }
}

fn keyed(mut settings: SourceSettings) -> SourceSettings {
    settings.api_key_env = Some("TEST_API_KEY".into());
    settings
}

/// Answers `{}` and notes when each request arrived.
#[derive(Clone, Default)]
struct Arrivals {
    at: Arc<Mutex<Vec<Instant>>>,
    header: Option<(&'static str, &'static str)>,
}

impl Arrivals {
    fn with_header(name: &'static str, value: &'static str) -> Self {
        Arrivals {
            header: Some((name, value)),
            ..Arrivals::default()
        }
    }

    fn instants(&self) -> Vec<Instant> {
        let mut at = self.at.lock().unwrap().clone();
        at.sort();
        at
    }
}

impl Respond for Arrivals {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        self.at.lock().unwrap().push(Instant::now());
        let template = json(200, "{}");
        match self.header {
            Some((name, value)) => template.insert_header(name, value),
            None => template,
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}
