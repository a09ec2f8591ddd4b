#!/usr/bin/env bash
# The board's browser tests: the local server (target/debug/local serve, as `make dev` runs it)
# on a free port against the DynamoDB Local that scripts/with-dynamodb.sh started, then
# `node --test` in web/ driving Debian's Chromium; the server is stopped however the tests end.
# Run through `make test-web`, which installs Chromium, web/node_modules and builds the server.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ -z "${DYNAMODB_ENDPOINT:-}" ]]; then
    exec scripts/with-dynamodb.sh "$0" "$@"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port="$(free_port)"
# The deployed copy's test serves target/web-dist (make web-dist) from another origin, which
# the API's CORS setting names, as CorsAllowedOrigins does deployed.
static_port="$(free_port)"
log=target/web-tests/server.log
mkdir -p target/web-tests
# A table of its own, so a DYNAMODB_ENDPOINT shared with other runs never mixes their deals.
TABLE_NAME="board-tests-$$" PORT="$port" CORS_ALLOWED_ORIGINS="http://127.0.0.1:$static_port" \
    target/debug/local serve >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "test-web: the local server did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.2
done

echo "test-web: board on http://127.0.0.1:$port/ (server log $log, screenshots target/web-tests/)"
cd web
# A hung browser or server fails the run rather than CI's whole budget.
BOARD_URL="http://127.0.0.1:$port" STATIC_PORT="$static_port" STATIC_ROOT="$PWD/../target/web-dist" timeout 900 node --test --test-concurrency=1 "$@" tests/
