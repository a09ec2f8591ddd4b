#!/usr/bin/env bash
# Fuzz the local server against its own OpenAPI document (openapi.json) with Schemathesis.
#
#   scripts/fuzz.sh [EXTRA SCHEMATHESIS ARGS...]
#
# Installs Schemathesis (requirements-fuzz.txt) into .venv-fuzz/ when missing or outdated, starts
# a DynamoDB Local (through scripts/with-dynamodb.sh, unless DYNAMODB_ENDPOINT is set) and the
# local server on a free port, mints a token with every scope for a tenant of its own, and runs
# Schemathesis against http://127.0.0.1:$PORT/openapi.json. It fails on any 5xx and on any response
# that the document does not describe (status, content type, headers, body). The server (and
# DynamoDB Local) stop however the script ends. The exit status is Schemathesis's: non-zero when it
# found failures, or when FUZZ_TIMEOUT ran out.
#
# Environment (all optional):
#   FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 25)
#   FUZZ_TIMEOUT       hard limit for the Schemathesis run, in seconds (default 1200)
#   FUZZ_SEED          a seed, to repeat a run
#   FUZZ_CHECKS        Schemathesis checks (default: see `checks` below)
#   FUZZ_PHASES        Schemathesis phases (default: examples,coverage,fuzzing,stateful)
#   FUZZ_TABLE_NAME    the DynamoDB table the server uses (default deals-fuzz)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# A DynamoDB Local for the whole run: run this script again under with-dynamodb.sh, which sets
# DYNAMODB_ENDPOINT and stops DynamoDB Local when this script exits.
if [[ -z "${DYNAMODB_ENDPOINT:-}" ]]; then
    exec "$repo_root/scripts/with-dynamodb.sh" "$repo_root/scripts/fuzz.sh" "$@"
fi

cd "$repo_root"

max_examples="${FUZZ_MAX_EXAMPLES:-25}"
time_limit="${FUZZ_TIMEOUT:-1200}"
phases="${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}"
# What is checked on every response. Left out, on purpose:
# - unsupported_method / allow_header_conformance: an undeclared method on a known path is 404
#   NOT_FOUND ("unknown routes", README), not 405 with Allow.
# - positive_data_acceptance: schema-valid bodies may still name records that do not exist
#   ("User not found") or break cross-field rules (a lost stage needs a loss reason): 400 is right.
# - negative_data_rejection: text is trimmed before its length is checked, so a name of 256
#   characters that ends in a space is accepted, though longer than the schema's maxLength.
#   Apart from such cases it passes; name it in FUZZ_CHECKS to run it.
checks="${FUZZ_CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance,response_headers_conformance,use_after_free,ensure_resource_availability,ignored_auth}"

venv="$repo_root/.venv-fuzz"
if [[ ! -x "$venv/bin/schemathesis" || requirements-fuzz.txt -nt "$venv/.installed" ]]; then
    echo "fuzz: installing Schemathesis into .venv-fuzz/" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r requirements-fuzz.txt
    touch "$venv/.installed"
fi

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# A table and a tenant of the run's own, so that a DYNAMODB_ENDPOINT shared with `make dev` keeps
# its data apart.
export TABLE_NAME="${FUZZ_TABLE_NAME:-deals-fuzz}"
export PORT
PORT="$(free_port)"
tenant="fuzz-$(date +%s)-$$"
base="http://127.0.0.1:$PORT"

echo "fuzz: building the local server" >&2
cargo build -q -p local

mkdir -p target
log="$repo_root/target/fuzz-server.log"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT
trap 'stop_server; exit 143' TERM

# `cargo run` replaces itself with the server on Unix, so $! is the server.
RUST_LOG="${RUST_LOG:-warn}" cargo run -q -p local -- serve >"$log" 2>&1 </dev/null &
server_pid=$!

deadline=$((SECONDS + 60))
until curl -fsS "$base/health" >/dev/null 2>&1; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
        echo "fuzz: the local server exited before answering /health; last lines of $log:" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "fuzz: the local server did not answer $base/health within 60 s" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    sleep 0.2
done
echo "fuzz: local server on $base (pid $server_pid, log $log), tenant $tenant" >&2

token="$(cargo run -q -p local -- token --tenant "$tenant")"


args=(
    run "$base/openapi.json"
    --url "$base"
    --header "Authorization: Bearer $token"
    --checks "$checks"
    --phases "$phases"
    --max-examples "$max_examples"
    --request-timeout 15
    --generation-database none
    --report junit
    --report-dir fuzz-report
)
if [[ -n "${FUZZ_SEED:-}" ]]; then
    args+=(--seed "$FUZZ_SEED")
fi

# From target/: Schemathesis keeps its crash cache (for `st replay`) in .schemathesis/ of its
# working directory, and the reports go to target/fuzz-report/.
status=0
(cd target && exec timeout --signal=INT --kill-after=30 "$time_limit" \
    "$venv/bin/schemathesis" "${args[@]}" "$@") || status=$?
if ((status == 124)); then
    echo "fuzz: Schemathesis did not finish within FUZZ_TIMEOUT=$time_limit s" >&2
elif ((status != 0)); then
    echo "fuzz: failures found; replay one with: (cd target && ../.venv-fuzz/bin/st replay <Test Case ID>)" >&2
fi
if grep -q '"level":"ERROR"' "$log"; then
    echo "fuzz: the server logged errors (see $log):" >&2
    grep '"level":"ERROR"' "$log" | tail -n 5 >&2
fi
exit "$status"
