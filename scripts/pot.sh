#!/usr/bin/env bash
# `make pot`: install the addon in a scratch database, export the .pot and merge it into
# i18n/zh_CN.po (new messages get an empty msgstr to translate); the same for the OCA addons'
# Chinese in i18n_oca/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
detect_odoo
check_postgres
ensure_template_db nodemo test
copy_addon_for_tests
POT_DB="pfc_pot_$CHECKOUT_TAG"
# shellcheck disable=SC2046
odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$POT_DB" >/dev/null 2>&1 || true
# shellcheck disable=SC2046
odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) duplicate "$TEMPLATE_DB" "$POT_DB" >/dev/null 2>&1
# shellcheck disable=SC2046
odoo_run -d "$POT_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$ADDON_NAME" \
    --stop-after-init --no-http --log-level=warn
export_pot "$POT_DB" "$CACHE_DIR/export.pot"
"$PYTHON" "$REPO_DIR/scripts/i18n_tool.py" update "$CACHE_DIR/export.pot"
# Chinese of the OCA addons the complaints are built on (i18n_oca/<module>/i18n_extra/zh_CN.po)
for module in $OCA_MODULES; do
    export_pot "$POT_DB" "$CACHE_DIR/export-$module.pot" "$module"
    "$PYTHON" "$REPO_DIR/scripts/i18n_oca.py" update "$module" "$CACHE_DIR/export-$module.pot"
done
