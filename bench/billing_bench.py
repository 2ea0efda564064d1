#!/usr/bin/env python3
"""Billing benchmark: build an estate of N units, run the billing cron, run it again.

Last line: RESULT units=<n> invoices=<n> seconds=<s> invoices_per_s=<x> peak_rss_mb=<m>
cron_rss_mb=<c> helper_rss_mb=<h> rerun_new_invoices=<k> rerun_seconds=<r>; peak_rss_mb is the
sum over the two worker processes (the estate is built in a third process, not counted).
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import odoo_env, peak_rss_mb  # noqa: E402

UNITS_PER_BUILDING = 100
BUILDINGS_PER_PROJECT = 10
MONTH = date(2026, 11, 1)


def build_estate(env, units):
    """Projects, buildings, units, one owner per unit, a taxed per-㎡ fee standard."""
    tax = env["account.tax"].create({"name": "物业 6%", "amount": 6.0, "type_tax_use": "sale"})
    product = env["product.product"].create(
        {"name": "物业服务费", "type": "service", "taxes_id": [(6, 0, tax.ids)]}
    )
    fee = env["property.fee.type"].create(
        {"name": "物业服务费", "code": "WYF", "product_id": product.id, "unit_price": 2.5}
    )
    n_projects = max(1, -(-units // (UNITS_PER_BUILDING * BUILDINGS_PER_PROJECT)))
    projects = env["property.project"].create(
        [{"name": f"项目{p}", "code": f"P{p}"} for p in range(n_projects)]
    )
    env["property.fee.assignment"].create(
        [
            {"fee_type_id": fee.id, "project_id": p.id, "date_from": date(2020, 1, 1)}
            for p in projects
        ]
    )
    buildings = env["property.building"].create(
        [
            {"name": f"{b + 1}号楼", "project_id": p.id}
            for p in projects
            for b in range(BUILDINGS_PER_PROJECT)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"业主{i:06d}", "phone": f"138{i:08d}"} for i in range(units)]
    )
    unit_vals = []
    for i in range(units):
        building = buildings[i // UNITS_PER_BUILDING]
        unit_vals.append(
            {
                "name": f"{i % UNITS_PER_BUILDING + 1:04d}",
                "building_id": building.id,
                "area": 60 + (i * 7) % 90,
                "state": "occupied",
            }
        )
    unit_recs = env["property.unit"].create(unit_vals)
    env["property.unit.occupancy"].create(
        [
            {"unit_id": u.id, "partner_id": p.id, "date_from": date(2020, 1, 1)}
            for u, p in zip(unit_recs, partners, strict=True)
        ]
    )
    env.cr.commit()


def bill_like_the_cron(env, args):
    """The billing cron plans and bills; ``--workers - 1`` helper crons bill chunks too
    (Odoo runs up to ``max_cron_threads`` jobs at once, 2 by default)."""
    Run = env["property.billing.run"]
    run = Run.create({"period_start": MONTH, "state": "queued"})
    env.cr.commit()
    helpers = [start_helper(args, run) for _i in range(args.workers - 1)]
    started = time.monotonic()
    Run._cron_process_queued()
    helper_rss = sum(wait_helper(helper) for helper in helpers)
    seconds = time.monotonic() - started
    run.invalidate_recordset()
    return run, seconds, helper_rss


def self_command(script, args, *extra):
    """``script`` run again on the same database: a helper worker or a fixture builder."""
    return [
        sys.executable,
        script,
        "--database",
        args.database,
        "--addons-path",
        args.addons_path,
        *extra,
    ]


def start_helper(args, run):
    """A second cron worker in its own process (``helper_main``), for ``run``."""
    return subprocess.Popen(self_command(__file__, args, "--helper", str(run.id)))


def wait_helper(process):
    process.wait()
    return float(Path(f"/tmp/pfc_bench_helper_{process.pid}.rss").read_text())


def helper_main(args):
    """A helper cron worker: waits until the run is planned, then bills chunks."""
    with odoo_env(args.database, args.addons_path) as env:
        run = env["property.billing.run"].browse(args.helper)
        while True:
            # a new transaction per poll, as a cron worker would: Odoo's cursors are
            # REPEATABLE READ, so one transaction would never see the run planned
            env.cr.rollback()
            run.invalidate_recordset()
            if run.state in ("done", "done_errors") or (run.state == "running" and run.chunk_ids):
                break
            time.sleep(0.2)
        env["property.billing.run"]._cron_billing_worker()
    Path(f"/tmp/pfc_bench_helper_{os.getpid()}.rss").write_text(str(peak_rss_mb()))


def count_queries():
    """Count executed queries by their first 110 characters (diagnostics)."""
    import collections  # noqa: PLC0415
    import re  # noqa: PLC0415

    import odoo.sql_db  # noqa: PLC0415

    counter = collections.Counter()
    original = odoo.sql_db.Cursor.execute

    def execute(self, query, params=None, log_exceptions=True):
        text = query.code if hasattr(query, "code") else str(query)
        key = re.sub(r"\s+", " ", text)[:110]
        counter[key] += 1
        if counter[key] == 300 and os.environ.get("SQL_STACKS"):
            import traceback  # noqa: PLC0415

            print("=== stack for", key)
            print("".join(traceback.format_stack(limit=14)[:-1]))
        return original(self, query, params, log_exceptions)

    odoo.sql_db.Cursor.execute = execute
    return counter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2, help="billing cron workers")
    parser.add_argument("--helper", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", help="write a cProfile of the first run to this file")
    parser.add_argument("--sql-stats", action="store_true", help="print the most frequent queries")
    args = parser.parse_args()
    if args.helper:
        return helper_main(args)
    if args.build_only:
        with odoo_env(args.database, args.addons_path) as env:
            build_estate(env, args.units)
        return None
    # the estate is built in a process of its own: the cron workers' memory is the billing's
    t0 = time.monotonic()
    subprocess.run(
        self_command(__file__, args, "--units", str(args.units), "--build-only"), check=True
    )
    print(f"estate of {args.units} units built in {time.monotonic() - t0:.1f}s", flush=True)
    with odoo_env(args.database, args.addons_path) as env:
        if args.sql_stats:
            counter = count_queries()
        if args.profile:
            import cProfile  # noqa: PLC0415

            profiler = cProfile.Profile()
            run, seconds, helper_rss = profiler.runcall(bill_like_the_cron, env, args)
            profiler.dump_stats(args.profile)
        else:
            run, seconds, helper_rss = bill_like_the_cron(env, args)
        print(
            f"run {run.name}: state={run.state} bills={run.invoice_count} "
            f"problems={run.error_count} total={run.amount_total:.2f}",
            flush=True,
        )
        if args.sql_stats:
            for query, count in counter.most_common(25):
                print(f"{count:7d}  {query}")
            counter.clear()
        rerun, rerun_seconds, _rss = bill_like_the_cron(env, args)
        rate = run.invoice_count / seconds if seconds else 0.0
        print(
            f"RESULT units={args.units} invoices={run.invoice_count} seconds={seconds:.1f} "
            f"invoices_per_s={rate:.1f} peak_rss_mb={peak_rss_mb() + helper_rss:.0f} "
            f"cron_rss_mb={peak_rss_mb():.0f} helper_rss_mb={helper_rss:.0f} "
            f"rerun_new_invoices={len(rerun.move_ids)} rerun_seconds={rerun_seconds:.1f}"
        )


if __name__ == "__main__":
    main()
