#!/usr/bin/env bash
# make bench-dunning [INVOICES=100000 PAYERS=50000]: overdue bills built with bulk SQL in a
# throwaway database, then the dunning run exactly as the daily cron does (mail and SMS are
# queued as records; nothing is delivered), then the same run again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_db dunning
trap bench_drop EXIT
"$PYTHON" "$REPO_DIR/bench/dunning_bench.py" --database "$BENCH_DB" --addons-path "$ADDONS_PATH" \
    --invoices "${INVOICES:-100000}" --payers "${PAYERS:-50000}" ${PROFILE:+--profile "$PROFILE"}
