#!/usr/bin/env bash
# `npm run test:calendar`: the SQLite e2e suite as if another moment were now (issue 20).
#
#   npm run test:calendar -- 2027-03-31 [playwright args]        10:00 Tokyo that day
#   npm run test:calendar -- 2027-03-31T23:59 [playwright args]  that minute, Tokyo time
#   npm run test:calendar -- --sweep [playwright args]           the date-sensitive specs over
#                                                                 the days in SWEEP below
#
# No hook in the product: Debian's libfaketime (apt-get install faketime) sets the clock of
# the test runner and of the app server it starts (both inherit LD_PRELOAD; the clock starts at
# the given moment and runs on), and the test fixtures give each browser context the same time
# through Playwright's clock (Chromium itself does not run under libfaketime; see
# e2e/support/fixtures.ts and the launch options in e2e/playwright.config.ts). Not part of
# `npm test`: a sweep runs the date-sensitive specs once per day.
set -euo pipefail
cd "$(dirname "$0")/.."

LIB="${FAKETIME_LIB:-/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}"
if [ ! -f "$LIB" ]; then
  echo "libfaketime not found at $LIB: apt-get install faketime (or set FAKETIME_LIB)" >&2
  exit 2
fi

# The days the sweep visits: the fiscal-year turn, the year-end closure, a leap day, a Sunday
# before a Monday holiday (成人の日 2027-01-11), and a run that starts a minute before midnight
# (which is also the fiscal-year turn).
SWEEP=(2027-03-31 2027-04-01 2026-12-28 2027-01-04 2028-02-29 2027-01-10 2027-03-31T23:59)
# The specs whose data or pages depend on the day.
SWEEP_SPECS=(
  e2e/catalog-completion.spec.ts e2e/catalog-enrol.spec.ts e2e/catalog-staff.spec.ts
  e2e/certification.spec.ts e2e/check-in.spec.ts e2e/credentials.spec.ts
  e2e/first-use-fees-municipalities.spec.ts e2e/invoices.spec.ts e2e/logbook.spec.ts
  e2e/logbook-progress-assessment.spec.ts e2e/reminders.spec.ts e2e/renewal-itc.spec.ts
  e2e/renewal-journey.spec.ts e2e/renewal-staff.spec.ts e2e/reports.spec.ts
)

# "2027-03-31" or "2027-03-31T23:59" (Tokyo) → "2027-03-31 14:59:00" (UTC, libfaketime's form).
utc_of() {
  local day="${1%%T*}" time="10:00"
  [[ "$1" == *T* ]] && time="${1#*T}"
  if ! [[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ && "$time" =~ ^[0-9]{2}:[0-9]{2}$ ]]; then
    echo "not a day: $1 (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Tokyo time)" >&2
    exit 2
  fi
  TZ=UTC date -d "$day $time +0900" "+%Y-%m-%d %H:%M:%S"
}

run_as_if() {
  local moment="$1"
  shift
  local utc
  utc="$(utc_of "$moment")"
  echo "== e2e on SQLite as if it were $moment Tokyo ($utc UTC)"
  env -u E2E_POSTGRES_URL TZ=UTC \
    FAKETIME="@$utc" FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_DONT_RESET=1 LD_PRELOAD="$LIB" \
    E2E_CALENDAR="$moment" \
    npx playwright test -c e2e/playwright.config.ts "$@"
}

if [ $# -eq 0 ]; then
  echo "usage: npm run test:calendar -- YYYY-MM-DD[THH:MM] [playwright args] | --sweep [playwright args]" >&2
  exit 2
fi

npm run build
if [ "$1" = "--sweep" ]; then
  shift
  specs=("${SWEEP_SPECS[@]}")
  [ $# -gt 0 ] && specs=("$@")
  failed=()
  for moment in "${SWEEP[@]}"; do
    started=$SECONDS
    if run_as_if "$moment" "${specs[@]}"; then
      echo "== $moment: passed in $((SECONDS - started)) s"
    else
      echo "== $moment: FAILED ($((SECONDS - started)) s)"
      failed+=("$moment")
    fi
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "== sweep: failed on ${failed[*]}"
    exit 1
  fi
  echo "== sweep: passed on all ${#SWEEP[@]} days"
else
  moment="$1"
  shift
  run_as_if "$moment" "$@"
fi
