//! The smallest HTTP/1.1 client the local tooling needs: one request per connection, to an
//! address on this machine (the Lambda emulator, the local servers in tests).

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

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
