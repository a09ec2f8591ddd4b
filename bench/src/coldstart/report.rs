//! The figures of each function, their medians, the targets, a Markdown table and the JSON file.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

/// Process start to the first `next` request.
pub const INIT_TARGET: Duration = Duration::from_millis(15);
/// The first invocation may take at most this many times a warm one.
pub const FIRST_OVER_WARM_TARGET: f64 = 2.0;
/// A function's deployment package must stay below this (4.5 MB, as `make package` checks: no
/// LTO, see Cargo.toml's release profile).
pub const ZIP_TARGET_BYTES: u64 = 4_500_000;

/// One cold start of a function process.
#[derive(Debug, Clone)]
pub struct Run {
    pub init: Duration,
    pub first: Duration,
    /// Each warm invocation, in order.
    pub warm: Vec<Duration>,
}

impl Run {
    pub fn warm_median(&self) -> Duration {
        median(&self.warm)
    }
}

#[derive(Debug, Clone)]
pub struct FunctionResult {
    pub name: String,
    pub binary: String,
    pub binary_bytes: u64,
    /// `target/lambda/<name>/bootstrap.zip` from `make package`, when there is one.
    pub zip_bytes: Option<u64>,
    pub runs: Vec<Run>,
}

impl FunctionResult {
    pub fn init(&self) -> Duration {
        median(&self.runs.iter().map(|run| run.init).collect::<Vec<_>>())
    }

    pub fn first(&self) -> Duration {
        median(&self.runs.iter().map(|run| run.first).collect::<Vec<_>>())
    }

    /// The median over the runs of each run's median warm invocation.
    pub fn warm(&self) -> Duration {
        median(&self.runs.iter().map(Run::warm_median).collect::<Vec<_>>())
    }

    pub fn first_over_warm(&self) -> f64 {
        let warm = self.warm().as_secs_f64();
        if warm > 0.0 {
            self.first().as_secs_f64() / warm
        } else {
            f64::INFINITY
        }
    }

    pub fn init_met(&self) -> bool {
        self.init() < INIT_TARGET
    }

    pub fn first_met(&self) -> bool {
        self.first_over_warm() <= FIRST_OVER_WARM_TARGET
    }

    pub fn zip_met(&self) -> Option<bool> {
        self.zip_bytes.map(|bytes| bytes < ZIP_TARGET_BYTES)
    }
}

pub fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

pub fn ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

fn mark(met: bool) -> &'static str {
    if met {
        "yes"
    } else {
        "**no**"
    }
}

fn range(values: impl Iterator<Item = Duration>) -> (Duration, Duration) {
    let values: Vec<Duration> = values.collect();
    let min = values.iter().min().copied().unwrap_or_default();
    let max = values.iter().max().copied().unwrap_or_default();
    (min, max)
}

/// The Markdown report: one row per function, then which targets are met.
pub fn markdown(results: &[FunctionResult], runs: usize, warmup: usize, warm: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Cold starts against the emulated Lambda Runtime API: medians of {runs} cold starts per \
         function (after {warmup} not counted); warm is the median of {warm} further invocations \
         ({} binaries on {} CPUs, load average {} at the end, same DynamoDB Local for every \
         invocation; other work on the machine inflates init).\n\n",
        std::env::consts::ARCH,
        cpus(),
        load_average().unwrap_or_else(|| "unknown".into()),
    ));
    out.push_str(
        "| function | init ms (min–max) | first ms | warm ms | first/warm | binary | zipped | init < 15 ms | first ≤ 2× warm |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|:-:|:-:|\n");
    for result in results {
        let (min, max) = range(result.runs.iter().map(|run| run.init));
        let zipped = match result.zip_bytes {
            Some(bytes) => megabytes(bytes),
            None => "–".into(),
        };
        out.push_str(&format!(
            "| {} | {:.2} ({:.1}–{:.1}) | {:.2} | {:.2} | {:.2}× | {} | {} | {} | {} |\n",
            result.name,
            ms(result.init()),
            ms(min),
            ms(max),
            ms(result.first()),
            ms(result.warm()),
            result.first_over_warm(),
            megabytes(result.binary_bytes),
            zipped,
            mark(result.init_met()),
            mark(result.first_met()),
        ));
    }
    out.push('\n');
    out.push_str(&target_line(
        "init < 15 ms",
        results,
        |r| Some(r.init_met()),
        |r| format!("{} {:.2} ms", r.name, ms(r.init())),
    ));
    out.push_str(&target_line(
        "first invocation ≤ 2× warm",
        results,
        |r| Some(r.first_met()),
        |r| format!("{} {:.2}×", r.name, r.first_over_warm()),
    ));
    if results.iter().any(|r| r.zip_bytes.is_some()) {
        out.push_str(&target_line(
            "zipped < 4.5 MB",
            results,
            FunctionResult::zip_met,
            |r| format!("{} {}", r.name, megabytes(r.zip_bytes.unwrap_or_default())),
        ));
    } else {
        out.push_str(
            "- zipped < 4.5 MB: not measured here (`make package` builds the zips and checks them)\n",
        );
    }
    out
}

fn target_line(
    name: &str,
    results: &[FunctionResult],
    met: impl Fn(&FunctionResult) -> Option<bool>,
    describe: impl Fn(&FunctionResult) -> String,
) -> String {
    let measured: Vec<&FunctionResult> = results.iter().filter(|r| met(r).is_some()).collect();
    let missed: Vec<String> = measured
        .iter()
        .filter(|r| met(r) == Some(false))
        .map(|r| describe(r))
        .collect();
    let verdict = if missed.is_empty() { "met" } else { "NOT met" };
    let mut line = format!(
        "- {name}: {verdict} ({} of {} functions)",
        measured.len() - missed.len(),
        measured.len()
    );
    if !missed.is_empty() {
        line.push_str(&format!("; missed by {}", missed.join(", ")));
    }
    line.push('\n');
    line
}

/// The 1-minute load average, from /proc/loadavg.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_owned)
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn stats(values: &[Duration]) -> Value {
    let (min, max) = range(values.iter().copied());
    json!({"median": ms(median(values)), "min": ms(min), "max": ms(max)})
}

pub fn json(
    results: &[FunctionResult],
    runs: usize,
    warmup: usize,
    warm: usize,
    table: &str,
) -> Value {
    let functions: Vec<Value> = results
        .iter()
        .map(|r| {
            let inits: Vec<Duration> = r.runs.iter().map(|run| run.init).collect();
            let firsts: Vec<Duration> = r.runs.iter().map(|run| run.first).collect();
            let warms: Vec<Duration> = r.runs.iter().map(Run::warm_median).collect();
            json!({
                "function": r.name,
                "binary": r.binary,
                "binary_bytes": r.binary_bytes,
                "zip_bytes": r.zip_bytes,
                "init_ms": stats(&inits),
                "first_ms": stats(&firsts),
                "warm_ms": stats(&warms),
                "first_over_warm": (r.first_over_warm() * 100.0).round() / 100.0,
                "targets_met": {
                    "init": r.init_met(),
                    "first_within_2x_warm": r.first_met(),
                    "zip": r.zip_met(),
                },
                "runs": r.runs.iter().map(|run| json!({
                    "init_ms": ms(run.init),
                    "first_ms": ms(run.first),
                    "warm_median_ms": ms(run.warm_median()),
                    "warm_ms": run.warm.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let zips: Vec<bool> = results.iter().filter_map(FunctionResult::zip_met).collect();
    json!({
        "benchmark": "coldstart",
        "generated_at_epoch_ms": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64),
        "machine": {
            "arch": std::env::consts::ARCH,
            "cpus": cpus(),
            "load_average_1m": load_average().and_then(|load| load.parse::<f64>().ok()),
        },
        "settings": {
            "cold_starts_per_function": runs,
            "warmup_cold_starts_per_function": warmup,
            "warm_invocations_per_cold_start": warm,
            "memory_size_mb": 256,
            "table": table,
        },
        "targets": {
            "init_ms_below": ms(INIT_TARGET),
            "first_over_warm_at_most": FIRST_OVER_WARM_TARGET,
            "zip_bytes_below": ZIP_TARGET_BYTES,
        },
        "targets_met": {
            "init": results.iter().all(FunctionResult::init_met),
            "first_within_2x_warm": results.iter().all(FunctionResult::first_met),
            "zip": if zips.is_empty() { Value::Null } else { json!(zips.iter().all(|m| *m)) },
        },
        "functions": functions,
    })
}

pub fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}
