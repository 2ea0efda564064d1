"""pytest plugin: a skipped test is a failed run.

Odoo skips browser tours silently when Chromium or websocket-client is missing; in this
project that must fail the test command instead.
"""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        for report in skipped:
            reporter.write_line(f"SKIPPED (counts as failure): {report.nodeid} {report.longrepr}")
        session.exitstatus = 1
