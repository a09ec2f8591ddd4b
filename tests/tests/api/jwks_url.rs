//! Keys fetched from `JWT_JWKS_URL`: a JWKS served on a loopback port by the test, rotated
//! while the context runs. The refetch interval is measured by a manual clock the tests move;
//! fetches are counted by the server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http::Method;
use integration_tests::jwt::{
    base64url, claims, es256_key, rsa_jwk, signed_with_kid, TRUSTED_PRIVATE_KEY,
    UNTRUSTED_PRIVATE_KEY,
};
use integration_tests::{all, test_config, TestApi, ALL_SCOPES, DEALS};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{json, Value};
use shared::auth::{MonotonicClock, REFETCH_INTERVAL};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PATH: &str = "/.well-known/jwks.json";

/// What the server answers the next request with.
#[derive(Clone)]
enum Answer {
    /// 200 with this JWKS document.
    Jwks(Value),
    Status(u16),
    /// 200 with this body.
    Body(&'static str),
    /// Reads the request and never answers.
    Silence,
}

/// A JWKS endpoint on 127.0.0.1 over HTTP/1.1, one request per connection.
struct JwksServer {
    url: String,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl JwksServer {
    async fn start(answer: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}{PATH}", listener.local_addr().expect("address"));
        let answer = Arc::new(Mutex::new(answer));
        let requests = Arc::new(AtomicUsize::new(0));
        let (next, count) = (Arc::clone(&answer), Arc::clone(&requests));
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                // Counted as accepted, in order, so a request answered is a request counted.
                count.fetch_add(1, Ordering::SeqCst);
                let answer = next.lock().expect("answer").clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => head.extend_from_slice(&buffer[..read]),
                        }
                    }
                    let wanted = head.starts_with(format!("GET {PATH} HTTP/1.1\r\n").as_bytes());
                    let (status, body) = match answer {
                        _ if !wanted => (404, String::new()),
                        Answer::Jwks(jwks) => (200, jwks.to_string()),
                        Answer::Status(status) => (status, "{}".to_owned()),
                        Answer::Body(body) => (200, body.to_owned()),
                        Answer::Silence => {
                            // Holds the connection open until the test's runtime ends.
                            std::future::pending::<()>().await;
                            return;
                        }
                    };
                    let response = format!(
                        "HTTP/1.1 {status} Answer\r\nContent-Type: application/json\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        JwksServer {
            url,
            answer,
            requests,
            task,
        }
    }

    fn serve(&self, answer: Answer) {
        *self.answer.lock().expect("answer") = answer;
    }

    /// Requests received so far.
    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for JwksServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn jwks(keys: &[&Value]) -> Answer {
    Answer::Jwks(json!({ "keys": keys }))
}

/// A context trusting the keys at `url` (and the HS256 test secret), its cold-start fetch done.
async fn api_with_url(url: &str) -> (TestApi, MonotonicClock) {
    let clock = MonotonicClock::manual();
    let mut config = test_config();
    config.jwt.jwks_url = Some(url.into());
    config.jwt.clock = clock.clone();
    let api = TestApi::with_config(config).await;
    api.ctx.auth.fetch_settled().await;
    (api, clock)
}

async fn status(api: &TestApi, token: &str) -> u16 {
    let response = api.call(Method::GET, DEALS).token(token).send().await;
    assert!(
        matches!(response.status, 200 | 401),
        "{}: {}",
        response.status,
        response.body
    );
    response.status
}

/// Key A: the RSA fixture key (RS256). Key B: a new P-256 key (ES256).
struct Keys {
    a: EncodingKey,
    a_jwk: Value,
    b: EncodingKey,
    b_jwk: Value,
}

fn keys() -> Keys {
    let (b, b_jwk) = es256_key("key-b");
    Keys {
        a: EncodingKey::from_rsa_pem(TRUSTED_PRIVATE_KEY.as_bytes()).expect("RSA key"),
        a_jwk: rsa_jwk(TRUSTED_PRIVATE_KEY, "key-a"),
        b,
        b_jwk,
    }
}

#[tokio::test]
async fn keys_rotated_at_the_url_are_used_without_a_restart() {
    let keys = keys();
    let server = JwksServer::start(jwks(&[&keys.a_jwk])).await;
    let (api, clock) = api_with_url(&server.url).await;
    assert_eq!(server.requests(), 1, "fetched when the context was built");
    let valid = claims(&api, json!({}));
    let token_a = signed_with_kid(&valid, Algorithm::RS256, &keys.a, "key-a");
    let token_b = signed_with_kid(&valid, Algorithm::ES256, &keys.b, "key-b");
    assert_eq!(status(&api, &token_a).await, 200);
    assert_eq!(status(&api, &token_a).await, 200);
    assert_eq!(server.requests(), 1, "the keys are cached");

    // The provider rotates: B published, A removed.
    server.serve(jwks(&[&keys.b_jwk]));
    assert_eq!(
        status(&api, &token_a).await,
        200,
        "a removed key verifies until the next refetch"
    );
    assert_eq!(
        status(&api, &token_b).await,
        401,
        "within a minute of the last fetch an unknown kid is refused"
    );
    assert_eq!(server.requests(), 1, "and does not fetch");

    clock.advance(REFETCH_INTERVAL);
    assert_eq!(
        status(&api, &token_b).await,
        200,
        "an unknown kid refetches"
    );
    assert_eq!(server.requests(), 2);
    assert_eq!(status(&api, &token_b).await, 200);
    assert_eq!(
        status(&api, &token_a).await,
        401,
        "the refetch replaced the cache: A is gone"
    );
    let token_c = signed_with_kid(&valid, Algorithm::ES256, &keys.b, "key-c");
    assert_eq!(status(&api, &token_c).await, 401);
    assert_eq!(
        server.requests(),
        2,
        "kids unknown within the minute fetch nothing"
    );
    // The other keys still count beside the URL's.
    assert_eq!(status(&api, &api.token(ALL_SCOPES)).await, 200);

    clock.advance(REFETCH_INTERVAL);
    assert_eq!(status(&api, &token_c).await, 401, "fetched, still unknown");
    assert_eq!(server.requests(), 3);
    // The kid and algorithm rules are the pasted JWKS's: the kid must name the key that
    // signed, and the algorithm must be the key's.
    let untrusted = EncodingKey::from_rsa_pem(UNTRUSTED_PRIVATE_KEY.as_bytes()).expect("RSA key");
    let signed_by_b = |header: Value| {
        let message = format!(
            "{}.{}",
            base64url(header.to_string().as_bytes()),
            base64url(valid.to_string().as_bytes())
        );
        let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &keys.b, Algorithm::ES256)
            .expect("ES256 signature");
        format!("{message}.{signature}")
    };
    assert_eq!(
        status(&api, &signed_by_b(json!({"alg": "ES256", "kid": "key-b"}))).await,
        200
    );
    for token in [
        signed_with_kid(&valid, Algorithm::RS256, &untrusted, "key-b"),
        signed_with_kid(&valid, Algorithm::RS256, &keys.a, "key-b"),
        signed_by_b(json!({"alg": "ES384", "kid": "key-b"})),
    ] {
        assert_eq!(status(&api, &token).await, 401);
    }
    assert_eq!(server.requests(), 3, "known kids fetch nothing");
}

#[tokio::test]
async fn requests_needing_a_new_kid_at_once_share_one_fetch() {
    let keys = keys();
    let server = JwksServer::start(jwks(&[&keys.a_jwk])).await;
    let (api, clock) = api_with_url(&server.url).await;
    server.serve(jwks(&[&keys.a_jwk, &keys.b_jwk]));
    clock.advance(REFETCH_INTERVAL);
    let token_b = signed_with_kid(&claims(&api, json!({})), Algorithm::ES256, &keys.b, "key-b");
    let responses = all((0..8).map(|_| api.call(Method::GET, DEALS).token(&token_b).send())).await;
    for response in &responses {
        assert_eq!(response.status, 200, "{}", response.body);
    }
    assert_eq!(
        server.requests(),
        2,
        "one fetch at cold start, one for kid B"
    );
}

#[tokio::test]
async fn a_failing_url_refuses_its_tokens_until_a_refetch_succeeds() {
    let keys = keys();
    let server = JwksServer::start(Answer::Status(500)).await;
    let (api, clock) = api_with_url(&server.url).await;
    assert_eq!(server.requests(), 1);
    let token_a = signed_with_kid(&claims(&api, json!({})), Algorithm::RS256, &keys.a, "key-a");
    assert_eq!(status(&api, &token_a).await, 401);
    assert_eq!(server.requests(), 1, "no refetch within the minute");
    assert_eq!(
        status(&api, &api.token(ALL_SCOPES)).await,
        200,
        "the other keys still verify"
    );

    for broken in [
        Answer::Body("not json"),
        Answer::Body(r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#),
        Answer::Status(302),
        Answer::Silence,
    ] {
        server.serve(broken);
        clock.advance(REFETCH_INTERVAL);
        assert_eq!(status(&api, &token_a).await, 401);
    }

    server.serve(jwks(&[&keys.a_jwk]));
    clock.advance(REFETCH_INTERVAL);
    assert_eq!(status(&api, &token_a).await, 200, "the refetch succeeded");
    assert_eq!(
        server.requests(),
        6,
        "one fetch each minute, the silent one included"
    );

    // A failed refetch keeps the keys fetched before.
    server.serve(Answer::Status(503));
    clock.advance(REFETCH_INTERVAL);
    let token_c = signed_with_kid(&claims(&api, json!({})), Algorithm::RS256, &keys.a, "key-c");
    assert_eq!(status(&api, &token_c).await, 401);
    assert_eq!(server.requests(), 7);
    assert_eq!(status(&api, &token_a).await, 200);
}

#[tokio::test]
async fn an_unreachable_url_is_logged_not_fatal() {
    let keys = keys();
    // Nothing listens on port 9 of the loopback address: connections are refused at once.
    let (api, _clock) = api_with_url("http://127.0.0.1:9/.well-known/jwks.json").await;
    let token_a = signed_with_kid(&claims(&api, json!({})), Algorithm::RS256, &keys.a, "key-a");
    assert_eq!(status(&api, &token_a).await, 401);
    assert_eq!(status(&api, &api.token(ALL_SCOPES)).await, 200);
}
