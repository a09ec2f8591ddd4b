#!/usr/bin/env bash
# The Python client in clients/python/, generated from openapi.json by openapi-python-client
# (pinned in requirements-clients.txt, configured by clients/python-config.yaml).
#
#   scripts/python-client.sh generate   write clients/python/ anew (make clients)
#   scripts/python-client.sh check      generate into a temporary folder and fail, showing the
#                                       difference, unless clients/python/ is exactly that
#                                       (make clients-check; CI): the contract and its client
#                                       cannot drift apart
#   scripts/python-client.sh smoke      the committed client against the local server
#                                       (make python-client-smoke; CI): a DynamoDB Local (through
#                                       scripts/with-dynamodb.sh, unless DYNAMODB_ENDPOINT is
#                                       set) and `local serve` on a free port, a token for a tenant
#                                       of the run's own, then scripts/python-client-smoke.py;
#                                       both stop however it ends, its status is the test's
#
# Installs the generator (and so the client's httpx and attrs) into .venv-clients/ when missing
# or outdated. A warning of the generator (a part of the document it cannot turn into code)
# fails generate and check.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "${1:-}" == smoke && -z "${DYNAMODB_ENDPOINT:-}" ]]; then
    exec "$repo_root/scripts/with-dynamodb.sh" "$repo_root/scripts/python-client.sh" smoke
fi
cd "$repo_root"

venv="$repo_root/.venv-clients"
if [[ ! -x "$venv/bin/openapi-python-client" || requirements-clients.txt -nt "$venv/.installed" ]]; then
    echo "python-client: installing openapi-python-client into .venv-clients/" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r requirements-clients.txt
    touch "$venv/.installed"
fi

# The generator runs its post hooks (ruff, from the venv) in the output folder; no cache there.
generate_into() {
    PATH="$venv/bin:$PATH" RUFF_NO_CACHE=true "$venv/bin/python" scripts/generate-python-client.py \
        generate --path openapi.json --config clients/python-config.yaml \
        --output-path "$1" --overwrite --fail-on-warning >&2
}

smoke() {
    export TABLE_NAME="${SMOKE_TABLE_NAME:-deals-python-smoke}"
    export PORT
    PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    base="http://127.0.0.1:$PORT"

    cargo build -q -p local
    mkdir -p target
    log="$repo_root/target/python-client-smoke-server.log"
    server_pid=""
    stop_server() {
        if [[ -n "$server_pid" ]]; then
            kill "$server_pid" 2>/dev/null || true
            wait "$server_pid" 2>/dev/null || true
            server_pid=""
        fi
    }
    trap stop_server EXIT
    trap 'stop_server; exit 130' INT
    trap 'stop_server; exit 143' TERM

    RUST_LOG="${RUST_LOG:-warn}" target/debug/local serve >"$log" 2>&1 </dev/null &
    server_pid=$!
    deadline=$((SECONDS + 60))
    until curl -fsS "$base/health" >/dev/null 2>&1; do
        if ! kill -0 "$server_pid" 2>/dev/null || ((SECONDS >= deadline)); then
            echo "python-client-smoke: the local server did not answer $base/health; last lines of $log:" >&2
            tail -n 30 "$log" >&2 || true
            exit 1
        fi
        sleep 0.2
    done

    token="$(target/debug/local token --tenant "python-smoke-$(date +%s)-$$")"
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$repo_root/clients/python" "$venv/bin/python" scripts/python-client-smoke.py "$base" "$token"
}

case "${1:-}" in
    generate)
        generate_into clients/python
        echo "python-client: clients/python/ generated from openapi.json" >&2
        ;;
    check)
        scratch="$(mktemp -d)"
        trap 'rm -rf "$scratch"' EXIT
        generate_into "$scratch/python"
        if ! diff -r -x __pycache__ clients/python "$scratch/python"; then
            echo "python-client: clients/python/ is not what openapi.json generates; run make clients and commit it" >&2
            exit 1
        fi
        echo "python-client: clients/python/ matches openapi.json" >&2
        ;;
    smoke)
        smoke
        ;;
    *)
        echo "usage: $0 generate|check|smoke" >&2
        exit 2
        ;;
esac
