//! An issuer's own supply endpoint: the URL a descriptor names in `supply_url`, answering the
//! asset's circulating supply as a plain number (`1234567890.12`), as aggregators require issuers
//! to publish one. Every issuer is read through one source, `issuer`, so their requests share its
//! rate limit, retries and provenance like any other API; its `base_url` is empty, since each
//! call names its whole URL.

use crate::amount::Amount;
use crate::inputs::config::settings::{RateLimit, SourceDefaults, SourceKind};
use crate::snapshot::Observed;
use crate::source::{Call, Http, SourceError};

/// The built-in `[sources.issuer]`. Issuers publish no limit; each is asked once a fetch.
pub const DEFAULTS: SourceDefaults =
    SourceDefaults::new("issuer", SourceKind::Issuer, "", RateLimit::per_second(5));

/// The source's name in `listingcheck.toml`.
pub const SOURCE: &str = DEFAULTS.name;

/// The circulating supply the issuer's endpoint at `url` answers, exact. The body is one number,
/// written out in full, with white space around it allowed and JSON's quotes tolerated; anything
/// else is a shape failure naming what came.
pub async fn circulating_supply(http: &Http, url: &str) -> Result<Observed<Amount>, SourceError> {
    let answer = http.fetch(&Call::get(SOURCE, url)).await?;
    let text = String::from_utf8_lossy(&answer.body);
    let number = text.trim().trim_matches('"');
    let amount: Amount = number.parse().map_err(|_| {
        let shown: String = text.trim().chars().take(60).collect();
        answer.shape(format!("`{shown}` is not a plain number"))
    })?;
    Ok(Observed {
        value: amount,
        req: answer.req,
    })
}
