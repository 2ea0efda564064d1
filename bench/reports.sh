#!/usr/bin/env bash
# make bench-reports [UNITS=100000 MONTHS=12]: UNITS units × MONTHS months of billed ledger
# items (90 % paid) built with bulk SQL in a throwaway database, the report summary built,
# then every report loaded as the web client asks for it (default pivot, list, dashboard).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_db reports
trap bench_drop EXIT
"$PYTHON" "$REPO_DIR/bench/reports_bench.py" --database "$BENCH_DB" --addons-path "$ADDONS_PATH" \
    --units "${UNITS:-100000}" --months "${MONTHS:-12}" ${PROFILE:+--profile "$PROFILE"}
