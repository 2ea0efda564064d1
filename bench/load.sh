#!/usr/bin/env bash
# make bench-load: Odoo with 2 HTTP workers on a copy of the demo database, CLIENTS concurrent
# clients (default 20) doing a day's work over JSON-RPC for DURATION seconds (default 60), on
# 127.0.0.1 only. The copy is taken with `createdb -T` from $DEMO_DB when it exists and no
# server uses it; otherwise it is built like `make demo` does (without starting a server).
# THINK="MIN MAX": seconds a user pauses between requests (default "0.5 2"; "0 0" = stress).
# KEEP_DB=1 keeps the copy afterwards, REUSE_DB=1 reuses a kept copy.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
detect_odoo
check_postgres
DEMO_DB="${DEMO_DB:-pfc_demo}"
LOAD_DB="pfc_bench_load_$CHECKOUT_TAG"
LOAD_PORT="${LOAD_PORT:-8079}"
FILESTORE="${ODOO_DATA_DIR:-$HOME/.local/share/Odoo}/filestore"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "${KEEP_DB:-0}" != "1" ]; then
        # shellcheck disable=SC2046
        odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$LOAD_DB" >/dev/null 2>&1 || true
        rm -rf "${FILESTORE:?}/$LOAD_DB"
    fi
}

demo_db_free() {
    db_exists "$DEMO_DB" \
        && [ "$(psql -d postgres -Atqc "select count(*) from pg_stat_activity where datname='$DEMO_DB'")" = "0" ] \
        && [ "$(psql -d "$DEMO_DB" -Atqc "select state from ir_module_module where name='$ADDON_NAME'" 2>/dev/null)" = "installed" ]
}

copy_filestore() {
    if [ -d "$FILESTORE/$1" ]; then
        rm -rf "${FILESTORE:?}/$LOAD_DB" && cp -r "$FILESTORE/$1" "$FILESTORE/$LOAD_DB"
    fi
}

build_load_db() {
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$LOAD_DB" >/dev/null 2>&1 || true
    if demo_db_free; then
        info "copying $DEMO_DB -> $LOAD_DB (createdb -T) and updating $ADDON_NAME"
        createdb -T "$DEMO_DB" "$LOAD_DB"
        copy_filestore "$DEMO_DB"
        # shellcheck disable=SC2046
        odoo_run -d "$LOAD_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -u "$ADDON_NAME" \
            --stop-after-init --no-http --log-level=warn
    else
        ensure_template_db demo demo
        info "building $LOAD_DB from $TEMPLATE_DB with the demo estate (a few minutes)"
        createdb -T "$TEMPLATE_DB" "$LOAD_DB"
        copy_filestore "$TEMPLATE_DB"
        # shellcheck disable=SC2046
        odoo_run -d "$LOAD_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$ADDON_NAME" \
            --stop-after-init --no-http --log-level=warn >"$CACHE_DIR/load-install.log" 2>&1 \
            || die "installing the demo failed; see $CACHE_DIR/load-install.log"
    fi
}

trap cleanup EXIT
if [ "${REUSE_DB:-0}" = "1" ] && db_exists "$LOAD_DB"; then
    info "reusing $LOAD_DB (REUSE_DB=1)"
else
    build_load_db
fi
info "starting Odoo (2 HTTP workers, no cron) on 127.0.0.1:$LOAD_PORT"
# shellcheck disable=SC2046
"${ODOO_CMD[@]}" -d "$LOAD_DB" --db-filter="^$LOAD_DB\$" --addons-path="$ADDONS_PATH" $(odoo_db_args) \
    --http-interface=127.0.0.1 --http-port="$LOAD_PORT" --gevent-port="$((LOAD_PORT + 1))" \
    --workers=2 --max-cron-threads=0 --limit-time-real=120 --log-level=warn \
    >"$CACHE_DIR/load-server.log" 2>&1 &
SERVER_PID=$!
"$PYTHON" "$REPO_DIR/bench/load_bench.py" --url "http://127.0.0.1:$LOAD_PORT" --database "$LOAD_DB" \
    --clients "${CLIENTS:-20}" --duration "${DURATION:-60}" --think ${THINK:-0.5 2}
