#!/usr/bin/env bash
# The TypeScript SDK's tests (clients/typescript, `npm test`) against the local server.
#
#   scripts/test-sdk.sh
#
# Starts a DynamoDB Local (through scripts/with-dynamodb.sh, unless DYNAMODB_ENDPOINT is set) and
# the local server on a free port, mints a token with every scope for a tenant of the run's own,
# and runs the SDK's tests with DEALS_API_URL and DEALS_API_TOKEN set. The server (and DynamoDB
# Local) stop however the script ends; the exit status is the tests'. Expects `npm ci` to have run
# in clients/typescript (`make test-sdk` does both).
#
# Environment (optional): SDK_TABLE_NAME, the DynamoDB table the server uses (default deals-sdk).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -z "${DYNAMODB_ENDPOINT:-}" ]]; then
    exec "$repo_root/scripts/with-dynamodb.sh" "$repo_root/scripts/test-sdk.sh"
fi

cd "$repo_root"

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# A table and a tenant of the run's own, so that a DYNAMODB_ENDPOINT shared with `make dev` keeps
# its data apart.
export TABLE_NAME="${SDK_TABLE_NAME:-deals-sdk}"
export PORT
PORT="$(free_port)"
tenant="sdk-$(date +%s)-$$"
base="http://127.0.0.1:$PORT"

echo "test-sdk: building the local server" >&2
cargo build -q -p local

mkdir -p target
log="$repo_root/target/sdk-server.log"
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
        echo "test-sdk: the local server exited before answering /health; last lines of $log:" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "test-sdk: the local server did not answer $base/health within 60 s" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    sleep 0.2
done
echo "test-sdk: local server on $base (pid $server_pid, log $log), tenant $tenant" >&2

DEALS_API_TOKEN="$(cargo run -q -p local -- token --tenant "$tenant")"
export DEALS_API_TOKEN
export DEALS_API_URL="$base"

status=0
(cd clients/typescript && npm test --silent) || status=$?
if grep -q '"request handling panicked"' "$log"; then
    echo "test-sdk: the server logged a panic (see $log):" >&2
    grep '"request handling panicked"' "$log" | tail -n 5 >&2
    status=1
fi
exit "$status"
