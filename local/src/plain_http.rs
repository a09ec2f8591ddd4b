//! HTTP/1.1 on this machine, as little as the local tooling needs: a client that sends one
//! request per connection (to the Lambda emulator, DynamoDB Local, the fronts in tests) and a
//! server loop for the fronts that answer with whole bodies.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Serves `listener` until the task is dropped, each request answered by `answer` (which is
/// given the client's address); connections are kept alive as clients ask.
pub async fn serve<F, Fut>(listener: TcpListener, answer: F) -> std::io::Result<()>
where
    F: Fn(Request<Incoming>, SocketAddr) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    loop {
        let (stream, peer) = listener.accept().await?;
        let answer = answer.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let answered = answer(request, peer);
                async move { Ok::<_, Infallible>(answered.await) }
            });
            let served = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(error) = served {
                tracing::debug!(error = %error, "connection closed with an error");
            }
        });
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot connect to {0}: {1}")]
    Connect(SocketAddr, std::io::Error),
    #[error("HTTP exchange with {0} failed: {1}")]
    Exchange(SocketAddr, hyper::Error),
    #[error("no answer from {0} within {1:?}")]
    TimedOut(SocketAddr, Duration),
}

/// Sends `request` to `address` and reads the whole answer, giving up after `timeout`.
pub async fn send(
    address: SocketAddr,
    request: Request<Full<Bytes>>,
    timeout: Duration,
) -> Result<Response<Bytes>, ClientError> {
    tokio::time::timeout(timeout, exchange(address, request))
        .await
        .unwrap_or(Err(ClientError::TimedOut(address, timeout)))
}

async fn exchange(
    address: SocketAddr,
    request: Request<Full<Bytes>>,
) -> Result<Response<Bytes>, ClientError> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| ClientError::Connect(address, error))?;
    let failed = |error| ClientError::Exchange(address, error);
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(failed)?;
    let driver = tokio::spawn(connection);
    let response = sender.send_request(request).await.map_err(failed)?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await.map_err(failed)?.to_bytes();
    driver.abort();
    Ok(Response::from_parts(parts, body))
}
