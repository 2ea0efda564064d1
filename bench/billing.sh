#!/usr/bin/env bash
# make bench-billing UNITS=20000: bill UNITS units (one payer each) in a throwaway database,
# exactly as the monthly cron does, then bill the same month again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_db billing
trap bench_drop EXIT
"$PYTHON" "$REPO_DIR/bench/billing_bench.py" --database "$BENCH_DB" --addons-path "$ADDONS_PATH" \
    --units "${UNITS:-20000}" --workers "${WORKERS:-2}" ${PROFILE:+--profile "$PROFILE"} ${SQL_STATS:+--sql-stats}
