#!/usr/bin/env bash
# `make check-ledger DB=pfc_demo`: check the receivable ledger of a database against its bills
# (every property bill: items' residuals = the bill's residual; every payer: ledger residual =
# receivable balance of their property bills). Prints the problems; non-zero exit if any.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
detect_odoo
DB="${DB:-${DEMO_DB:-pfc_demo}}"
db_exists "$DB" || die "database $DB does not exist (DB=<name>)"
exec "$PYTHON" - "$DB" "$ADDONS_PATH" <<'PY'
import sys

import odoo
from odoo import api
from odoo.modules.registry import Registry

database, addons_path = sys.argv[1:3]
odoo.tools.config.parse_config(
    [f"--addons-path={addons_path}", "--log-level=warn", "--http-interface=127.0.0.1"]
)
with Registry(database).cursor() as cr:
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    problems = env["property.receivable"]._check_ledger()
    items = env["property.receivable"].search_count([])
    for problem in problems:
        print(problem)
    print(f"receivable ledger of {database}: {items} items, {len(problems)} problems")
    sys.exit(1 if problems else 0)
PY
