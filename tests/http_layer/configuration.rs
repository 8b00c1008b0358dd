//! The sources' configuration as the layer applies it.

use listingcheck::exchange::Exchange;
use listingcheck::inputs::config::SourceKind;
use listingcheck::source::http::{Call, SourceError};
use wiremock::MockServer;

use crate::support::received;
use crate::{Setup, source};

#[tokio::test]
async fn a_disabled_source_is_refused_without_a_request() {
    let server = MockServer::start().await;
    let mut gopax = source(SourceKind::Exchange(Exchange::Gopax), &server);
    gopax.enabled = false;
    let setup = Setup::new(&[("gopax", gopax)]);

    let error = setup
        .http()
        .fetch(&Call::get("gopax", "/trading-pairs"))
        .await
        .unwrap_err();

    assert_eq!(error, SourceError::Disabled("gopax".into()));
    assert_eq!(received(&server).await, 0);
}
