#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and local runs (decision 0014): trust auth,
# C collation (text sorts as in SQLite), data under /tmp, one local port.
#
#   db/scripts/pg-test-cluster.sh start [PORT]   # prints the DATABASE_URL to use
#   db/scripts/pg-test-cluster.sh stop  [PORT]
#   db/scripts/pg-test-cluster.sh available      # exit 0 when PostgreSQL is installed
#
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail
action="${1:-start}"
port="${2:-${PGPORT:-5433}}"
# The newest PostgreSQL that Debian installed (15 on bookworm), unless PG_BIN says otherwise.
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
dir="${PG_TEST_DIR:-/tmp/itc-pg-$port}"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  available)
    [ -n "$bin" ] && [ -x "$bin/initdb" ]
    ;;
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL binaries not found in $bin (apt-get install postgresql, or set PG_BIN)" >&2
      exit 1
    fi
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1
    # Throwaway: no fsync; enough connections for several app servers and test workers.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [PORT] | available" >&2
    exit 2
    ;;
esac
