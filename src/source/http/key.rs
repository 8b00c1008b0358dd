//! API keys: read from the environment variables the config names, put on the wire where each API
//! expects them, and nowhere else.

use crate::inputs::config::settings::{KEY_PLACEHOLDER, SourceKind, SourceSettings};

/// An API key: put on the wire and nowhere else (its `Debug` does not show it).
#[derive(Clone)]
pub(super) struct Secret(pub(super) String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// `text` with every occurrence of the key replaced, for anything that came from a server.
    pub(super) fn redact(&self, text: &str) -> String {
        text.replace(&self.0, "<redacted>")
    }

    /// Whether `body` repeats the key.
    pub(super) fn is_in(&self, body: &[u8]) -> bool {
        let key = self.0.as_bytes();
        !key.is_empty() && body.windows(key.len()).any(|window| window == key)
    }
}

/// Whether an API of this kind refuses to answer without a key. CoinGecko answers keyless (at a
/// lower, IP-shared rate), and chain nodes and exchanges' public APIs need none; CoinMarketCap
/// and Etherscan answer nothing useful without one, so the call fails before the network.
pub(super) fn needs_key(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::Coinmarketcap | SourceKind::Etherscan)
}

/// Where an API expects its key.
pub(super) enum KeyPlacement {
    Header(&'static str),
    Query(&'static str),
    /// `Authorization: Bearer <key>`, what managed RPC gateways commonly accept.
    Bearer,
    /// In place of [`KEY_PLACEHOLDER`] in the `base_url`, for gateways that take nothing else.
    Url,
}

pub(super) fn key_placement(settings: &SourceSettings) -> KeyPlacement {
    if settings.base_url.contains(KEY_PLACEHOLDER) {
        return KeyPlacement::Url;
    }
    match settings.kind {
        SourceKind::Coingecko if settings.is_coingecko_pro() => {
            KeyPlacement::Header("x-cg-pro-api-key")
        }
        SourceKind::Coingecko => KeyPlacement::Header("x-cg-demo-api-key"),
        SourceKind::Coinmarketcap => KeyPlacement::Header("X-CMC_PRO_API_KEY"),
        SourceKind::Etherscan => KeyPlacement::Query("apikey"),
        _ => KeyPlacement::Bearer,
    }
}
