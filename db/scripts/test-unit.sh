#!/usr/bin/env bash
# `npm run test:unit`: the vitest suite on SQLite, then again on PostgreSQL (decision 0014).
# PostgreSQL: TEST_DATABASE_URL if set (any database on the server; the tests create their
# own), else a throwaway cluster (db/scripts/pg-test-cluster.sh, port PG_TEST_PORT, default
# 5433) when PostgreSQL is installed; without PostgreSQL only the SQLite half runs.
# Extra arguments go to vitest (e.g. a file path).
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== unit tests on SQLite"
env -u TEST_DATABASE_URL npx vitest run "$@"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== unit tests on PostgreSQL ($TEST_DATABASE_URL)"
  npx vitest run "$@"
elif db/scripts/pg-test-cluster.sh available; then
  port="${PG_TEST_PORT:-5433}"
  url="$(db/scripts/pg-test-cluster.sh start "$port")"
  trap 'db/scripts/pg-test-cluster.sh stop "$port"' EXIT
  echo "== unit tests on PostgreSQL (throwaway cluster $url)"
  TEST_DATABASE_URL="$url" npx vitest run "$@"
else
  echo "== PostgreSQL not installed: the PostgreSQL half of the unit tests was NOT run"
fi
