//! `make bench-coldstart`: runs each function binary as Lambda would, against a Lambda Runtime
//! API emulator of our own, and reports its init time (process start to the first `next`
//! request), its first invocation, a warm invocation and its size.
//!
//! ```text
//! coldstart [FUNCTION…] [--all] [--runs N] [--warmup N] [--warm N] [--bin-dir DIR]
//!           [--output FILE] [--env NAME=VALUE]…
//! ```
//!
//! Functions default to get-deal, list-deals and create-deal (`BENCH_FUNCTIONS=all` or
//! `--all`: every function; `BENCH_FUNCTIONS="a b"`: those). Binaries come from
//! `target/release/` (build them first). Needs `DYNAMODB_ENDPOINT`: run it through
//! `scripts/with-dynamodb.sh`. Exits non-zero on errors only, never on missed targets.

#[path = "../coldstart/emulator.rs"]
mod emulator;
#[path = "../coldstart/report.rs"]
mod report;
#[path = "../coldstart/scenario.rs"]
mod scenario;

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use shared::context::Config;
use shared::routes::{routes, Function};
use tokio::process::{Child, Command};

use emulator::{Emulator, Invocation, Report};
use report::{FunctionResult, Run};
use scenario::Bench;

const DEFAULT_FUNCTIONS: [&str; 3] = ["get-deal", "list-deals", "create-deal"];
const TABLE_NAME: &str = "deals-bench";
const MEMORY_SIZE_MB: &str = "256";
const JWT_SECRET: &str = "coldstart-bench-secret";
const JWT_ISSUER: &str = "deals-bench";
const JWT_AUDIENCE: &str = "deals-api";
const CURSOR_SECRET: &str = "coldstart-bench-cursor-secret-0123456789abcdef";
const TOKEN_SIGNING_SECRET: &str = "coldstart-bench-token-signing-secret-0123456789";
/// How long a process may take to ask for its first event, and an invocation to answer.
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
const INVOCATION_TIMEOUT: Duration = Duration::from_secs(10);
/// A pause between seeding a cold start's data and starting its process.
const SETTLE: Duration = Duration::from_millis(100);

struct Options {
    functions: Vec<Function>,
    runs: usize,
    warmup: usize,
    warm: usize,
    bin_dir: PathBuf,
    output: PathBuf,
    /// Extra environment variables for the function processes (`--env NAME=VALUE`).
    extra_env: Vec<(String, String)>,
}

const USAGE: &str =
    "usage: coldstart [FUNCTION...] [--all] [--runs N] [--warmup N] [--warm N] [--bin-dir DIR]
                 [--output FILE] [--env NAME=VALUE]...
  FUNCTION      function binaries to measure (default: get-deal list-deals create-deal;
                BENCH_FUNCTIONS=all or a space/comma separated list does the same)
  --all         every function of the route table
  --runs N      cold starts per function (default 5)
  --warmup N    cold starts per function before those, not counted (default 1; 0 for none)
  --warm N      warm invocations after each first one (default 20)
  --bin-dir DIR where the binaries are (default: target/release of the workspace)
  --output FILE the JSON report (default: results/coldstart.json)
  --env N=V     an extra environment variable for the function processes (repeatable), to
                try a setting without rebuilding
Needs DYNAMODB_ENDPOINT (scripts/with-dynamodb.sh sets it).";

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1).collect()) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("coldstart: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // On Ctrl-C or SIGTERM the benchmark future is dropped, and with it the running function
    // process (spawned with kill_on_drop).
    let outcome = tokio::select! {
        outcome = bench(options) => outcome,
        signal = shutdown_signal() => Err(format!("interrupted by {signal}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("coldstart: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut terminate) = signal(SignalKind::terminate()) else {
        let _ = tokio::signal::ctrl_c().await;
        return "SIGINT";
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => "SIGINT",
        _ = terminate.recv() => "SIGTERM",
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

fn parse_args(args: Vec<String>) -> Result<Option<Options>, String> {
    let mut names: Vec<String> = Vec::new();
    let mut all = false;
    let mut runs = 5;
    let mut warmup = 1;
    let mut warm = 20;
    let mut bin_dir = target_dir().join("release");
    let mut output = workspace_root().join("results").join("coldstart.json");
    let mut extra_env = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--all" => all = true,
            "--runs" => runs = count(&value("--runs")?, "--runs")?,
            "--warmup" => {
                let text = value("--warmup")?;
                warmup = text
                    .parse()
                    .map_err(|_| format!("--warmup takes a number, not {text:?}"))?;
            }
            "--warm" => warm = count(&value("--warm")?, "--warm")?,
            "--bin-dir" => bin_dir = PathBuf::from(value("--bin-dir")?),
            "--output" => output = PathBuf::from(value("--output")?),
            "--env" => {
                let pair = value("--env")?;
                let (name, val) = pair
                    .split_once('=')
                    .ok_or(format!("--env takes NAME=VALUE, not {pair:?}"))?;
                extra_env.push((name.to_owned(), val.to_owned()));
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            name => names.push(name.to_owned()),
        }
    }
    if names.is_empty() && !all {
        let from_env = std::env::var("BENCH_FUNCTIONS").unwrap_or_default();
        let listed: Vec<String> = from_env
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect();
        if listed.iter().any(|name| name == "all") {
            all = true;
        } else {
            names = listed;
        }
    }
    // Every function once, in route-table order (a function may serve more than one route).
    let mut known: Vec<Function> = Vec::new();
    for route in routes() {
        if !known.contains(&route.function) {
            known.push(route.function);
        }
    }
    let functions = if all {
        known
    } else if names.is_empty() {
        DEFAULT_FUNCTIONS
            .iter()
            .map(|name| function_named(&known, name))
            .collect::<Result<_, _>>()?
    } else {
        names
            .iter()
            .map(|name| function_named(&known, name))
            .collect::<Result<_, _>>()?
    };
    Ok(Some(Options {
        functions,
        runs,
        warmup,
        warm,
        bin_dir,
        output,
        extra_env,
    }))
}

fn count(text: &str, flag: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{flag} takes a positive number, not {text:?}")),
    }
}

fn function_named(known: &[Function], name: &str) -> Result<Function, String> {
    known
        .iter()
        .copied()
        .find(|function| function.name() == name)
        .ok_or_else(|| format!("no function named {name:?}"))
}

async fn bench(options: Options) -> Result<(), String> {
    let endpoint = std::env::var("DYNAMODB_ENDPOINT")
        .ok()
        .filter(|endpoint| !endpoint.is_empty())
        .ok_or("DYNAMODB_ENDPOINT is not set: run `make bench-coldstart` or `scripts/with-dynamodb.sh cargo run --release -p bench --bin coldstart`")?;
    // Check every binary before doing anything else.
    let mut binaries = Vec::new();
    for function in &options.functions {
        let binary = options.bin_dir.join(function.name());
        if !binary.is_file() {
            return Err(format!(
                "{} not found: build it first (cargo build --release -p {})",
                binary.display(),
                function.name()
            ));
        }
        binaries.push(binary);
    }
    // The function's configuration, as template.yaml sets it; the bench reads it the same way.
    let function_env = vec![
        ("TABLE_NAME", TABLE_NAME.to_owned()),
        ("DYNAMODB_ENDPOINT", endpoint.clone()),
        ("JWT_ISSUER", JWT_ISSUER.to_owned()),
        ("JWT_AUDIENCE", JWT_AUDIENCE.to_owned()),
        ("JWT_SECRET", JWT_SECRET.to_owned()),
        ("JWT_PUBLIC_KEY", String::new()),
        ("JWT_JWKS", String::new()),
        ("CURSOR_SECRET", CURSOR_SECRET.to_owned()),
        ("TOKEN_SIGNING_SECRET", TOKEN_SIGNING_SECRET.to_owned()),
        ("API_KEY_CACHE_SECONDS", "60".to_owned()),
        ("RUST_LOG", "info".to_owned()),
    ];
    let config = Config::from_lookup(|name| {
        function_env
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.clone())
    })
    .map_err(|error| format!("configuration: {error}"))?;
    let bench = Bench::connect(config, function_env).await?;
    let log_dir = target_dir().join("coldstart");
    std::fs::create_dir_all(&log_dir).map_err(|e| format!("{}: {e}", log_dir.display()))?;

    let mut results = Vec::new();
    for (function, binary) in options.functions.iter().zip(&binaries) {
        let name = function.name();
        eprint!("coldstart: {name} ");
        let mut runs = Vec::new();
        // Warm-up cold starts first, not counted: they bring the binary into the page cache and
        // get DynamoDB Local's JVM past its own warm-up, which otherwise competes for the CPUs.
        for run in 1..=options.warmup + options.runs {
            let log = log_dir.join(format!("{name}.{run}.log"));
            let measured = cold_start(&bench, *function, binary, &options, &log).await;
            let measured = measured.map_err(|error| {
                eprintln!();
                format!("{name}, cold start {run}: {error}{}", log_tail(&log))
            })?;
            if run > options.warmup {
                eprint!(".");
                runs.push(measured);
            } else {
                eprint!("w");
            }
        }
        eprintln!();
        let binary_bytes = std::fs::metadata(binary).map(|m| m.len()).unwrap_or(0);
        let zip = target_dir().join("lambda").join(name).join("bootstrap.zip");
        results.push(FunctionResult {
            name: name.to_owned(),
            binary: binary.display().to_string(),
            binary_bytes,
            zip_bytes: std::fs::metadata(&zip).ok().map(|m| m.len()),
            runs,
        });
    }

    println!(
        "{}",
        report::markdown(&results, options.runs, options.warmup, options.warm)
    );
    // Init waits for DynamoDB to answer the GetItem that opens the connection: how long that
    // answer takes on its own tells the function's part of init from DynamoDB Local's.
    let answer = dynamodb_answer(&endpoint, 30).await?;
    println!(
        "DynamoDB at {endpoint} answers the connection-opening GetItem on a fresh connection in \
         {:.2} ms (median of 30, from the bench). Init less that: {}.",
        report::ms(answer),
        results
            .iter()
            .map(|result| format!(
                "{} {:.2} ms",
                result.name,
                report::ms(result.init().saturating_sub(answer))
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut json = report::json(
        &results,
        options.runs,
        options.warmup,
        options.warm,
        TABLE_NAME,
    );
    if !options.extra_env.is_empty() {
        let extra: Vec<String> = options
            .extra_env
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        println!(
            "Extra environment of the function processes: {}",
            extra.join(" ")
        );
        json["settings"]["extra_env"] = serde_json::json!(extra);
    }
    json["dynamodb_fresh_connection_get_item_ms"] = serde_json::json!(report::ms(answer));
    report::write_json(&options.output, &json)?;
    println!("Written to {}", options.output.display());
    Ok(())
}

/// One cold start: a fresh tenant and its events, a fresh process, its init, its first
/// invocation and `warm` more. The process is stopped whatever happens.
async fn cold_start(
    bench: &Bench,
    function: Function,
    binary: &Path,
    options: &Options,
    log: &Path,
) -> Result<Run, String> {
    let warm = options.warm;
    let fixture = bench.fixture(function).await?;
    let mut invocations = Vec::with_capacity(warm + 1);
    for n in 0..=warm {
        let call = bench.api_call(function, &fixture, n).await?;
        let request_id = ulid::Ulid::new().to_string().to_lowercase();
        let event = scenario::event(function, &fixture, &call, &request_id)?;
        invocations.push(Invocation { request_id, event });
    }

    // Let DynamoDB Local finish what the seeding started (it shares the CPUs with the function).
    tokio::time::sleep(SETTLE).await;
    let mut emulator = Emulator::start(function.name())
        .await
        .map_err(|e| format!("emulator: {e}"))?;
    let mut command = lambda_command(bench, function, binary, &emulator, log)?;
    command.envs(options.extra_env.iter().map(|(name, value)| (name, value)));
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let measured = drive(&mut emulator, &mut child, started, function, invocations).await;
    let _ = child.start_kill();
    let _ = child.wait().await;
    measured.map_err(|error| format!("{error} (tenant {})", fixture.tenant))
}

/// The process as Lambda starts it: a clean environment with the Lambda variables, the
/// function's configuration from template.yaml and dummy credentials.
fn lambda_command(
    bench: &Bench,
    function: Function,
    binary: &Path,
    emulator: &Emulator,
    log: &Path,
) -> Result<Command, String> {
    let name = function.name();
    let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let log_file_too = log_file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let mut command = Command::new(binary);
    command
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin")
        .env("LANG", "en_US.UTF-8")
        .env("TZ", ":UTC")
        .env("_HANDLER", "bootstrap")
        .env(
            "LAMBDA_TASK_ROOT",
            binary.parent().unwrap_or(Path::new(".")),
        )
        .env("AWS_LAMBDA_RUNTIME_API", emulator.runtime_api())
        .env("AWS_LAMBDA_FUNCTION_NAME", name)
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", MEMORY_SIZE_MB)
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]coldstart")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env("AWS_SESSION_TOKEN", "local")
        .envs(bench.function_env.iter().map(|(name, value)| (name, value)))
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_file_too)
        .kill_on_drop(true);
    Ok(command)
}

/// Waits for the first `next`, then hands out each event in turn and times the answers.
async fn drive(
    emulator: &mut Emulator,
    child: &mut Child,
    started: Instant,
    function: Function,
    invocations: Vec<Invocation>,
) -> Result<Run, String> {
    let ready = wait_for(
        emulator,
        child,
        "the first next request",
        INIT_TIMEOUT,
        |report| {
            Ok(match report {
                Report::Next { at } => Some(at),
                _ => None,
            })
        },
    )
    .await?;
    let init = ready.saturating_duration_since(started);
    let mut took = Vec::with_capacity(invocations.len());
    for invocation in invocations {
        let request_id = invocation.request_id.clone();
        emulator.invoke(invocation);
        let what = format!("the response to {request_id}");
        let duration = wait_for(
            emulator,
            child,
            &what,
            INVOCATION_TIMEOUT,
            |report| match report {
                Report::Response {
                    request_id: answered,
                    took,
                    body,
                } if answered == request_id => {
                    check_response(function, &body)?;
                    took.map(Some)
                        .ok_or_else(|| format!("{answered} was answered before it was handed out"))
                }
                Report::Response { request_id, .. } => Err(format!(
                    "a response to {request_id}, which is not the current event"
                )),
                _ => Ok(None),
            },
        )
        .await?;
        took.push(duration);
    }
    let first = took.remove(0);
    Ok(Run {
        init,
        first,
        warm: took,
    })
}

/// Waits until `want` picks a report, failing on runtime errors, on the process exiting and
/// after `timeout`.
async fn wait_for<T>(
    emulator: &mut Emulator,
    child: &mut Child,
    what: &str,
    timeout: Duration,
    mut want: impl FnMut(Report) -> Result<Option<T>, String>,
) -> Result<T, String> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        tokio::select! {
            report = emulator.report() => {
                let report = report.ok_or("the emulator stopped")?;
                match report {
                    Report::InitError { body } => return Err(format!("init error: {body}")),
                    Report::InvocationError { request_id, body } => {
                        return Err(format!("invocation {request_id} failed: {body}"))
                    }
                    Report::Unexpected { method, path } => {
                        return Err(format!("unexpected request {method} {path}"))
                    }
                    report => {
                        if let Some(value) = want(report)? {
                            return Ok(value);
                        }
                    }
                }
            }
            status = child.wait() => {
                let status = status.map_or_else(|e| e.to_string(), |s| s.to_string());
                return Err(format!("the process exited ({status}) while waiting for {what}"));
            }
            _ = tokio::time::sleep_until(deadline) => {
                return Err(format!("no {what} within {} s", timeout.as_secs()));
            }
        }
    }
}

/// An API Gateway v2 response with a 2xx `statusCode`, or the 404 that is not-found's only
/// answer.
fn check_response(function: Function, body: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(body);
    let response: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("response is not JSON ({e}): {text}"))?;
    let expected = match function {
        Function::NotFound => 404..405,
        _ => 200..300,
    };
    match response["statusCode"].as_u64() {
        Some(status) if expected.contains(&status) => Ok(()),
        Some(status) => Err(format!("answered {status}: {text}")),
        None => Err(format!("response without a statusCode: {text}")),
    }
}

/// The last lines the function logged, to explain a failure.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = lines[lines.len().saturating_sub(15)..].join("\n");
    format!("\nlast lines of {}:\n{tail}", log.display())
}

/// The median time, over `times` fresh TCP connections, from connecting to `endpoint` to the
/// end of its answer to the GetItem a function's init makes (of a key nobody uses).
async fn dynamodb_answer(endpoint: &str, times: usize) -> Result<Duration, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = endpoint
        .strip_prefix("http://")
        .ok_or_else(|| format!("{endpoint}: only a plain http:// endpoint can be timed"))?
        .trim_end_matches('/')
        .to_owned();
    let body = format!(
        r#"{{"TableName":"{TABLE_NAME}","Key":{{"pk":{{"S":"CONNECTION"}},"sk":{{"S":"CONNECTION"}}}}}}"#
    );
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n\
         Content-Type: application/x-amz-json-1.0\r\nAuthorization: AWS4-HMAC-SHA256 \
         Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, \
         Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut samples = Vec::with_capacity(times);
    for _ in 0..times {
        let started = Instant::now();
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .map_err(|error| format!("{address}: {error}"))?;
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|error| format!("{address}: {error}"))?;
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .map_err(|error| format!("{address}: {error}"))?;
        samples.push(started.elapsed());
        if !answer.starts_with(b"HTTP/1.1 ") {
            return Err(format!("{address} did not answer HTTP"));
        }
    }
    Ok(report::median(&samples))
}
