//! Function binaries run as Lambda runs them: each instance is the binary under AWS's Lambda
//! Runtime Interface Emulator (the one `sam local` runs in its containers), started on first
//! need with exactly the environment it is given, and serving one invocation at a time. A
//! function gets up to `max_instances` warm instances, so concurrent requests run side by side
//! as on separate Lambda instances; an instance whose invocation failed to answer is replaced.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use tokio::process::{Child, Command};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::plain_http;

const INVOCATIONS_PATH: &str = "/2015-03-31/functions/function/invocations";
/// How long a new emulator may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Beyond the function's own timeout (which the emulator enforces), before the front gives up.
const TIMEOUT_MARGIN: Duration = Duration::from_secs(2);

/// What one function runs with.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub binary: String,
    pub environment: Vec<(String, String)>,
    pub timeout: Duration,
    pub memory_mb: u64,
}

#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// `aws-lambda-rie` (from the aws-sam-cli wheel).
    pub rie: PathBuf,
    /// Where the function binaries are (`target/debug`).
    pub binaries: PathBuf,
    pub max_instances: usize,
    /// Where the instances' output goes; inherited when `None`.
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    #[error("no function {0}")]
    UnknownFunction(String),
    #[error("cannot start {binary}: {detail}")]
    Start { binary: String, detail: String },
    #[error("{0}")]
    Invoke(#[from] plain_http::ClientError),
}

pub struct Emulator {
    config: EmulatorConfig,
    pools: HashMap<String, Pool>,
    /// Every running emulator process, by pid, so that all can be stopped.
    children: Arc<Mutex<HashMap<u32, Child>>>,
}

struct Pool {
    spec: FunctionSpec,
    idle: Mutex<Vec<Instance>>,
    permits: Arc<Semaphore>,
}

struct Instance {
    address: SocketAddr,
    pid: u32,
}

impl Emulator {
    pub fn new(config: EmulatorConfig, functions: Vec<FunctionSpec>) -> Self {
        let pools = functions
            .into_iter()
            .map(|spec| {
                let pool = Pool {
                    permits: Arc::new(Semaphore::new(config.max_instances.max(1))),
                    idle: Mutex::new(Vec::new()),
                    spec,
                };
                (pool.spec.binary.clone(), pool)
            })
            .collect();
        Emulator {
            config,
            pools,
            children: Arc::default(),
        }
    }

    /// Invokes `binary` with `event` and answers what the function returned (its result, or the
    /// emulator's error document when it failed).
    pub async fn invoke(&self, binary: &str, event: Vec<u8>) -> Result<Bytes, InvokeError> {
        let pool = self
            .pools
            .get(binary)
            .ok_or_else(|| InvokeError::UnknownFunction(binary.to_owned()))?;
        let permit: OwnedSemaphorePermit = Arc::clone(&pool.permits)
            .acquire_owned()
            .await
            .map_err(|_| InvokeError::UnknownFunction(binary.to_owned()))?;
        let idle = pool.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let instance = match idle {
            Some(instance) => instance,
            None => self.start(&pool.spec).await?,
        };
        let request = hyper::Request::post(INVOCATIONS_PATH)
            .header(hyper::header::HOST, instance.address.to_string())
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(event)));
        let request = match request {
            Ok(request) => request,
            Err(error) => {
                self.stop(instance.pid);
                return Err(InvokeError::Start {
                    binary: binary.to_owned(),
                    detail: error.to_string(),
                });
            }
        };
        let answer = plain_http::send(
            instance.address,
            request,
            pool.spec.timeout + TIMEOUT_MARGIN,
        )
        .await;
        match answer {
            Ok(response) => {
                if let Ok(mut idle) = pool.idle.lock() {
                    idle.push(instance);
                }
                drop(permit);
                Ok(response.into_body())
            }
            Err(error) => {
                self.stop(instance.pid);
                Err(error.into())
            }
        }
    }

    /// Stops every instance (the emulator stops its function with it).
    pub fn shutdown(&self) {
        let pids: Vec<u32> = self
            .children
            .lock()
            .map(|children| children.keys().copied().collect())
            .unwrap_or_default();
        for pid in pids {
            self.stop(pid);
        }
    }

    async fn start(&self, spec: &FunctionSpec) -> Result<Instance, InvokeError> {
        let failed = |detail: String| InvokeError::Start {
            binary: spec.binary.clone(),
            detail,
        };
        let address = free_address().map_err(|e| failed(e.to_string()))?;
        let runtime_api = free_address().map_err(|e| failed(e.to_string()))?;
        let mut command = Command::new(&self.config.rie);
        command
            .arg("--runtime-interface-emulator-address")
            .arg(address.to_string())
            .arg("--runtime-api-address")
            .arg(runtime_api.to_string())
            .arg(self.config.binaries.join(&spec.binary))
            .env_clear()
            .envs(spec.environment.iter().map(|(k, v)| (k, v)))
            .env("AWS_LAMBDA_FUNCTION_NAME", &spec.binary)
            .env(
                "AWS_LAMBDA_FUNCTION_TIMEOUT",
                spec.timeout.as_secs().to_string(),
            )
            .env(
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                spec.memory_mb.to_string(),
            )
            .stdin(Stdio::null())
            .process_group(0)
            .kill_on_drop(true);
        match &self.config.log_file {
            None => {
                command.stdout(Stdio::inherit()).stderr(Stdio::inherit());
            }
            Some(path) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| failed(format!("{}: {e}", path.display())))?;
                let copy = file.try_clone().map_err(|e| failed(e.to_string()))?;
                command.stdout(file).stderr(copy);
            }
        }
        let child = command
            .spawn()
            .map_err(|e| failed(format!("{}: {e}", self.config.rie.display())))?;
        let pid = child.id().ok_or_else(|| failed("exited at once".into()))?;
        if let Ok(mut children) = self.children.lock() {
            children.insert(pid, child);
        }
        // The emulator starts the function on its first invocation; it only has to listen.
        let listening = tokio::time::timeout(START_TIMEOUT, async {
            loop {
                if tokio::net::TcpStream::connect(address).await.is_ok() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
        if listening.is_err() {
            self.stop(pid);
            return Err(failed(format!(
                "not listening on {address} after {START_TIMEOUT:?}"
            )));
        }
        Ok(Instance { address, pid })
    }

    /// Stops an instance: the emulator and its function (one process group), asked politely,
    /// then killed when the child is dropped.
    fn stop(&self, pid: u32) {
        let child = self
            .children
            .lock()
            .ok()
            .and_then(|mut children| children.remove(&pid));
        if child.is_some() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// A port nobody listens on now (the emulator binds it a moment later).
fn free_address() -> std::io::Result<SocketAddr> {
    TcpListener::bind("127.0.0.1:0")?.local_addr()
}
