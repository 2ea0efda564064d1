#!/usr/bin/env bash
# Lint: ruff (check + format check) and pylint with pylint-odoo's OCA checks. Zero findings allowed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m ruff --version >/dev/null 2>&1 || { echo "ERROR: ruff not installed: pip install -r requirements.txt" >&2; exit 1; }
"$PYTHON" -c 'import pylint_odoo' 2>/dev/null || { echo "ERROR: pylint-odoo not installed: pip install -r requirements.txt" >&2; exit 1; }
echo "==> ruff check" >&2
"$PYTHON" -m ruff check --no-fix .
echo "==> ruff format --check" >&2
"$PYTHON" -m ruff format --check .
echo "==> pylint-odoo" >&2
# The addon is checked as a package named like the addon (the checkout folder may differ).
mkdir -p .build/lint
ln -sfn "$PWD" .build/lint/property_fee_collection
"$PYTHON" -m pylint --rcfile=.pylintrc --score=n .build/lint/property_fee_collection
echo "==> lint clean" >&2
