#!/usr/bin/env bash
# Time from starting the release binary to its first answered request, on an
# empty and on an existing data directory, and the binary's size.
# Run: bash benches/startup.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/checkpoint-tracker
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

first_response() {
  local start end
  start=$(date +%s.%N)
  env -u DATABASE_URL DATA_DIR="$dir/data" LISTEN=127.0.0.1:18080 RUST_LOG=warn "$bin" >/dev/null 2>>"$dir/app.log" &
  pid=$!
  # Poll the port: the measurement itself, not a test waiting on a sleep.
  until curl -fsS -o /dev/null http://127.0.0.1:18080/healthz 2>/dev/null; do sleep 0.01; done
  end=$(date +%s.%N)
  kill -TERM "$pid"; wait "$pid"
  echo "$end - $start" | bc
}

echo "start to first response, empty data dir:    $(first_response) s"
echo "start to first response, existing data dir: $(first_response) s"
echo "binary size: $(stat -c %s "$bin") bytes ($(du -h "$bin" | cut -f1))"
