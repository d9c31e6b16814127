#!/usr/bin/env bash
# Every speed figure the platform is held to, each beside the PostgreSQL ceiling of the same database server
# measured in the same run (pgbench/ceiling.sh), as one table: partial updates (with and without a Link header,
# 16 and 64 connections), retrieval by id, batch upsert, history ingest, lastN and the hourly aggregations of one
# and of 100 entities (also asked for gzip, as browsers ask).
#
#   belfort-bench/speed.sh DATA_DIR [SECONDS]
#
# Drives a running Belfort at $URL (default http://localhost:8080), started with access control and rate limits
# off (./belfort start --auth off --rate-limit-client 0 --rate-limit-anonymous 0); DATA_DIR is its data directory,
# whose embedded server the ceiling and the wait for the rollup backlog use (or set PGHOST, PGPORT, ... as for
# ceiling.sh). SECONDS is the measured time of each part (default 20). Needs wrk and the PostgreSQL client
# (Debian packages wrk, postgresql-client). The first run loads 10,000 car parks (tenant "bench") and 100 car parks
# with HISTORY_DEPTH observations each, five minutes apart (tenant "hist"; default 10,000, about 35 days; 100000 is the
# year of the issue's history targets, 10^7 instances, about 4 minutes to load); SKIP_LOAD=1 reuses them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
data_dir="${1:?give the data directory of the running platform}"
seconds="${2:-20}"
depth="${HISTORY_DEPTH:-10000}"
url="${URL:-http://localhost:8080}"
for tool in wrk psql pgbench; do
  command -v "$tool" >/dev/null || { echo "speed.sh needs $tool (Debian: wrk, postgresql-client)" >&2; exit 2; }
done
if [ -z "${PGPORT:-}" ]; then
  pid_file="$(find "$data_dir" -name postmaster.pid -print -quit 2>/dev/null || true)"
  [ -n "$pid_file" ] || { echo "No postmaster.pid under $data_dir" >&2; exit 2; }
  export PGPORT="$(sed -n 4p "$pid_file")"
fi
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
export PGDATABASE="${PGDATABASE:-postgres}"

bench() { "$root/belfort" bench --url "$url" "$@"; }
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); echo "  $1: $2" >&2; }
share() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }

# ceiling -> sets writes, reads and batch (entities/s; empty where the database has no Belfort schema)
ceiling() {
  local out
  out="$("$here/pgbench/ceiling.sh" "$data_dir" 15)"
  writes="$(sed -nE 's/^ceiling: ([0-9]+) writes.*/\1/p' <<< "$out")"
  reads="$(sed -nE 's/^ceiling: .*, ([0-9]+) reads.*/\1/p' <<< "$out")"
  batch="$(sed -nE 's/^batch ceiling: ([0-9]+) entities.*/\1/p' <<< "$out")"
  echo "  ceiling: $writes writes/s, $reads reads/s, batches ${batch:-not measured} entities/s" >&2
}

# wrk_run SCRIPT CONNECTIONS [ENV=VALUE] -> sets rate and latency ("p50 x ms, p99 y ms")
wrk_run() {
  local script="$1" connections="$2" out
  out="$(env ${3:-} wrk -t2 -c"$connections" -d"${duration:-$seconds}s" --latency -s "$here/wrk/$script" "$url")"
  rate="$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<< "$out")"
  latency="p50 $(awk '$1 == "50%" { print $2 }' <<< "$out"), p99 $(awk '$1 == "99%" { print $2 }' <<< "$out")"
}

# bench_line WORKLOAD -> the bench's result line of the workload from stdin
bench_line() { grep -E "^$1 +[0-9]" | tail -1; }

if [ "${SKIP_LOAD:-0}" != 1 ]; then
  echo "Loading 10,000 car parks (tenant bench) and 100 car parks x $depth observations (tenant hist)" >&2
  bench --workloads update --entities 10000 --warmup 1s --duration 1s >/dev/null
  ingest="$(bench --tenant hist --entities 100 --history-depth "$depth" --workloads temporal-lastn --warmup 1s \
    --duration 1s | grep -E "^history depth: appended" | sed -E 's/.* ([0-9]+) observations\/s.*/\1/')"
fi

echo "Warming up" >&2
LINK=1 wrk -t2 -c16 -d10s -s "$here/wrk/update.lua" "$url" >/dev/null
wrk -t2 -c16 -d5s -s "$here/wrk/retrieve.lua" "$url" >/dev/null
ceiling
# With and without Link in turns, twice each for half the time: the history grows during the runs, and a single
# pair made whichever ran first look slower (0.4 % and 6.7 % in two runs of the same build). Each rate is the mean
# of its two halves, each latency the second half's.
duration=$(( (seconds + 1) / 2 ))
wrk_run update.lua 16 LINK=1; first_with="$rate"
wrk_run update.lua 16; first_without="$rate"
wrk_run update.lua 16 LINK=1; with_link=$(( (first_with + rate) / 2 )); with_latency="$latency"
wrk_run update.lua 16; without_link=$(( (first_without + rate) / 2 ))
unset duration
row "partial updates with \`Link\` (\`wrk\`, 16 connections)" "$with_link/s, $with_latency" "$writes writes/s" \
  "$(share "$with_link" "$writes")"
row "the same without \`Link\`" "$without_link/s, $latency" "" "the \`Link\` header costs $(awk -v a="$with_link" \
  -v b="$without_link" 'BEGIN { printf "%.1f %%", 100 * (b - a) / b }')"
wrk_run update.lua 64 LINK=1
row "partial updates with \`Link\`, 64 connections" "$rate/s, $latency" "" "$(share "$rate" "$writes")"
ceiling
wrk_run retrieve.lua 16
row "retrieval by id (\`wrk\`, 16 connections)" "$rate/s, $latency" "$reads reads/s" "$(share "$rate" "$reads")"
ceiling
upsert="$(bench --workloads upsert --skip-setup --warmup 5s --duration "${seconds}s" | bench_line upsert)"
# beside the batch ceiling (the same batches written by pgbench) where there is one
row "batch upsert (bench, 100 per request, 16 connections)" \
  "$(awk '{ printf "%s entities/s, p95 %s ms", $3, $5 }' <<< "$upsert")" \
  "${batch:+$batch entities/s in batches, }$writes writes/s" \
  "$(share "$(awk '{ print $3 }' <<< "$upsert")" "${batch:-$writes}")"
if [ -n "${ingest:-}" ]; then
  row "history appended through the temporal API (1,000 per request)" "$ingest observations/s" "" ""
fi

echo "Waiting for the rollup backlog to be folded" >&2
for _ in $(seq 1 300); do
  [ "$(psql -Atc 'SELECT count(*) FROM history_backlog')" = 0 ] && break
  sleep 1
done
temporal="$(bench --tenant hist --entities 100 --skip-setup --workloads temporal-lastn,temporal-aggr,temporal-aggr-100 \
  --warmup 3s --duration "${seconds}s")"
# the same questions asked for gzip, as browsers ask (the bench reads the compressed bytes without inflating them)
gzipped="$(bench --tenant hist --entities 100 --skip-setup --workloads temporal-lastn,temporal-aggr,temporal-aggr-100 \
  --gzip --warmup 3s --duration "${seconds}s")"
# the same questions while live sensors change the entities: 10 partial updates a second, each observed now
live="$(bench --tenant hist --entities 100 --skip-setup --workloads temporal-aggr,temporal-aggr-100 --live-writes 10 \
  --warmup 3s --duration "${seconds}s")"
ceiling
temporal_row() {
  row "$1" "$(awk '{ printf "%s req/s, p50 %s ms, p95 %s ms", $2, $4, $5 }' <<< "$2")" "$writes writes/s, $reads reads/s" ""
}
temporal_row "\`lastN=10\` of one entity" "$(bench_line temporal-lastn <<< "$temporal")"
temporal_row "hourly avg/min/max of one entity over its history, 16 clients" "$(bench_line temporal-aggr <<< "$temporal")"
temporal_row "the same while 10 updates/s change the 100 entities" "$(bench_line temporal-aggr <<< "$live")"
temporal_row "the same for 100 entities in one request (first page), 16 clients" \
  "$(bench_line temporal-aggr-100 <<< "$temporal")"
temporal_row "the same while 10 updates/s change the 100 entities" "$(bench_line temporal-aggr-100 <<< "$live")"
temporal_row "\`lastN=10\`, asked for gzip" "$(bench_line temporal-lastn <<< "$gzipped")"
temporal_row "one entity's hourly figures, asked for gzip" "$(bench_line temporal-aggr <<< "$gzipped")"
temporal_row "100 entities' hourly figures, asked for gzip" "$(bench_line temporal-aggr-100 <<< "$gzipped")"

echo
echo "| workload | figure | ceiling, same run | share |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
