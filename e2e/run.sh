#!/usr/bin/env bash
# `npm run test:e2e`: builds, then runs the Playwright suite on SQLite and again on PostgreSQL
# with two app servers sharing one database (decision 0014). PostgreSQL: E2E_POSTGRES_URL if
# set (a server; the suite makes its own database), else a throwaway cluster
# (db/scripts/pg-test-cluster.sh, port PG_E2E_PORT, default 5434) when PostgreSQL is
# installed; without it only the SQLite half runs, and says so. Extra arguments go to
# Playwright (e.g. a spec file).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
echo "== e2e on SQLite"
env -u E2E_POSTGRES_URL npx playwright test -c e2e/playwright.config.ts "$@"
if [ -n "${E2E_POSTGRES_URL:-}" ]; then
  echo "== e2e on PostgreSQL, two app servers ($E2E_POSTGRES_URL)"
  npx playwright test -c e2e/playwright.config.ts "$@"
elif db/scripts/pg-test-cluster.sh available; then
  port="${PG_E2E_PORT:-5434}"
  url="$(db/scripts/pg-test-cluster.sh start "$port")"
  trap 'db/scripts/pg-test-cluster.sh stop "$port"' EXIT
  echo "== e2e on PostgreSQL, two app servers (throwaway cluster $url)"
  E2E_POSTGRES_URL="$url" npx playwright test -c e2e/playwright.config.ts "$@"
else
  echo "== PostgreSQL not installed: the PostgreSQL half of the e2e suite was NOT run"
fi
