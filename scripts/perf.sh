#!/usr/bin/env bash
# Reproduces the numbers in docs/performance.md on this machine:
#   scripts/perf.sh [sqlite|postgres]
# It builds luoshi, generates the district demo as of 2026-12-13 (the end of
# week 50: about 3,100 tasks, 150,000 reports and 2,600 supervision cases, and
# the year before's 770 tasks, 33,000 reports and 2,800 cases),
# starts `luoshi serve` on loopback, measures start-up and memory, runs the
# load scenarios, and runs the Go benchmarks. Everything stays on 127.0.0.1
# and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
engine="${1:-sqlite}"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export LUOSHI_NOW="2026-12-13 18:00" LUOSHI_LOG_LEVEL=warn
go build -o "$work/luoshi" ./cmd/luoshi
if [ "$engine" = postgres ]; then
  base="${LUOSHI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
  schema="perf_$$"
  psql "$base" -qc "CREATE SCHEMA $schema"
  trap 'kill "${pid:-}" 2>/dev/null || true; psql "$base" -qc "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE"; rm -rf "$work"' EXIT
  db="${base}&search_path=$schema"
else
  db="$work/luoshi.db"
fi
addr=127.0.0.1:18181
echo "== demo data ($engine)"
/usr/bin/time -f "demo: %e s, peak RSS %M KB" "$work/luoshi" demo --db "$db" --seed 1 2>&1 >/dev/null | tail -n 1
echo "== start-up"
start=$(date +%s%N)
"$work/luoshi" serve --db "$db" --addr "$addr" >"$work/serve.log" 2>&1 &
pid=$!
until curl -sf "http://$addr/healthz" >/dev/null; do sleep 0.01; done
first=$(date +%s%N)
echo "start to first response (/healthz): $(( (first - start) / 1000000 )) ms"
curl -s -o /dev/null -c "$work/cj" -H "Origin: http://$addr" -d 'login=ducha&password=luoshi2026' "http://$addr/login"
t0=$(date +%s%N)
curl -sf -o /dev/null -b "$work/cj" "http://$addr/"
t1=$(date +%s%N)
echo "first 作战图 after start (read model load included): $(( (t1 - t0) / 1000000 )) ms"
echo "== load (32 clients, 10 s each, after 2 s warm-up)"
# The case inboxes before the report submissions, on the data set as generated.
for s in dashboard tasks cases reports; do
  "$work/luoshi" load "$s" --url "http://$addr" --db "$db" --clients 32 --duration 10s --warmup 2s
done
echo "peak RSS of luoshi serve: $(grep VmHWM /proc/$pid/status | awk '{print $2}') KB"
kill $pid; wait $pid 2>/dev/null || true
echo "== Go benchmarks"
if [ "$engine" = postgres ]; then export LUOSHI_TEST_POSTGRES="$base"; fi
go test -run '^$' -bench 'StatusEngine' -benchtime 20x ./internal/readmodel | grep Benchmark
go test -run '^$' -bench 'Import10k' -benchtime 3x ./internal/service | grep Benchmark
go test -run '^$' -bench 'CaseInboxDistrict' -benchtime 200x ./internal/service | grep Benchmark
