#!/usr/bin/env python3
"""Reports benchmark: UNITS units × MONTHS months of billed items (one payer per unit), paid
on 90 % (5 % of them half), a few waivers, collection work on the payers in arrears — all
written with bulk SQL (bills, bill lines, ledger items, allocations, activities, promises).
Then the ledger summary is built, and each report is loaded the way the web client asks for
it: its default pivot (one ``formatted_read_grouping_sets`` with the action's domain and
default filters), list or wizard, and the manager dashboard (its two pivots and its chart).

Last line: RESULT items=<n> reports=<n> slowest=<report> slowest_s=<s> peak_rss_mb=<m>
"""

import argparse
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import odoo_env, peak_rss_mb  # noqa: E402

UNITS_PER_PROJECT = 5000
COUNT_LIMIT = 10001  # a list view counts its records up to this (web_search_read)
UNITS_PER_BUILDING = 200
AMOUNT = 250.0


def month_start(day, offset=0):
    index = day.year * 12 + day.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


# === Fixture ===
def build_fixture(env, units, months, today):
    cr = env.cr
    company = env.company
    n_projects = max(1, -(-units // UNITS_PER_PROJECT))
    collectors = env["res.users"].create(
        [{"name": f"催收员{p}", "login": f"bench_collector_{p}"} for p in range(n_projects)]
    )
    group = env.ref("property_fee_collection.property_fee_collection_group_collector")
    group.user_ids = [(4, user.id) for user in collectors]
    manager = env["res.users"].create({"name": "主管", "login": "bench_manager"})
    env.ref("property_fee_collection.property_fee_collection_group_manager").user_ids = [
        (4, manager.id)
    ]
    projects = env["property.project"].create(
        [
            {
                "name": f"项目{p:02d}",
                "code": f"P{p:02d}",
                "manager_id": manager.id,
                "user_ids": [(6, 0, [collectors[p].id])],
            }
            for p in range(n_projects)
        ]
    )
    per_project = UNITS_PER_PROJECT // UNITS_PER_BUILDING
    buildings = env["property.building"].create(
        [
            {"name": f"{b + 1}号楼", "project_id": project.id, "collector_id": collectors[p].id}
            for p, project in enumerate(projects)
            for b in range(per_project)
        ]
    )
    product = env["product.product"].create({"name": "物业服务费", "type": "service"})
    fee = env["property.fee.type"].create(
        {"name": "物业服务费", "code": "WYF", "product_id": product.id}
    )
    journal = env["account.move"]._property_get_journal(company)
    income = product.product_tmpl_id.get_product_accounts()["income"]
    for project in projects:
        env["property.collection.target"].create({"project_id": project.id, "year": today.year})
    env.flush_all()
    first = month_start(today, -months + 1)
    params = {
        "units": units,
        "months": months,
        "first": first,
        "today": today,
        "company": company.id,
        "currency": company.currency_id.id,
        "journal": journal.id,
        "income": income.id,
        "fee": fee.id,
        "product": product.id,
        "amount": AMOUNT,
        "per_project": UNITS_PER_PROJECT,
        "per_building": UNITS_PER_BUILDING,
        "buildings": buildings.ids,
        "projects": projects.ids,
        "collectors": collectors.ids,
    }
    steps = [
        ("payers", PAYERS),
        ("units", UNITS),
        ("bills", BILLS),
        ("bill lines", LINES),
        ("ledger items", ITEMS),
        ("allocations", ALLOCATIONS),
        ("ledger totals", TOTALS),
        ("collection activities", ACTIVITIES),
        ("promises", PROMISES),
    ]
    for label, sql in steps:
        started = time.monotonic()
        cr.execute(sql, params)
        print(f"  {label}: {cr.rowcount} rows in {time.monotonic() - started:.1f}s", flush=True)
    cr.execute("DROP TABLE bench_unit")
    env.invalidate_all()
    cr.commit()
    vacuum(cr.dbname, TABLES)
    return projects, buildings, manager, collectors


TABLES = (
    "account_move",
    "account_move_line",
    "property_receivable",
    "property_receivable_allocation",
    "property_collection_activity",
    "property_payment_promise",
    "res_partner",
    "property_unit",
)


def vacuum(database, tables):
    """What autovacuum does on a live database: statistics and visibility maps."""
    started = time.monotonic()
    for table in tables:
        subprocess.run(["psql", "-q", "-d", database, "-c", f"VACUUM ANALYZE {table}"], check=True)
    print(f"  vacuum analyze: {time.monotonic() - started:.1f}s", flush=True)


PAYERS = """
    CREATE TEMP TABLE bench_unit AS
    SELECT n, (%(projects)s::int[])[(n - 1) / %(per_project)s + 1] AS project_id,
           (%(buildings)s::int[])[(n - 1) / %(per_building)s + 1] AS building_id,
           (%(collectors)s::int[])[(n - 1) / %(per_project)s + 1] AS collector_id,
           NULL::int AS partner_id, NULL::int AS unit_id
      FROM generate_series(1, %(units)s) AS n;
    WITH p AS (
        INSERT INTO res_partner (name, complete_name, phone, active, type, autopost_bills,
                                 is_company, create_date, write_date)
        SELECT '业主' || lpad(n::text, 6, '0'), '业主' || lpad(n::text, 6, '0'),
               '139' || lpad(n::text, 8, '0'), TRUE, 'contact', 'ask', FALSE, now(), now()
          FROM bench_unit ORDER BY n
     RETURNING id)
    UPDATE bench_unit b SET partner_id = x.id
      FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM p) x WHERE x.n = b.n;
    UPDATE res_partner SET commercial_partner_id = id
     WHERE id IN (SELECT partner_id FROM bench_unit);
"""

UNITS = """
    WITH u AS (
        INSERT INTO property_unit (name, building_id, project_id, company_id, area, state,
                                   unit_type, active, floor, owner_id, payer_id,
                                   create_date, write_date)
        SELECT lpad(n::text, 6, '0'), building_id, project_id, %(company)s, 90, 'occupied',
               'residential', TRUE, ((n - 1) %% %(per_building)s) / 4 + 1, partner_id,
               partner_id, now(), now()
          FROM bench_unit ORDER BY n
     RETURNING id, name)
    UPDATE bench_unit b SET unit_id = u.id FROM u WHERE u.name = lpad(b.n::text, 6, '0')
       AND b.unit_id IS NULL;
"""

BILLS = """
    INSERT INTO account_move (name, move_type, state, auto_post, journal_id, company_id,
           currency_id, partner_id, commercial_partner_id, date, invoice_date,
           invoice_date_due, amount_untaxed, amount_total, amount_residual,
           amount_untaxed_signed, amount_total_signed, amount_residual_signed,
           payment_state, property_project_id, ref, create_uid, write_uid, create_date,
           write_date)
    SELECT 'RB/' || m || '/' || b.n, 'out_invoice', 'posted', 'no', %(journal)s, %(company)s,
           %(currency)s, b.partner_id, b.partner_id, d.start, d.start, d.start + 14,
           %(amount)s, %(amount)s, 0, %(amount)s, %(amount)s, 0, 'not_paid', b.project_id,
           b.unit_id || '/' || m, 1, 1, now(), now()
      FROM bench_unit b
     CROSS JOIN generate_series(0, %(months)s - 1) AS m
     CROSS JOIN LATERAL (SELECT (%(first)s::date + make_interval(months => m))::date AS start) d
"""

LINES = """
    INSERT INTO account_move_line (move_id, move_name, display_type, parent_state, company_id,
           currency_id, company_currency_id, journal_id, partner_id, account_id, date,
           name, quantity, price_unit, price_subtotal, price_total, balance, debit, credit,
           amount_currency, amount_residual, amount_residual_currency, reconciled,
           property_unit_id, property_fee_type_id, property_period_start,
           property_period_end, property_billing_line, property_billed, product_id)
    SELECT m.id, m.name, 'product', 'posted', m.company_id, m.currency_id, m.currency_id,
           m.journal_id, m.partner_id, %(income)s, m.date, '物业服务费', 1, %(amount)s,
           %(amount)s, %(amount)s, -%(amount)s, 0, %(amount)s, -%(amount)s, 0, 0, FALSE,
           split_part(m.ref, '/', 1)::int, %(fee)s, m.invoice_date,
           (m.invoice_date + interval '1 month' - interval '1 day')::date, TRUE, TRUE,
           %(product)s
      FROM account_move m
     WHERE m.name LIKE 'RB/%%'
"""

ITEMS = """
    INSERT INTO property_receivable (move_line_id, move_id, company_id, partner_id,
           project_id, building_id, unit_id, fee_type_id, period_start, period_end, due_date,
           is_late_fee, amount, amount_paid, amount_credited, amount_written_off, residual,
           state, create_uid, write_uid, create_date, write_date)
    SELECT l.id, l.move_id, l.company_id, l.partner_id, m.property_project_id, u.building_id,
           l.property_unit_id, l.property_fee_type_id, l.property_period_start,
           l.property_period_end, m.invoice_date_due, FALSE, %(amount)s, 0, 0, 0, %(amount)s,
           'open', 1, 1, now(), now()
      FROM account_move_line l
      JOIN account_move m ON m.id = l.move_id
      JOIN property_unit u ON u.id = l.property_unit_id
     WHERE m.name LIKE 'RB/%%'
"""

# r = a pseudo-random 0..99 per item: < 85 paid in full, < 90 half paid, 90–94 unpaid,
# 95–99 unpaid then 10 % waived; paid 0–29 days after the due date (never after today)
ALLOCATIONS = """
    INSERT INTO property_receivable_allocation (receivable_id, amount, date, kind, company_id,
           partner_id, project_id)
    SELECT r.id,
           CASE WHEN x.r < 85 THEN r.amount WHEN x.r < 90 THEN r.amount / 2
                ELSE r.amount / 10 END,
           LEAST(r.due_date + (x.r %% 30), %(today)s::date),
           CASE WHEN x.r < 90 THEN 'payment' ELSE 'waiver' END,
           r.company_id, r.partner_id, r.project_id
      FROM property_receivable r
     CROSS JOIN LATERAL (SELECT ((r.unit_id * 31 + EXTRACT(month FROM r.period_start)::int * 17)
                                 %% 100) AS r) x
     WHERE (x.r < 90 OR x.r >= 95) AND r.due_date - 14 <= %(today)s::date
"""

TOTALS = """
    UPDATE property_receivable r
       SET amount_paid = a.paid, amount_credited = a.credited,
           residual = r.amount - a.paid - a.credited, last_payment_date = a.last,
           state = CASE WHEN r.amount - a.paid - a.credited > 0 THEN 'open' ELSE 'paid' END
      FROM (SELECT receivable_id,
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'payment'), 0) AS paid,
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'waiver'), 0) AS credited,
                   MAX(date) FILTER (WHERE kind = 'payment') AS last
              FROM property_receivable_allocation GROUP BY receivable_id) a
     WHERE a.receivable_id = r.id
"""

# two calls on every payer with something unpaid, 10 and 40 days after the oldest due date
ACTIVITIES = """
    INSERT INTO property_collection_activity (activity_type, date, collector_id, partner_id,
           project_id, company_id, outcome, create_uid, write_uid, create_date, write_date)
    SELECT 'call', (o.oldest + k.days)::timestamp + interval '3 hours', b.collector_id,
           b.partner_id, b.project_id, %(company)s,
           (ARRAY['a_promise', 'b_no_date', 'c_unreachable', 'd_away', 'e_refuses',
                  'wrong_number'])[(b.n + k.days) %% 6 + 1],
           1, 1, now(), now()
      FROM (SELECT partner_id, MIN(due_date) AS oldest FROM property_receivable
             WHERE state = 'open' GROUP BY partner_id) o
      JOIN bench_unit b ON b.partner_id = o.partner_id
     CROSS JOIN (VALUES (10), (40)) AS k(days)
     WHERE o.oldest + k.days <= %(today)s::date
"""

PROMISES = """
    INSERT INTO property_payment_promise (partner_id, project_id, company_id, collector_id,
           activity_id, date, promise_date, amount, state, create_uid, write_uid, create_date,
           write_date)
    SELECT a.partner_id, a.project_id, a.company_id, a.collector_id, a.id, a.date::date,
           a.date::date + 7, 100,
           CASE WHEN a.date::date + 7 >= %(today)s::date THEN 'pending'
                WHEN a.id %% 3 = 0 THEN 'broken' ELSE 'kept' END,
           1, 1, now(), now()
      FROM property_collection_activity a
     WHERE a.outcome = 'a_promise'
"""


# === Timings ===
def timed(label, func, results):
    started = time.monotonic()
    func()
    seconds = time.monotonic() - started
    results.append((label, seconds))
    print(f"  {label}: {seconds:.3f}s", flush=True)


def pivot(model, domain, rows, cols, measures):
    """The one request of a pivot view's first load (see web's pivot_model.js)."""
    sets = [[], rows, cols, rows + cols] if cols else [[], rows]
    return lambda: model.formatted_read_grouping_sets(domain, sets, [*measures, "__count"])


def run_reports(env, manager, projects, buildings, today):
    env = env(user=manager.id, context={"tz": "Asia/Shanghai", "lang": "en_US"})
    year = (date(today.year, 1, 1), date(today.year, 12, 31))
    rates = env["property.collection.rate.report"]
    monthly = [
        ("is_late_fee", "=", False),
        ("period_type", "=", "month"),
        ("period", ">=", year[0]),
        ("period", "<=", year[1]),
    ]
    targets = env["property.collection.target.report"]
    aging = env["property.arrears.aging.building.report"]
    by_payer = env["property.arrears.aging.report"]
    kpis = env["property.collector.kpi.report"]
    results = []
    timed(
        "collection_rates",
        pivot(
            rates,
            monthly,
            ["project_id"],
            ["period:month"],
            ["receivable:sum", "collected:sum", "collection_rate:avg"],
        ),
        results,
    )
    timed(
        "arrears_recovery",
        pivot(
            rates,
            monthly,
            ["project_id"],
            ["period:month"],
            ["prior_base:sum", "prior_collected:sum", "recovery_rate:avg"],
        ),
        results,
    )
    timed(
        "rates_as_of_a_date",
        pivot(
            rates.with_context(report_date=str(today - timedelta(days=40))),
            monthly,
            ["project_id"],
            ["period:month"],
            ["receivable:sum", "collected:sum", "collection_rate:avg"],
        ),
        results,
    )
    last_12 = [("months_ago", ">=", 0), ("months_ago", "<", 12)]
    timed(
        "rates_against_targets",
        lambda: (
            targets.search_read(
                last_12,
                ["period", "project_id", "collection_rate", "ytd_rate", "arrears_rate"],
                limit=80,
            ),
            targets.search_count(last_12, limit=COUNT_LIMIT),
        ),
        results,
    )
    timed(
        "aging",
        pivot(aging, [("bucket", "!=", "not_due")], ["building_id"], ["bucket"], ["residual:sum"]),
        results,
    )
    overdue = [("bucket", "!=", "not_due")]
    timed(
        "aging_by_payer",
        lambda: (
            by_payer.search_read(
                overdue,
                ["unit_id", "partner_id", "due_date", "days_overdue", "bucket", "residual"],
                limit=80,
            ),
            by_payer.search_count(overdue, limit=COUNT_LIMIT),
        ),
        results,
    )
    timed(
        "collector_kpis",
        pivot(
            kpis,
            [("month", ">=", year[0]), ("month", "<=", year[1])],
            ["collector_id"],
            ["month:month"],
            [
                "attempts:sum",
                "reach_rate:avg",
                "promises:sum",
                "kept_rate:avg",
                "recovered:sum",
            ],
        ),
        results,
    )
    disclosure = env["property.fee.disclosure"].create(
        {"project_id": projects[0].id, "year": today.year}
    )
    timed("fee_disclosure", disclosure._lines, results)
    arrears = env["property.arrears.list"].create(
        {"project_id": projects[0].id, "building_ids": [(6, 0, buildings[:1].ids)]}
    )
    timed("arrears_list_xlsx", arrears._xlsx_content, results)
    timed("dashboard", lambda: dashboard(env), results)
    return results


def dashboard(env):
    """What the spreadsheet dashboard asks: its two pivots and its line chart."""
    targets = env["property.collection.target.report"]
    targets.formatted_read_grouping_sets(
        [("is_current_month", "=", True)],
        [[], ["project_id"]],
        [
            "collection_rate:avg",
            "collection_target:avg",
            "ytd_rate:avg",
            "arrears_rate:avg",
            "arrears_target:avg",
        ],
    )
    targets.formatted_read_group(
        [("months_ago", ">=", 0), ("months_ago", "<", 12)],
        ["period:month", "project_id"],
        ["arrears_end:sum"],
    )
    env["property.arrears.aging.building.report"].formatted_read_grouping_sets(
        [("bucket", "!=", "not_due"), ("is_late_fee", "=", False)],
        [[], ["building_id"]],
        ["overdue:sum"],
    )


def time_refresh(env, summary):
    """One payment's worth of change: the slices of one bill, as the cron refreshes them."""
    bill = env["account.move"].search([("name", "like", "RB/%")], limit=1)
    summary._queue_bills(bill.ids)
    started = time.monotonic()
    slices = summary._refresh_queued()
    return slices, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--units", type=int, default=100000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--profile")
    parser.add_argument(
        "--reports-only", action="store_true", help="time the reports of a kept database"
    )
    args = parser.parse_args()
    with odoo_env(args.database, args.addons_path) as env:
        today = date.today()
        summary = env["property.receivable.summary"]
        if args.reports_only:
            projects = env["property.project"].search([("code", "like", "P%")], order="id")
            buildings = env["property.building"].search(
                [("project_id", "in", projects.ids)], order="id"
            )
            manager = env["res.users"].search([("login", "=", "bench_manager")])
        else:
            started = time.monotonic()
            print(f"building {args.units} units × {args.months} months", flush=True)
            projects, buildings, manager, _collectors = build_fixture(
                env, args.units, args.months, today
            )
            print(f"fixture built in {time.monotonic() - started:.1f}s", flush=True)
            started = time.monotonic()
            summary._refresh_all()
            env.cr.commit()
            rows = summary.search_count([])
            print(f"summary built in {time.monotonic() - started:.1f}s ({rows} rows)", flush=True)
            slices, seconds = time_refresh(env, summary)
            env.cr.commit()
            print(f"refresh after a payment: {slices} slice(s) in {seconds:.2f}s", flush=True)
            vacuum(
                env.cr.dbname,
                (
                    "property_receivable_summary",
                    "property_receivable_summary_day",
                    "property_collector_kpi_summary",
                ),
            )
        items = env["property.receivable"].search_count([])
        print("reports (first load, as the web client asks):", flush=True)
        if args.profile:
            import cProfile  # noqa: PLC0415

            profiler = cProfile.Profile()
            results = profiler.runcall(run_reports, env, manager, projects, buildings, today)
            profiler.dump_stats(args.profile)
        else:
            results = run_reports(env, manager, projects, buildings, today)
        slowest, slowest_s = max(results, key=lambda r: r[1])
        print(
            f"RESULT items={items} reports={len(results)} slowest={slowest} "
            f"slowest_s={slowest_s:.3f} peak_rss_mb={peak_rss_mb():.0f}"
        )


if __name__ == "__main__":
    main()
