//! JSON logs, one object per line, carrying the request span's function, request id and tenant.

use tracing_subscriber::filter::LevelFilter;

/// Level from `RUST_LOG` (`error`, `warn`, `info`, `debug` or `trace`; default `info`). A level,
/// not a filter expression: that would bring a regex engine into every function. Safe to call more
/// than once.
pub fn init() {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|value| value.trim().parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    let _already_set = tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_current_span(true)
        .with_span_list(false)
        .flatten_event(true)
        .with_target(false)
        .try_init();
}
