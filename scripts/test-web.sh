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

port="${WEB_TEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
log=target/web-tests/server.log
mkdir -p target/web-tests
# A table of its own, so a DYNAMODB_ENDPOINT shared with other runs never mixes their deals.
TABLE_NAME="board-tests-$$" PORT="$port" target/debug/local serve >"$log" 2>&1 &
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
BOARD_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 "$@" tests/
