#!/usr/bin/env python3
"""Dunning benchmark: N overdue bills over P payers, one daily run, then a second one.

The bills are written with bulk SQL, then the receivable ledger is built from them as a
module upgrade would (its time is printed); the dunning run reads the ledger.

Last line: RESULT overdue_invoices=<n> payers=<n> seconds=<s> actions=<n> peak_rss_mb=<m>
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import odoo_env, peak_rss_mb  # noqa: E402

TODAY = date(2026, 12, 20)
UNITS_PER_PROJECT = 5000


def build_fixture(env, invoices, payers):
    """Payers, units (ORM, batched) and posted overdue bills (bulk SQL)."""
    cr = env.cr
    company = env.company
    n_projects = max(1, -(-payers // UNITS_PER_PROJECT))
    collector = env["res.users"].create({"name": "楼管", "login": "bench_collector"})
    projects = env["property.project"].create(
        [
            {"name": f"项目{p}", "code": f"P{p}", "manager_id": collector.id}
            for p in range(n_projects)
        ]
    )
    buildings = env["property.building"].create(
        [{"name": "1号楼", "project_id": p.id, "collector_id": collector.id} for p in projects]
    )
    partners = env["res.partner"].create(
        [{"name": f"业主{i:06d}", "phone": f"139{i:08d}"} for i in range(payers)]
    )
    units = env["property.unit"].create(
        [
            {"name": f"{i:05d}", "building_id": buildings[i // UNITS_PER_PROJECT].id, "area": 90.0}
            for i in range(payers)
        ]
    )
    env.flush_all()
    journal = env["account.move"]._property_get_journal(company)
    product = env["product.product"].create({"name": "物业服务费", "type": "service"})
    income = product.product_tmpl_id.get_product_accounts()["income"]
    receivable = partners[0].property_account_receivable_id
    cr.execute("CREATE TEMP TABLE bench_payer (n int, partner_id int, unit_id int, project_id int)")
    cr.execute(
        "INSERT INTO bench_payer SELECT n, p, u, pr FROM unnest(%s::int[], %s::int[], %s::int[])"
        " WITH ORDINALITY AS t(p, u, pr, n)",
        [partners.ids, units.ids, [u.project_id.id for u in units]],
    )
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, auto_post, journal_id, company_id,
               currency_id, partner_id, commercial_partner_id, date, invoice_date,
               invoice_date_due, amount_untaxed, amount_total, amount_residual,
               amount_untaxed_signed, amount_total_signed, amount_residual_signed,
               payment_state, property_project_id, create_uid, write_uid, create_date,
               write_date)
        SELECT 'BENCH/' || i, 'out_invoice', 'posted', 'no', %(journal)s, %(company)s,
               %(currency)s, b.partner_id, b.partner_id,
               d.due - 15, d.due - 15, d.due, 250, 250, 250, 250, 250, 250,
               'not_paid', b.project_id, 1, 1, now(), now()
          FROM generate_series(1, %(invoices)s) AS i
          JOIN bench_payer b ON b.n = (i - 1) %% %(payers)s + 1
          CROSS JOIN LATERAL (SELECT %(today)s::date - 20 - ((i - 1) / %(payers)s) * 30 AS due) d
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "invoices": invoices,
            "payers": payers,
            "today": TODAY,
        },
    )
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, move_name, display_type, parent_state, company_id,
               currency_id, company_currency_id, journal_id, partner_id, account_id, date,
               date_maturity, name, quantity, price_unit, price_subtotal, price_total, balance,
               debit, credit, amount_currency, amount_residual, amount_residual_currency,
               reconciled, property_unit_id, property_period_start, property_period_end,
               property_billing_line, property_billed, product_id)
        SELECT m.id, m.name, t.display_type, 'posted', m.company_id, m.currency_id, m.currency_id,
               m.journal_id, m.partner_id, t.account, m.date, m.invoice_date_due, t.label, 1,
               250, 250, 250, t.balance, GREATEST(t.balance, 0), GREATEST(-t.balance, 0),
               t.balance, t.residual, t.residual, false,
               CASE WHEN t.display_type = 'product' THEN b.unit_id END,
               m.date, m.date + 27, t.display_type = 'product', t.display_type = 'product',
               CASE WHEN t.display_type = 'product' THEN %(product)s END
          FROM account_move m
          JOIN bench_payer b ON b.partner_id = m.partner_id
          CROSS JOIN LATERAL (VALUES ('product', %(income)s, -250.0, 0.0, '物业服务费'),
                                     ('payment_term', %(receivable)s, 250.0, 250.0, ''))
                AS t(display_type, account, balance, residual, label)
         WHERE m.name LIKE 'BENCH/%%'
        """,
        {"income": income.id, "receivable": receivable.id, "product": product.id},
    )
    env.invalidate_all()
    env.cr.commit()
    started = time.monotonic()
    env["property.receivable"]._rebuild()
    env.cr.commit()
    print(f"receivable ledger built in {time.monotonic() - started:.1f}s", flush=True)
    return projects


def run_like_the_cron(env):
    started = time.monotonic()
    actions_before = env["property.dunning.action"].search_count([])
    env["property.dunning.state"].with_context(bench_today=TODAY)._run_dunning(
        env.company, TODAY, commit=True
    )
    seconds = time.monotonic() - started
    return seconds, env["property.dunning.action"].search_count([]) - actions_before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--invoices", type=int, default=100000)
    parser.add_argument("--payers", type=int, default=50000)
    parser.add_argument("--profile")
    args = parser.parse_args()
    with odoo_env(args.database, args.addons_path) as env:
        t0 = time.monotonic()
        build_fixture(env, args.invoices, args.payers)
        print(f"fixture built in {time.monotonic() - t0:.1f}s", flush=True)
        if args.profile:
            import cProfile  # noqa: PLC0415

            profiler = cProfile.Profile()
            seconds, actions = profiler.runcall(run_like_the_cron, env)
            profiler.dump_stats(args.profile)
        else:
            seconds, actions = run_like_the_cron(env)
        sms = env["sms.sms"].search_count([])
        tasks = env["mail.activity"].search_count([("res_model", "=", "property.dunning.state")])
        print(f"first run: {actions} actions, {sms} SMS queued, {tasks} tasks", flush=True)
        second_seconds, second_actions = run_like_the_cron(env)
        print(f"second run the same day: {second_actions} new actions in {second_seconds:.1f}s")
        print(
            f"RESULT overdue_invoices={args.invoices} payers={args.payers} seconds={seconds:.1f} "
            f"actions={actions} peak_rss_mb={peak_rss_mb():.0f}"
        )


if __name__ == "__main__":
    main()
