#!/usr/bin/env python3
"""Take the owner-portal screenshots at phone size (390 × 844) from a running demo.

Needs `pip install playwright` (uses the system Chromium, downloads nothing):
    python3 scripts/portal_screenshots.py [http://127.0.0.1:8069]
Logs in as the demo portal users (README, "Owner portal") and writes
docs/screenshots/portal_*.png.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8069"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def login(page, user):
    page.goto(f"{BASE}/web/session/logout?redirect=/web/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/my.*"))


def shoot(page, name, url, full_page=True):
    page.goto(BASE + url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"portal_{name}.png"), full_page=full_page)
    print("wrote", OUT / f"portal_{name}.png")


def first_link(page, url, pattern):
    page.goto(BASE + url)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return next((h for h in hrefs if re.fullmatch(pattern, h or "")), None)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        # a Chinese phone: the portal follows the browser's language (Accept-Language)
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN"
        )
        page = context.new_page()
        login(page, "owner1")
        shoot(page, "home", "/my", full_page=False)
        shoot(page, "units", "/my/property/units")
        unit = first_link(page, "/my/property/units", r"/my/property/units/\d+")
        shoot(page, "unit", unit)
        shoot(page, "bills", "/my/property/bills")
        bill = first_link(page, "/my/property/bills?filterby=open", r"/my/property/bills/\d+")
        shoot(page, "bill", bill)
        shoot(page, "pay", f"{bill}/pay")
        shoot(page, "arrears", "/my/property/arrears")
        shoot(page, "promise", "/my/property/promise")
        # file a complaint (OCA helpdesk_mgmt's form, with the owner's units), then follow it
        page.goto(BASE + "/new/ticket")
        page.select_option("select[name=category]", label="绿化")
        page.fill("input[name=subject]", "楼下绿化带一个月没人修剪")
        page.fill("textarea[name=description]", "草长到膝盖，蚊子很多，请尽快修剪。")
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUT / "portal_complaint_new.png"), full_page=True)
        page.click("form button[type=submit]")
        page.wait_for_load_state("networkidle")
        shoot(page, "complaints", "/my/tickets")
        ticket = first_link(page, "/my/tickets", r"/my/ticket/\d+.*")
        shoot(page, "complaint", ticket)
        login(page, "tenant1")
        shoot(page, "payments", "/my/property/payments")
        login(page, "former1")
        unit = first_link(page, "/my/property/units", r"/my/property/units/\d+")
        shoot(page, "former_owner_unit", unit)
        browser.close()


if __name__ == "__main__":
    main()
