//! The webhook: alerts POSTed as JSON from a task of their own, through a bounded queue, so that a
//! slow or dead endpoint never stops or slows the watch. A full queue drops the alert (it was
//! printed on stdout all the same), and every drop and failed delivery is counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Alerts waiting for delivery at most; more are dropped.
pub const QUEUE: usize = 256;
/// Attempts per alert, with 1 s, 2 s, 4 s … between them.
pub const ATTEMPTS: u32 = 4;
/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What became of the alerts given to the webhook.
#[derive(Debug, Default)]
pub struct Counts {
    /// Put in the queue.
    pub queued: AtomicU64,
    pub delivered: AtomicU64,
    /// Not accepted by the endpoint after every attempt.
    pub failed: AtomicU64,
    /// Dropped because the queue was full, or left in it when the watch stopped.
    pub dropped: AtomicU64,
}

/// The sending side of a webhook.
pub struct Webhook {
    queue: mpsc::Sender<String>,
    counts: Arc<Counts>,
    task: JoinHandle<()>,
}

impl Webhook {
    /// Starts the delivery task for `url`; must be called inside a Tokio runtime.
    pub fn start(url: String) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .user_agent(crate::text::TOOL)
            .build()?;
        let (queue, mut waiting) = mpsc::channel::<String>(QUEUE);
        let counts = Arc::new(Counts::default());
        let task_counts = Arc::clone(&counts);
        let task = tokio::spawn(async move {
            while let Some(body) = waiting.recv().await {
                let counter = if deliver(&client, &url, body).await {
                    &task_counts.delivered
                } else {
                    &task_counts.failed
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(Webhook {
            queue,
            counts,
            task,
        })
    }

    /// Queues one alert's JSON; never waits.
    pub fn send(&self, body: String) {
        if self.queue.try_send(body).is_ok() {
            self.counts.queued.fetch_add(1, Ordering::Relaxed);
        } else {
            self.counts.dropped.fetch_add(1, Ordering::Relaxed);
            tracing::warn!("webhook queue full: an alert was dropped (it is on stdout)");
        }
    }

    /// Gives the task up to `grace` to deliver what is queued, then stops it; what is left
    /// counts as dropped. Returns (delivered, failed, dropped).
    pub async fn finish(self, grace: Duration) -> (u64, u64, u64) {
        let Webhook {
            queue,
            counts,
            mut task,
        } = self;
        drop(queue);
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            task.abort();
        }
        let handled =
            counts.delivered.load(Ordering::Relaxed) + counts.failed.load(Ordering::Relaxed);
        let left = counts
            .queued
            .load(Ordering::Relaxed)
            .saturating_sub(handled);
        counts.dropped.fetch_add(left, Ordering::Relaxed);
        (
            counts.delivered.load(Ordering::Relaxed),
            counts.failed.load(Ordering::Relaxed),
            counts.dropped.load(Ordering::Relaxed),
        )
    }
}

/// POSTs one body, retrying with backoff; whether a 2xx answer came.
async fn deliver(client: &reqwest::Client, url: &str, body: String) -> bool {
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(1 << (attempt - 1))).await;
        }
        let sent = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(answer) if answer.status().is_success() => return true,
            Ok(answer) => {
                tracing::warn!(status = %answer.status(), attempt, "webhook refused an alert");
            }
            Err(error) => tracing::warn!(%error, attempt, "webhook unreachable"),
        }
    }
    false
}
