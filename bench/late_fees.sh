#!/usr/bin/env bash
# make bench-late-fees [INVOICES=100000 PAYERS=50000]: overdue bills (bulk SQL) and their
# receivable ledger in a throwaway database, 20 % partly paid during the month, then one
# monthly late-fee accrual exactly as the cron does, then the same accrual again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bench_db late_fees
trap bench_drop EXIT
"$PYTHON" "$REPO_DIR/bench/late_fees_bench.py" --database "$BENCH_DB" --addons-path "$ADDONS_PATH" \
    --invoices "${INVOICES:-100000}" --payers "${PAYERS:-50000}" ${PROFILE:+--profile "$PROFILE"}
