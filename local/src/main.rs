//! `local serve`: the API at http://127.0.0.1:$PORT until Ctrl-C, with the pipeline board at `/`
//! and the API reference at `/docs` (files from `web/`, or `WEB_ROOT`; see `local::site`).
//! `local serve-lambda [--exit-with-stdin]`: the same API through the function binaries
//! (`LAMBDA_BINARIES`, default `target/debug`) under the Lambda Runtime Interface Emulator
//! (`LAMBDA_RIE`) behind an emulated API Gateway, as deployed; `LAMBDA_INSTANCES` warm instances
//! per function at most (default 4), their output to `FUNCTION_LOGS` if set. With
//! `--exit-with-stdin` it stops when its standard input closes (a test harness that started it
//! has ended). `PORT=0` takes a free port; the first line printed names the address.
//! `DYNAMODB_RECORD=<file>` records each function's DynamoDB uses there;
//! `local check-iam <file>` compares them with template.yaml's policies.
//! `local token [--tenant T] [--scopes "read:deals write:deals"] [--sub S] [--app A]`: a dev
//! token (tenant `tenant-dev` and every scope unless told otherwise).
//! `local import <file.csv> [--url URL] [--token JWT] [--batch-size N]`: a deal for each row,
//! through the batch endpoint of the API at URL (`make dev`'s unless told otherwise); safe to run
//! again. `local import` alone prints what it does with the file.
//! `local reconcile --tenant T`: the tenant's aggregates (counts, sums, entered days) recomputed
//! from its deals on the configured DynamoDB, drift repaired; prints what it found.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use local::config::{local_config, port};
use local::streams::{Consumer, StreamPoller};
use local::token::{mint, TokenRequest};
use shared::context::AppContext;

const USAGE: &str = "usage: local serve | local serve-lambda [--exit-with-stdin] | local token --tenant T --scopes \"S1 S2\" [--sub S] [--app A] | local import <file.csv> [--url URL] [--token JWT] [--batch-size N] | local reconcile --tenant T";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve().await,
        Some("serve-lambda") => serve_lambda(args.get(1).map(String::as_str)).await,
        Some("token") => token(args.get(1..).unwrap_or_default()),
        Some("check-iam") => check_iam(args.get(1).map(String::as_str)),
        Some("import") => import(args.get(1..).unwrap_or_default()).await,
        Some("reconcile") => reconcile(args.get(1..).unwrap_or_default()).await,
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    shared::logging::init();
    let config = local_config().map_err(|e| e.to_string())?;
    let port = port()?;
    let template = local::template::Template::bundled().map_err(|e| e.to_string())?;
    let ctx = Arc::new(AppContext::new(&config).await.map_err(|e| e.to_string())?);
    local::table::ensure_table(ctx.store.client(), &config.table_name, &template.table)
        .await
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let poller = stream_poller(&ctx, &config).await?;
    let consumer = Consumer::InProcess(Arc::clone(&ctx));
    let dev_token = mint(&config.jwt, &TokenRequest::with_all_scopes("tenant-dev"))?;
    let cors = local::cors::Cors::from_env();
    let site = local::site::Site::new(local::site::Site::default_root(), config.jwt.clone());
    println!(
        "Deals API on http://127.0.0.1:{port} (table {}, DynamoDB at {})",
        config.table_name,
        config.dynamodb_endpoint.as_deref().unwrap_or("AWS")
    );
    println!("The pipeline board: http://127.0.0.1:{port}/ (API reference: /docs)");
    println!("Dev token (tenant tenant-dev, every scope, valid 24 h):\n{dev_token}");
    println!(
        "Try: curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:{port}/api/v1/crm/deals"
    );
    if cors.is_enabled() {
        println!(
            "CORS: browsers may call it from {}",
            cors.origins().join(", ")
        );
    }
    println!("Ctrl-C stops the server.");
    tokio::select! {
        served = local::server::serve_site(listener, ctx, cors, Some(site)) => served.map_err(|e| e.to_string()),
        () = poller.run(consumer.clone(), STREAM_POLL_INTERVAL) => Ok(()),
        () = local::streams::sweep_every(consumer, SWEEP_INTERVAL) => Ok(()),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// How often the local servers attempt the webhook deliveries that are due (deployed: every
/// minute, EventBridge's finest schedule).
const SWEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// How often `make dev` reads the table's stream: an event is in the feed within about this long
/// of its write (a deployed stack's event source mapping polls several times a second).
const STREAM_POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// The poller of the table's stream, as Lambda's event source mapping would run it.
async fn stream_poller(
    ctx: &AppContext,
    config: &shared::context::Config,
) -> Result<Arc<StreamPoller>, String> {
    let endpoint = config
        .dynamodb_endpoint
        .as_deref()
        .ok_or("the local server needs DYNAMODB_ENDPOINT (DynamoDB Local)")?;
    let poller = StreamPoller::new(ctx, endpoint, &config.table_name).await?;
    Ok(Arc::new(poller))
}

async fn serve_lambda(flag: Option<&str>) -> Result<(), String> {
    let exit_with_stdin = match flag {
        None => false,
        Some("--exit-with-stdin") => true,
        Some(_) => return Err(USAGE.to_owned()),
    };
    shared::logging::init();
    let config = local_config().map_err(|e| e.to_string())?;
    let port = port()?;
    let template = local::template::Template::bundled().map_err(|e| e.to_string())?;
    let rie = local::config::env_or_default("LAMBDA_RIE")
        .ok_or("LAMBDA_RIE must name aws-lambda-rie (make dev-lambda installs it)")?;
    let emulator = local::emulator::EmulatorConfig {
        rie: rie.into(),
        binaries: local::config::env_or_default("LAMBDA_BINARIES")
            .unwrap_or_else(|| "target/debug".into())
            .into(),
        max_instances: match local::config::env_or_default("LAMBDA_INSTANCES") {
            None => 4,
            Some(count) => count
                .parse()
                .map_err(|_| format!("LAMBDA_INSTANCES must be a number, not {count:?}"))?,
        },
        log_file: local::config::env_or_default("FUNCTION_LOGS").map(Into::into),
    };
    let ctx = AppContext::new(&config).await.map_err(|e| e.to_string())?;
    local::table::ensure_table(ctx.store.client(), &config.table_name, &template.table)
        .await
        .map_err(|e| e.to_string())?;
    let record = local::config::env_or_default("DYNAMODB_RECORD").map(Into::into);
    let gateway = local::gateway::Gateway::new(&template, &config, emulator, record).await?;
    let gateway = Arc::new(gateway);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Deals API (function binaries under the Lambda emulator) on http://{address} (table {})",
        config.table_name
    );
    if !exit_with_stdin {
        let dev_token = mint(&config.jwt, &TokenRequest::with_all_scopes("tenant-dev"))?;
        println!("Dev token (tenant tenant-dev, every scope, valid 24 h):\n{dev_token}");
        println!("Ctrl-C stops the server.");
    }
    let poller = stream_poller(&ctx, &config).await?;
    let consumer = Consumer::Emulated(Arc::clone(&gateway));
    // A harness on standard input asks for `drain` (every answered write processed into events)
    // and reads `drained <records>` (or `drain failed: …`) back.
    let stdin_closed = {
        let (poller, consumer) = (Arc::clone(&poller), consumer.clone());
        async move {
            if exit_with_stdin {
                let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(
                    tokio::io::stdin(),
                ));
                while let Ok(Some(line)) = lines.next_line().await {
                    let line = line.trim();
                    if line == "drain" {
                        match poller.drain(&consumer).await {
                            Ok(records) => println!("drained {records}"),
                            Err(error) => println!("drain failed: {error}"),
                        }
                    } else if let Some(tenant) = line.strip_prefix("reconcile") {
                        // `reconcile <tenant>`, or every registered tenant
                        let tenant = Some(tenant.trim()).filter(|tenant| !tenant.is_empty());
                        match consumer.reconcile(tenant).await {
                            Ok(report) => println!("reconciled {report}"),
                            Err(error) => println!("reconcile failed: {error}"),
                        }
                    } else if let Some(request) = line.strip_prefix("sweep ") {
                        // `sweep <RFC 3339 time> [tenant]`
                        let mut words = request.split_whitespace();
                        let at = time::OffsetDateTime::parse(
                            words.next().unwrap_or_default(),
                            &time::format_description::well_known::Rfc3339,
                        );
                        match at {
                            Ok(at) => match consumer.sweep(at, words.next()).await {
                                Ok(attempted) => println!("swept {attempted}"),
                                Err(error) => println!("sweep failed: {error}"),
                            },
                            Err(error) => println!("sweep failed: {error}"),
                        }
                    }
                }
            } else {
                std::future::pending::<()>().await;
            }
        }
    };
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| e.to_string())?;
    // However it stops, it stops the function instances it started.
    let served = tokio::select! {
        served = local::gateway::serve(listener, Arc::clone(&gateway)) => served.map_err(|e| e.to_string()),
        () = poller.run(consumer.clone(), STREAM_POLL_INTERVAL) => Ok(()),
        () = local::streams::sweep_every(consumer, SWEEP_INTERVAL) => Ok(()),
        _ = tokio::signal::ctrl_c() => Ok(()),
        _ = terminate.recv() => Ok(()),
        () = stdin_closed => Ok(()),
    };
    gateway.shutdown();
    served
}

/// Compares the DynamoDB uses recorded by `serve-lambda` (`DYNAMODB_RECORD`) with the
/// functions' policies in template.yaml; fails listing every difference.
async fn reconcile(args: &[String]) -> Result<(), String> {
    let tenant = match args {
        [flag, tenant] if flag == "--tenant" && !tenant.is_empty() => tenant,
        _ => return Err("usage: local reconcile --tenant T".into()),
    };
    let config = local_config().map_err(|e| e.to_string())?;
    let ctx = AppContext::new(&config).await.map_err(|e| e.to_string())?;
    let done = ctx
        .store
        .reconcile(tenant)
        .await
        .map_err(|error| shared::error::error_chain(&error))?;
    println!(
        "{} deals read, {} aggregate items checked, {} repaired{}",
        done.deals_read,
        done.items_checked,
        done.repaired.len(),
        if done.repaired.is_empty() {
            String::new()
        } else {
            format!(": {}", done.repaired.join(", "))
        }
    );
    Ok(())
}

fn check_iam(file: Option<&str>) -> Result<(), String> {
    let file = file.ok_or("usage: local check-iam <file of recorded uses>")?;
    let uses =
        local::iam::read_uses(std::path::Path::new(file)).map_err(|e| format!("{file}: {e}"))?;
    let grants = local::iam::grants(local::template::TEMPLATE_YAML).map_err(|e| e.to_string())?;
    let problems = local::iam::check(&grants, &uses);
    if problems.is_empty() {
        println!(
            "IAM: {} functions' policies grant exactly the {} DynamoDB uses the tests made",
            grants.len(),
            uses.len()
        );
        Ok(())
    } else {
        Err(format!(
            "IAM policies in template.yaml differ from use:\n{}",
            problems.join("\n")
        ))
    }
}

fn token(args: &[String]) -> Result<(), String> {
    let mut request = TokenRequest::with_all_scopes("tenant-dev");
    let mut pairs = args.chunks(2);
    for pair in &mut pairs {
        let [flag, value] = pair else {
            return Err(USAGE.to_owned());
        };
        match flag.as_str() {
            "--tenant" => request.tenant = value.clone(),
            "--scopes" => request.scopes = value.clone(),
            "--sub" => request.subject = value.clone(),
            "--app" => request.app_id = Some(value.clone()),
            _ => return Err(USAGE.to_owned()),
        }
    }
    let config = local_config().map_err(|e| e.to_string())?;
    println!("{}", mint(&config.jwt, &request)?);
    Ok(())
}

async fn import(args: &[String]) -> Result<(), String> {
    let mut options = local::import::ImportOptions::from_args(args)
        .map_err(|error| format!("{error}\n\n{}", local::import::USAGE))?;
    let mut stderr = std::io::stderr();
    options.redraw_progress = stderr.is_terminal();
    let summary = local::import::import(&options, &mut stderr)
        .await
        .map_err(|error| error.to_string())?;
    println!("{summary}");
    Ok(())
}
