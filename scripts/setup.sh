#!/usr/bin/env bash
# `make setup` (also the first half of `make demo`): everything the project needs on a
# Debian/Ubuntu machine, run as root. Safe to re-run: each step is skipped when already done.
#   - PostgreSQL: the server given by PG* variables, else the local one (apt-installed if missing)
#   - Odoo 19: `import odoo` if it works, else $ODOO_SRC, else the official 19.0 source
#   - Python packages from requirements.txt (pinned), OCA addons from requirements-oca.txt
#     (pip --no-deps), Debian packages for PDF and browser tests
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

APT_PACKAGES=(wkhtmltopdf fonts-wqy-zenhei chromium git)
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"

apt_install() {
    command -v apt-get >/dev/null || die "apt-get not available: install these packages by hand: $*"
    [ "$(id -u)" = "0" ] || die "installing Debian packages needs root: run as root, or install: $*"
    info "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# 1. Debian packages (PDF with Chinese text, browser tours)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# 2. PostgreSQL
if [ -z "${PGHOST:-}" ]; then
    if ! command -v pg_ctlcluster >/dev/null && ! command -v psql >/dev/null; then
        apt_install postgresql
    fi
    if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        if command -v pg_ctlcluster >/dev/null; then
            ver="$(ls /etc/postgresql | sort -V | tail -1)"
            info "starting PostgreSQL $ver"
            pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main start
        fi
        if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
            # a fresh cluster only knows the postgres role: create a superuser for root
            su postgres -c "createuser -s root" 2>/dev/null || true
        fi
    fi
fi
check_postgres

# 3. Python dependencies (pinned)
info "pip install -r requirements.txt"
"$PYTHON" -m pip install -q -r "$REPO_DIR/requirements.txt"

# 3b. OCA addons (helpdesk for the complaints), without their `odoo` requirement
info "pip install --no-deps -r requirements-oca.txt"
ensure_oca_addons

# 4. Odoo 19
if ! odoo_check_import >/dev/null; then
    if [ -z "${ODOO_SRC:-}" ]; then
        ODOO_SRC="$CACHE_DIR/odoo-19.0"
        if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
            info "downloading the official Odoo 19.0 source into $ODOO_SRC"
            git clone --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_SRC" \
                || die "could not download Odoo 19.0 from $ODOO_GIT_URL: set ODOO_SRC=/path/to/odoo-19.0"
        fi
    fi
    [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)"
    info "installing Odoo from $ODOO_SRC (pip install --no-deps -e)"
    "$PYTHON" -m pip install -q --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC"
fi
detect_odoo
info "ready: Odoo $(odoo_check_import), PostgreSQL $(psql -d postgres -Atqc 'show server_version')"
