#!/usr/bin/env bash
# Shared by the benchmarks: a throwaway database with the addon installed (no demo data).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"

bench_db() {
    local name="$1"
    detect_odoo
    check_postgres
    ensure_template_db nodemo test
    copy_addon_for_tests
    BENCH_DB="pfc_bench_${name}_$CHECKOUT_TAG"
    info "creating throwaway database $BENCH_DB"
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$BENCH_DB" >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) duplicate "$TEMPLATE_DB" "$BENCH_DB" >/dev/null 2>&1
    # shellcheck disable=SC2046
    odoo_run -d "$BENCH_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$ADDON_NAME" \
        --stop-after-init --no-http --log-level=warn
}

bench_drop() {
    # shellcheck disable=SC2046
    [ "${KEEP_DB:-0}" = "1" ] || odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$BENCH_DB" >/dev/null 2>&1 || true
}
