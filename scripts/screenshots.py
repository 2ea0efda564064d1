#!/usr/bin/env python3
"""Take the README screenshots from a running demo (make demo).

Needs `pip install playwright` (uses the system Chromium, downloads nothing):
    python3 scripts/screenshots.py [http://127.0.0.1:8069] [pfc_demo]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8069"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

PAGES = [
    ("units_list", "/odoo/action-property_fee_collection.property_unit_action"),
    ("units_kanban", "/odoo/action-property_fee_collection.property_unit_action?view_type=kanban"),
    ("projects", "/odoo/action-property_fee_collection.property_project_action"),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{BASE}/web/login")
        page.fill("input[name=login]", "admin")
        page.fill("input[name=password]", "admin")
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar")
        for name, url in PAGES + [(n, u) for n, u in EXTRA]:
            page.goto(BASE + url)
            page.wait_for_selector(
                ".o_action_manager .o_view_controller, .o_spreadsheet_dashboard_action .o-grid",
                timeout=20000,
            )
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / f"{name}.png"))
            print("wrote", OUT / f"{name}.png")
        browser.close()


EXTRA = [
    ("unit_form", "/odoo/action-property_fee_collection.property_unit_action/4"),
    ("billing_run", "/odoo/action-property_fee_collection.property_billing_run_action/3"),
    ("dunning", "/odoo/action-property_fee_collection.property_dunning_state_action"),
    ("dashboard", "/odoo/action-property_fee_collection.property_collection_dashboard_action"),
    (
        "collection_rates",
        "/odoo/action-property_fee_collection.property_collection_rate_report_action",
    ),
]

if __name__ == "__main__":
    main()
