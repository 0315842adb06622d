//! The HTTP server: accepts connections and serves the app on each, with
//! the limits that keep slow or numerous clients from holding it (axum's
//! `serve` has no header-read timeout), and a graceful shutdown that
//! finishes the requests in flight.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// What the server allows each client.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A client must send a request's headers within this time (also while
    /// a kept-alive connection waits for its next request), or the
    /// connection is closed: a slow client cannot hold a connection open.
    pub header_read: Duration,
    /// Connections served at once; the next waits in the kernel's backlog.
    pub connections: usize,
    /// After the shutdown signal, how long requests in flight may take to
    /// finish before the server stops regardless.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { header_read: Duration::from_secs(10), connections: 1024, drain: Duration::from_secs(30) }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops
/// accepting, lets the requests in flight finish (up to `limits.drain`)
/// and returns.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait for some to
                    // be freed rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |req: Request<Incoming>| with_peer(req, remote));
        let connection =
            builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!(drain = ?limits.drain, "requests still in flight at the end of the shutdown's grace time");
    }
    Ok(())
}

/// The request as axum's handlers expect it, with the client's address
/// (the audit trail's and the sign-in throttle's).
fn with_peer(req: Request<Incoming>, remote: SocketAddr) -> Request {
    let mut req = req.map(Body::new);
    req.extensions_mut().insert(ConnectInfo(remote));
    req
}
