#!/usr/bin/env bash
# The PostgreSQL ceiling that the platform's figures are compared with, measured on the platform's own database
# server: how many durable "rewrite an entity's JSONB + insert one history row" transactions and how many reads
# by primary key it serves with 16 clients (pgbench, prepared statements). On a database the platform has
# migrated, also how many entities a second it writes in batches of 100 car parks, in the shape the platform writes
# them (batch.sql: their rows and five history rows each, on copies of the platform's tables). Its tables live in a
# schema of their own, dropped at the end.
#
#   belfort-bench/pgbench/ceiling.sh [DATA_DIR] [SECONDS]
#
# DATA_DIR is the platform's data directory (the embedded server's port is read from its postmaster.pid);
# PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE name any other server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data_dir="${1:-data}"
seconds="${2:-15}"
if [ -z "${PGPORT:-}" ]; then
  pid_file="$(find "$data_dir" -name postmaster.pid -print -quit 2>/dev/null || true)"
  if [ -z "$pid_file" ]; then
    echo "No postmaster.pid under $data_dir: give the data directory of a running platform, or set PGPORT" >&2
    exit 2
  fi
  export PGPORT="$(sed -n 4p "$pid_file")"
fi
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGPASSWORD="${PGPASSWORD:-postgres}"
export PGDATABASE="${PGDATABASE:-postgres}" PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql -q -v ON_ERROR_STOP=1 -f "$here/setup.sql" >/dev/null
trap 'psql -q -c "DROP SCHEMA IF EXISTS ceiling CASCADE" >/dev/null' EXIT
# Each part runs three times for a third of its time (at least 5 s), and the median counts: on a 2-core machine one run of the
# reads moved by a fifth either way (69,811 to 98,318 reads/s in six runs on one quiet server), the writes by 4 %.
part=$(( seconds / 3 > 5 ? seconds / 3 : 5 ))
median_of_three() {
  local script="$1" runs=() i
  for i in 1 2 3; do
    runs+=("$(pgbench -n -M prepared -c 16 -j 2 -T "$part" -f "$here/$script" 2>/dev/null | awk '/^tps/ {print $3}')")
  done
  printf '  %s: %s transactions/s in three runs of %s s, the median counts\n' "$script" \
    "$(printf '%.0f ' "${runs[@]}" | sed 's/ $//')" "$part" >&2
  printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p
}
writes="$(median_of_three write.sql)"
reads="$(median_of_three read.sql)"
printf 'ceiling: %.0f writes/s (entity rewrite + history insert, durable), %.0f reads/s (by primary key)\n' \
  "$writes" "$reads"
if [ "$(psql -Atc "SELECT to_regclass('public.attribute_instances') IS NOT NULL")" = t ]; then
  psql -q -v ON_ERROR_STOP=1 -f "$here/batch-setup.sql" >/dev/null
  batches="$(median_of_three batch.sql)"
  printf 'batch ceiling: %.0f entities/s (batches of 100 car parks with five history rows each, durable; %.1f batches/s)\n' \
    "$(awk -v b="$batches" 'BEGIN {print b * 100}')" "$batches"
else
  echo "batch ceiling: skipped (no Belfort schema in this database; start the platform on it first)" >&2
fi
