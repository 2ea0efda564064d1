#!/usr/bin/env bash
# `make test`: lint, then the Odoo test suite (TransactionCase/HttpCase) through pytest-odoo
# against a PostgreSQL database with the addon installed, measuring the coverage of models/,
# wizards/ and tools/. Fails (never skips) when Odoo 19, PostgreSQL or Chromium is missing.
# Extra pytest arguments: make test ARGS="-k billing". PLAIN_DB=1: test on a database made
# only by `odoo db init` (no Chinese company, no l10n_cn): the tests set up their own.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_oca_addons
detect_odoo
check_postgres
CHROMIUM="$(find_chromium)" || die "Chromium not found (needed by the browser tours): apt-get install chromium, or run 'make setup'"
"$PYTHON" -c 'import websocket' 2>/dev/null || die "Python package websocket-client missing (browser tours): pip install -r requirements.txt"
"$PYTHON" -c 'import pytest_odoo' 2>/dev/null || die "pytest-odoo missing: pip install -r requirements.txt"
"$PYTHON" -c 'import coverage' 2>/dev/null || die "coverage missing: pip install -r requirements.txt"
command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf not found (PDF reports): apt-get install wkhtmltopdf fonts-wqy-zenhei, or run 'make setup'"
info "Odoo $(odoo_check_import), $("$CHROMIUM" --version 2>/dev/null | head -1)"

if [ "${SKIP_LINT:-0}" != "1" ]; then
    "$REPO_DIR/scripts/lint.sh"
fi

copy_addon_for_tests
if [ "${PLAIN_DB:-0}" = "1" ]; then
    TEST_DB="${TEST_DB:-pfc_plain_$CHECKOUT_TAG}"
    info "creating $TEST_DB with only 'odoo db init' (no company setup, no l10n_cn)"
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) init --force "$TEST_DB" \
        >"$CACHE_DIR/plain-init.log" 2>&1 || { cat "$CACHE_DIR/plain-init.log" >&2; die "could not create $TEST_DB"; }
else
    ensure_template_db nodemo test
    TEST_DB="${TEST_DB:-pfc_test_$CHECKOUT_TAG}"
    info "duplicating $TEMPLATE_DB -> $TEST_DB and installing $ADDON_NAME"
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) drop "$TEST_DB" >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    odoo_run db --addons-path="$ADDONS_PATH" $(odoo_db_args) duplicate "$TEMPLATE_DB" "$TEST_DB" \
        >"$CACHE_DIR/duplicate.log" 2>&1 || { cat "$CACHE_DIR/duplicate.log" >&2; die "could not duplicate $TEMPLATE_DB"; }
fi
LOG="$CACHE_DIR/install-$TEST_DB.log"
# shellcheck disable=SC2046
if ! odoo_run -d "$TEST_DB" --addons-path="$ADDONS_PATH" $(odoo_db_args) -i "$ADDON_NAME" \
        --stop-after-init --no-http --log-level=warn >"$LOG" 2>&1 || grep -qE " (ERROR|CRITICAL) " "$LOG"; then
    grep -E " (ERROR|CRITICAL|WARNING) " -A15 "$LOG" | head -80 >&2
    die "installing $ADDON_NAME failed; full log: $LOG"
fi
if grep -q " WARNING " "$LOG"; then
    grep " WARNING " "$LOG" >&2
    die "installing $ADDON_NAME logged warnings (listed above); full log: $LOG"
fi

if [ "${SKIP_LINT:-0}" != "1" ]; then
    info "checking i18n (.pot current, zh_CN.po complete)"
    export_pot "$TEST_DB" "$CACHE_DIR/current-$TEST_DB.pot"
    "$PYTHON" "$REPO_DIR/scripts/i18n_tool.py" check "$CACHE_DIR/current-$TEST_DB.pot"
    for module in $OCA_MODULES; do
        export_pot "$TEST_DB" "$CACHE_DIR/current-$TEST_DB-$module.pot" "$module"
        "$PYTHON" "$REPO_DIR/scripts/i18n_oca.py" check "$module" "$CACHE_DIR/current-$TEST_DB-$module.pot"
    done
fi

export PYTHONPATH="$REPO_DIR/scripts${PYTHONPATH:+:$PYTHONPATH}"
cd "$TEST_ADDONS"
printf '[pytest]\npython_files = test_*.py\n' >pytest.ini
# coverage of the addon's code (settings and minimum in .coveragerc); tests run on a copy
export COVERAGE_FILE="$CACHE_DIR/coverage-$TEST_DB"
COVERAGE_RC="$ADDON_NAME/.coveragerc"
rm -f "$COVERAGE_FILE"
status=0
# shellcheck disable=SC2046,SC2086
"$PYTHON" -m coverage run --rcfile="$COVERAGE_RC" -m pytest -p no:cacheprovider -p pytest_strict_skips \
    --odoo-database="$TEST_DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level="${ODOO_LOG_LEVEL:-error}" \
    $( [ -n "${PGHOST:-}${PGUSER:-}" ] && echo --odoo-db-use-env-vars ) \
    -q ${ARGS:-} "$ADDON_NAME/tests" || status=$?
REPORT="$CACHE_DIR/coverage-$TEST_DB.txt"
"$PYTHON" -m coverage report --rcfile="$COVERAGE_RC" --fail-under=0 >"$REPORT" 2>&1 \
    || { cat "$REPORT" >&2; die "coverage report failed"; }
total="$(awk '$1 == "TOTAL" {print $NF}' "$REPORT")"
minimum="$(sed -n 's/^fail_under *= *//p' "$REPO_DIR/.coveragerc")"
if [ -z "${ARGS:-}" ]; then
    # the whole suite: the coverage may not fall below the minimum of .coveragerc
    if ! "$PYTHON" -m coverage report --rcfile="$COVERAGE_RC" >/dev/null 2>&1; then
        echo "coverage of models/, wizards/, tools/: $total, below the minimum of $minimum % (report: $REPORT)"
        [ "$status" != 0 ] || status=2
    else
        echo "coverage of models/, wizards/, tools/: $total (minimum $minimum %; report: $REPORT)"
    fi
else
    echo "coverage of models/, wizards/, tools/: $total (a subset of the tests; report: $REPORT)"
fi
exit "$status"
