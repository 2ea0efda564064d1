"""Open an Odoo environment on a database from a plain Python script (benchmarks)."""

import contextlib
import resource

import odoo
from odoo import api
from odoo.modules.registry import Registry


@contextlib.contextmanager
def odoo_env(database, addons_path):
    odoo.tools.config.parse_config(
        [
            f"--database={database}",
            f"--addons-path={addons_path}",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        ]
    )
    registry = Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
