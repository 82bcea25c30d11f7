#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` package (installed by
# .ci/run, never here), a cluster in a temporary folder, loopback only, no fsync.
#
#   scripts/postgres_throwaway.sh start [DIR]   prints the server URL on stdout
#   scripts/postgres_throwaway.sh stop  [DIR]
#
# Port: $CSP_PG_PORT, else 55432 (the next free one if that is taken). As root, initdb and
# the server run as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

action=${1:-}
dir=${2:-${CSP_PG_DIR:-/tmp/csp-postgres-throwaway}}

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then
    found=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
  fi
  if [ -z "$found" ] || [ ! -x "$found/initdb" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)." >&2
    exit 3
  fi
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "$action" in
  start)
    bin=$(bin_dir)
    if [ -f "$dir/port" ] && as_owner "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
      echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    port=${CSP_PG_PORT:-55432}
    while ! port_free "$port"; do port=$((port + 1)); done
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 start \
      -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\"" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      bin=$(bin_dir)
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
