#!/usr/bin/env bash
# Shared helpers for the project's scripts: locating Odoo 19, PostgreSQL and the addons path.
# Sourced by setup.sh, demo.sh, test.sh and the benchmarks; never run directly.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON_NAME="property_fee_collection"
PYTHON="${PYTHON:-python3}"
CACHE_DIR="${PFC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/property_fee_collection}"
# Odoo's addons path needs a directory that *contains* a folder named like the addon;
# the repository root is the addon, so we link it under .build/addons (git-ignored).
BUILD_ADDONS="$REPO_DIR/.build/addons"
# A short tag per checkout keeps databases of two clones (or worktrees) apart.
CHECKOUT_TAG="$(printf '%s' "$REPO_DIR" | sha1sum | cut -c1-6)"
HTTP_PORT="${HTTP_PORT:-8069}"

die() { echo "ERROR: $*" >&2; exit 1; }
info() { echo "==> $*" >&2; }

link_addon() {
    mkdir -p "$BUILD_ADDONS"
    ln -sfn "$REPO_DIR" "$BUILD_ADDONS/$ADDON_NAME"
}

# Tests run on a copy named like the addon: pytest resolves symbolic links, and the
# checkout folder (a Python package itself) may have any name.
copy_addon_for_tests() {
    TEST_ADDONS="$REPO_DIR/.build/test-addons"
    rm -rf "$TEST_ADDONS" && mkdir -p "$TEST_ADDONS/$ADDON_NAME"
    (cd "$REPO_DIR" && tar --exclude=./.git --exclude=./.build --exclude='*.pyc' \
        --exclude=__pycache__ -cf - .) | tar -xf - -C "$TEST_ADDONS/$ADDON_NAME"
    ADDONS_PATH="$ODOO_CORE_ADDONS,$TEST_ADDONS"
}

# Prints the Odoo source directory to use (empty when Odoo is importable as installed).
odoo_check_import() {
    "$PYTHON" - <<'PY' 2>/dev/null
import odoo.release as r
assert r.version_info[0] == 19, r.version
print(r.version)
PY
}

# Sets ODOO_CMD (array) and ODOO_CORE_ADDONS, or dies with what is missing.
detect_odoo() {
    if [ -n "${ODOO_SRC:-}" ] && ! odoo_check_import >/dev/null; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
    fi
    local version
    version="$(odoo_check_import)" || die "Odoo 19 not found: 'import odoo' fails in $PYTHON; run 'make setup', set ODOO_SRC=/path/to/odoo-19.0, or install Odoo 19.0"
    # Odoo's addons, and the folder where pip put the OCA addons (site-packages/odoo/addons)
    ODOO_CORE_ADDONS="$(OCA_MODULES="$OCA_MODULES" "$PYTHON" - <<'PY'
import os, odoo, odoo.addons
cands = [os.path.join(p, "..", "addons") for p in odoo.__path__] + list(odoo.addons.__path__)
wanted = ["account"] + os.environ["OCA_MODULES"].split()
seen = []
for c in cands:
    c = os.path.realpath(c)
    if c not in seen and any(os.path.isfile(os.path.join(c, m, "__manifest__.py")) for m in wanted):
        seen.append(c)
print(",".join(seen))
PY
)"
    [ -n "$ODOO_CORE_ADDONS" ] || die "Odoo $version found but its 'account' addon is missing: install the full Odoo 19.0 Community source"
    local module
    for module in $OCA_MODULES; do
        "$PYTHON" -c "import os, sys; sys.exit(not any(os.path.isfile(os.path.join(d, '$module', '__manifest__.py')) for d in '$ODOO_CORE_ADDONS'.split(',')))" \
            || die "OCA addon $module not found next to Odoo: run 'make setup' (pip install --no-deps -r requirements-oca.txt)"
    done
    link_addon
    ADDONS_PATH="$ODOO_CORE_ADDONS,$BUILD_ADDONS"
    ODOO_CMD=("$PYTHON" -m odoo)
    export ADDONS_PATH
}

odoo_run() {
    "${ODOO_CMD[@]}" "$@"
}

# PostgreSQL: either the usual PG* variables or the local socket as the current user.
odoo_db_args() {
    local args=()
    [ -n "${PGHOST:-}" ] && args+=("--db_host=$PGHOST")
    [ -n "${PGPORT:-}" ] && args+=("--db_port=$PGPORT")
    [ -n "${PGUSER:-}" ] && args+=("--db_user=$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=("--db_password=$PGPASSWORD")
    echo "${args[@]}"
}

check_postgres() {
    command -v psql >/dev/null || die "PostgreSQL client 'psql' not found: install PostgreSQL (apt-get install postgresql) or run 'make setup'"
    psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 || die "PostgreSQL not reachable as ${PGUSER:-$(id -un)} (PGHOST=${PGHOST:-local socket}): start it (pg_ctlcluster <ver> main start) or set PGHOST/PGPORT/PGUSER/PGPASSWORD"
}

db_exists() {
    [ "$(psql -d postgres -Atqc "select 1 from pg_database where datname='$1'")" = "1" ]
}

find_chromium() {
    local c
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$c" >/dev/null && { command -v "$c"; return 0; }
    done
    return 1
}

# Modules every database of this project has before our addon is installed.
BASE_MODULES="account,l10n_cn,sms,portal,base_import,resource,rating,helpdesk_mgmt,helpdesk_mgmt_rating,account_payment,payment_demo,spreadsheet_dashboard"

# OCA addons from PyPI (requirements-oca.txt); pip puts them in site-packages/odoo/addons.
OCA_MODULES="helpdesk_mgmt helpdesk_mgmt_rating"

# Installs the pinned OCA addons when they are missing or at another version (no network
# access when they are already there).
ensure_oca_addons() {
    "$PYTHON" -m pip install -q --no-deps --disable-pip-version-check \
        -r "$REPO_DIR/requirements-oca.txt" 2>"$CACHE_DIR/pip-oca.log" \
        || { cat "$CACHE_DIR/pip-oca.log" >&2; die "could not install the OCA addons of requirements-oca.txt (pip install --no-deps -r requirements-oca.txt)"; }
}

# Creates (once) a template database with the Chinese company and the dependencies installed;
# its name changes whenever Odoo or the dependency list changes, so it is rebuilt only then.
ensure_template_db() {
    local demo_flag="$1" kind="$2"
    local key
    key="$( { "$PYTHON" -c 'import odoo.release as r; print(r.version, r.serie)'; echo "$BASE_MODULES $demo_flag"; cat "$REPO_DIR/requirements-oca.txt";
              git -C "$(echo "$ODOO_CORE_ADDONS" | cut -d, -f1)" rev-parse HEAD 2>/dev/null || true; } | sha1sum | cut -c1-8)"
    TEMPLATE_DB="pfc_tmpl_${kind}_${key}"
    if db_exists "$TEMPLATE_DB" && [ "$(psql -d "$TEMPLATE_DB" -Atqc "select state from ir_module_module where name='l10n_cn'" 2>/dev/null)" = "installed" ]; then
        info "reusing template database $TEMPLATE_DB"
        return
    fi
    info "building template database $TEMPLATE_DB (Chinese company, zh_CN, CNY, l10n_cn chart)"
    local with_demo=()
    [ "$demo_flag" = "demo" ] && with_demo=(--with-demo)
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) init --force "${with_demo[@]}" \
        --country CN --language zh_CN "$TEMPLATE_DB" >"$CACHE_DIR/template-$kind.log" 2>&1 \
        || die "could not create $TEMPLATE_DB; see $CACHE_DIR/template-$kind.log"
    # shellcheck disable=SC2046
    odoo_run -d "$TEMPLATE_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$BASE_MODULES" \
        --load-language=en_US --stop-after-init --no-http --log-level=warn \
        >>"$CACHE_DIR/template-$kind.log" 2>&1 \
        || die "could not install $BASE_MODULES in $TEMPLATE_DB; see $CACHE_DIR/template-$kind.log"
}

# export_pot DB FILE [MODULE]: a module's translatable terms as Odoo exports them (default:
# the addon).
export_pot() {
    # shellcheck disable=SC2046
    "${ODOO_CMD[@]}" --addons-path="$ADDONS_PATH" $(odoo_db_args) i18n export -d "$1" -o "$2" \
        "${3:-$ADDON_NAME}" >"$CACHE_DIR/export.log" 2>&1 || { cat "$CACHE_DIR/export.log" >&2; die "i18n export failed"; }
}

mkdir -p "$CACHE_DIR"
