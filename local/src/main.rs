//! `local serve`: the API at http://127.0.0.1:$PORT until Ctrl-C.
//! `local token [--tenant T] [--scopes "read:deals write:deals"] [--sub S] [--app A]`: a dev
//! token (tenant `tenant-dev` and every scope unless told otherwise).

use std::process::ExitCode;
use std::sync::Arc;

use local::config::{local_config, port};
use local::token::{mint, TokenRequest};
use shared::context::AppContext;

const USAGE: &str =
    "usage: local serve | local token --tenant T --scopes \"S1 S2\" [--sub S] [--app A]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve().await,
        Some("token") => token(args.get(1..).unwrap_or_default()),
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
    let dev_token = mint(&config.jwt, &TokenRequest::with_all_scopes("tenant-dev"))?;
    let cors = local::cors::Cors::from_env();
    println!(
        "Deals API on http://127.0.0.1:{port} (table {}, DynamoDB at {})",
        config.table_name,
        config.dynamodb_endpoint.as_deref().unwrap_or("AWS")
    );
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
        served = local::server::serve_with(listener, ctx, cors) => served.map_err(|e| e.to_string()),
        _ = tokio::signal::ctrl_c() => Ok(()),
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
