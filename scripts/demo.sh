#!/usr/bin/env bash
# `make demo`: set everything up, create the demo database (Chinese company, l10n_cn chart,
# zh_CN, CNY, the addon with its demo estate) and run Odoo on http://127.0.0.1:$HTTP_PORT.
# Re-running reuses the database; DEMO_RESET=1 rebuilds it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$REPO_DIR/scripts/setup.sh"
detect_odoo
DEMO_DB="${DEMO_DB:-pfc_demo}"
if [ "${DEMO_RESET:-0}" = "1" ] || ! db_exists "$DEMO_DB" \
    || [ "$(psql -d "$DEMO_DB" -Atqc "select state from ir_module_module where name='$ADDON_NAME'" 2>/dev/null)" != "installed" ]; then
    ensure_template_db demo demo
    info "creating $DEMO_DB from $TEMPLATE_DB"
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$DEMO_DB" >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) duplicate "$TEMPLATE_DB" "$DEMO_DB" >/dev/null 2>&1
    info "installing $ADDON_NAME with demo data (a few minutes: three months of bills)"
    # shellcheck disable=SC2046
    if ! odoo_run -d "$DEMO_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$ADDON_NAME" \
            --stop-after-init --no-http --log-level=warn 2>&1 | tee "$CACHE_DIR/demo-install.log" \
        || grep -qE "demo data failed|ERROR|CRITICAL" "$CACHE_DIR/demo-install.log"; then
        # a half-installed database is never left behind for the next `make demo` to reuse
        # shellcheck disable=SC2046
        odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$DEMO_DB" >/dev/null 2>&1 || true
        die "the demo data did not install (see above and $CACHE_DIR/demo-install.log)"
    fi
else
    info "updating $ADDON_NAME in $DEMO_DB"
    # shellcheck disable=SC2046
    odoo_run -d "$DEMO_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -u "$ADDON_NAME" \
        --stop-after-init --no-http --log-level=warn
fi
echo
echo "  Property Fee Collection demo: http://127.0.0.1:$HTTP_PORT/odoo"
echo "  database: $DEMO_DB   login: admin   password: admin   (UI language: 简体中文)"
echo
# shellcheck disable=SC2046
exec "${ODOO_CMD[@]}" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --addons-path="$ADDONS_PATH" $(odoo_db_args) \
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --log-level=warn
