//! Who watches the HTTP layer's calls: a progress display gets told when each call is queued
//! and done. The library draws nothing itself; the command line plugs in its bar.

/// Told of every call the layer makes, per source. Implementations must be cheap: they are
/// called on the request path.
pub trait ProgressObserver: Send + Sync {
    fn queued(&self, source: &str);
    fn done(&self, source: &str);
}
