#!/usr/bin/env python3
"""Late-fee benchmark: one monthly accrual over N overdue ledger items of P payers, 20 % of
them partly paid during the month, then the same accrual again.

Last line: RESULT items=<n> payers=<n> seconds=<s> fees=<n> peak_rss_mb=<m> rerun_new=<k>;
fees is the number of late-fee bills, peak_rss_mb the sum over the worker processes (the
fixture is built in a third process, not counted).
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from billing_bench import helper_main, self_command, start_helper, wait_helper  # noqa: E402
from dunning_bench import TODAY, build_fixture  # noqa: E402
from odoo_env import odoo_env, peak_rss_mb  # noqa: E402

MONTH = (TODAY.replace(day=1), TODAY.replace(day=31))  # December


def add_late_fees_and_payments(env):
    """Late fees on the fee type of every bill; a partial payment of 100 on every fifth item
    in the middle of the month (ledger allocations and residuals, bulk SQL)."""
    fee = env["property.fee.type"].create(
        {
            "name": "物业服务费",
            "code": "WYF",
            "product_id": env["product.product"].search([("name", "=", "物业服务费")], limit=1).id,
            "late_fee_enabled": True,
            "late_fee_rate": 0.05,
            "late_fee_cap_percent": 10.0,
        }
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        "UPDATE account_move_line SET property_fee_type_id = %s WHERE property_billing_line",
        [fee.id],
    )
    cr.execute("UPDATE property_receivable SET fee_type_id = %s", [fee.id])
    cr.execute(
        """
        INSERT INTO property_receivable_allocation
               (receivable_id, amount, date, kind, company_id, partner_id, project_id)
        SELECT id, 100, %s, 'payment', company_id, partner_id, project_id
          FROM property_receivable WHERE id %% 5 = 0
        """,
        [MONTH[0].replace(day=15)],
    )
    cr.execute(
        """UPDATE property_receivable SET residual = amount - 100, amount_paid = 100
            WHERE id % 5 = 0"""
    )
    env.invalidate_all()
    cr.commit()


def accrue_like_the_cron(env, args):
    """The late-fee cron queues a late-fee run; the billing cron plans and bills it while the
    billing-worker cron helps (Odoo runs 2 cron jobs at once by default)."""
    Move = env["account.move"]
    before = Move.search_count([("property_is_late_fee", "=", True)])
    Run = env["property.billing.run"]
    run = Run.create({"period_start": MONTH[0], "mode": "late_fee", "state": "queued"})
    env.cr.commit()
    helpers = [start_helper(args, run) for _i in range(args.workers - 1)]
    started = time.monotonic()
    Run._cron_process_queued()
    helper_rss = sum(wait_helper(helper) for helper in helpers)
    seconds = time.monotonic() - started
    return seconds, Move.search_count([("property_is_late_fee", "=", True)]) - before, helper_rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--payers", type=int, default=50000)
    parser.add_argument("--workers", type=int, default=2, help="billing cron workers")
    parser.add_argument("--helper", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.helper:
        return helper_main(args)
    if args.build_only:
        with odoo_env(args.database, args.addons_path) as env:
            build_fixture(env, args.invoices, args.payers)
            add_late_fees_and_payments(env)
        return None
    # the fixture is built in a process of its own: the workers' memory is the accrual's
    t0 = time.monotonic()
    subprocess.run(
        self_command(
            __file__,
            args,
            *("--invoices", str(args.invoices), "--payers", str(args.payers), "--build-only"),
        ),
        check=True,
    )
    print(f"fixture built in {time.monotonic() - t0:.1f}s", flush=True)
    with odoo_env(args.database, args.addons_path) as env:
        if args.profile:
            import cProfile  # noqa: PLC0415

            profiler = cProfile.Profile()
            seconds, fees, helper_rss = profiler.runcall(accrue_like_the_cron, env, args)
            profiler.dump_stats(args.profile)
        else:
            seconds, fees, helper_rss = accrue_like_the_cron(env, args)
        rerun_seconds, rerun, _rss = accrue_like_the_cron(env, args)
        print(f"second accrual of the same month: {rerun} bills in {rerun_seconds:.1f}s")
        print(
            f"RESULT items={args.invoices} payers={args.payers} seconds={seconds:.1f} "
            f"fees={fees} peak_rss_mb={peak_rss_mb() + helper_rss:.0f} rerun_new={rerun}"
        )


if __name__ == "__main__":
    main()
