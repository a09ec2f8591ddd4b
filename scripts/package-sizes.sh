#!/usr/bin/env bash
# Size table of the packaged functions; fails when a zip is missing or too large.
#
#   scripts/package-sizes.sh MAX_BYTES FUNCTION...
#
# Reads target/lambda/<function>/bootstrap.zip (from `cargo lambda build --output-format zip`)
# and the arm64 binary in target/aarch64-unknown-linux-gnu/release/<function>.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 MAX_BYTES FUNCTION..." >&2
    exit 2
fi
max_bytes="$1"
shift

target_dir="${CARGO_TARGET_DIR:-target}"
mb() { awk -v bytes="$1" 'BEGIN { printf "%.2f MB", bytes / 1000000 }'; }

status=0
largest=0
printf '| %-22s | %12s | %12s | %-6s |\n' function binary zipped "< $(mb "$max_bytes")"
printf '|%s|%s|%s|%s|\n' "------------------------" "--------------:" "--------------:" "--------"
for function in "$@"; do
    zip="$target_dir/lambda/$function/bootstrap.zip"
    binary="$target_dir/aarch64-unknown-linux-gnu/release/$function"
    if [[ ! -f "$zip" ]]; then
        printf '| %-22s | %12s | %12s | %-6s |\n' "$function" - missing no
        status=1
        continue
    fi
    zip_bytes=$(stat -c %s "$zip")
    binary_size=-
    [[ -f "$binary" ]] && binary_size=$(mb "$(stat -c %s "$binary")")
    verdict=yes
    if ((zip_bytes >= max_bytes)); then
        verdict=NO
        status=1
    fi
    ((zip_bytes > largest)) && largest=$zip_bytes
    printf '| %-22s | %12s | %12s | %-6s |\n' "$function" "$binary_size" "$(mb "$zip_bytes")" "$verdict"
done

if ((status == 0)); then
    echo "package sizes: every zip is below $(mb "$max_bytes") (largest $(mb "$largest"))"
else
    echo "package sizes: a zip is missing or not below $(mb "$max_bytes")" >&2
fi
exit "$status"
