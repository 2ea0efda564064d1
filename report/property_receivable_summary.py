import logging

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..models.property_receivable import KINDS

_logger = logging.getLogger(__name__)

EVENT_KINDS = [("billed", "Billed"), *KINDS]
# pg_advisory_xact_lock key of the refresh (one refresh at a time per database)
REFRESH_LOCK = 7_211_032_019
SLICE_BATCH = 500
DIMENSIONS = "company_id, project_id, building_id, fee_type_id, is_late_fee, period_month"


class PropertyReceivableSummary(models.Model):
    """应收台账月汇总: the receivable ledger summed per building, fee type, service month and
    due date, and per month and kind of what happened to it (billed, paid, credited, waived,
    written off).

    The manager reports (collection and recovery rates, targets, aging by building,
    disclosure, dashboard) read this table instead of the millions of ledger rows, so that
    they answer within a second; ``property.receivable.summary.day`` holds the same events
    by day, for the figures "as of" a day inside a month.

    Kept by the system only: every ledger write queues the slices it touches (project ×
    service month, ``property.receivable.summary.queue``) and triggers the refresh cron, which
    recomputes those slices from the ledger after the writing transaction has committed — the
    figures follow the ledger within seconds. The same refresh recomputes the collector KPIs
    (``property.collector.kpi.summary``). ``_refresh_all`` rebuilds everything from scratch
    (install, upgrade, benchmarks).

    ``period_month``: first day of the item's service month (of its due month when it has no
    service period); ``event_month``: first day of the month of the bill date (``billed``) or
    of the date a settlement reached the item (allocations).
    """

    _name = "property.receivable.summary"
    _description = "Receivable Ledger Summary"
    _rec_name = "building_id"
    _log_access = False
    _order = "period_month, event_month, id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    project_id = fields.Many2one("property.project", readonly=True, required=True)
    building_id = fields.Many2one("property.building", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", readonly=True)
    is_late_fee = fields.Boolean(readonly=True)
    period_month = fields.Date(string="Service Month", required=True, readonly=True)
    due_date = fields.Date(readonly=True)
    event_month = fields.Date(string="Month", required=True, readonly=True)
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    amount = fields.Monetary(readonly=True)

    _slice_idx = models.Index("(project_id, period_month)")

    # === Refresh ===
    @api.model
    def _cron_refresh(self):
        """Recompute the queued slices (skipped when another refresh is running)."""
        if not self._lock(wait=False):
            return
        self._refresh_queued()

    @api.model
    def _refresh(self):
        """Recompute the queued slices now (waits for a running refresh)."""
        self._lock(wait=True)
        self._refresh_queued()

    def action_refresh(self):
        """Button of the report menus: bring the figures up to date with the ledger."""
        self._refresh()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The report figures are up to date with the ledger."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _refresh_all(self):
        """Rebuild the summaries from the ledger and the collection log (install, upgrade,
        benchmarks)."""
        self._lock(wait=True)
        self.env.flush_all()
        queued = self.env.execute_query(SQL("SELECT id FROM property_receivable_summary_queue"))
        self.env.cr.execute(SQL("DELETE FROM property_receivable_summary"))
        self.env.cr.execute(SQL("DELETE FROM property_receivable_summary_day"))
        self.env.cr.execute(self._insert_sql(None, SQL("TRUE")))
        self.env["property.collector.kpi.summary"]._rebuild()
        self._dequeue([row[0] for row in queued])
        self.invalidate_model()
        _logger.info("receivable summary rebuilt")

    @api.model
    def _lock(self, wait):
        if wait:
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", REFRESH_LOCK))
            return True
        return self.env.execute_query(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK))[0][
            0
        ]

    @api.model
    def _refresh_queued(self):
        """Recompute every queued slice; returns how many."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL("SELECT id, scope, project_id, period_month FROM property_receivable_summary_queue")
        )
        ledger = sorted({(p, m) for _id, scope, p, m in rows if p and scope == "ledger"})
        kpis = sorted({(p, m) for _id, scope, p, m in rows if p and scope == "kpi"})
        for batch in split_every(SLICE_BATCH, ledger, list):
            self._refresh_slices(batch)
        Kpis = self.env["property.collector.kpi.summary"]
        for batch in split_every(SLICE_BATCH, kpis, list):
            Kpis._refresh_slices(batch)
        self._dequeue([row[0] for row in rows])
        self.invalidate_model()
        return len(ledger) + len(kpis)

    def _dequeue(self, queue_ids):
        """Remove exactly the queue rows that were read: rows queued meanwhile by other
        transactions stay for the next refresh."""
        for chunk in split_every(10000, queue_ids, list):
            self.env.cr.execute(
                SQL("DELETE FROM property_receivable_summary_queue WHERE id = ANY(%s)", chunk)
            )

    def _refresh_slices(self, slices):
        values = SQL(", ").join(SQL("(%s, %s::date)", project, month) for project, month in slices)
        for table in ("property_receivable_summary", "property_receivable_summary_day"):
            self.env.cr.execute(
                SQL(
                    """DELETE FROM %s s USING (VALUES %s) AS q(project_id, month)
                        WHERE s.project_id = q.project_id AND s.period_month = q.month""",
                    SQL.identifier(table),
                    values,
                )
            )
        # items with a service period (index on project, period start), then the few without
        dated = SQL(
            """JOIN (VALUES %s) AS q(project_id, month)
                 ON r.project_id = q.project_id AND r.period_start >= q.month
                AND r.period_start < q.month + interval '1 month'""",
            values,
        )
        undated = SQL(
            """JOIN (VALUES %s) AS q(project_id, month)
                 ON r.project_id = q.project_id AND r.period_start IS NULL
                AND r.due_date >= q.month AND r.due_date < q.month + interval '1 month'""",
            values,
        )
        self.env.cr.execute(self._insert_sql(dated, SQL("r.period_start IS NOT NULL")))
        self.env.cr.execute(self._insert_sql(undated, SQL("r.period_start IS NULL")))

    @api.model
    def _insert_sql(self, join, condition):
        """One INSERT of the summary rows (monthly and daily) of the ledger items selected by
        ``join`` (a JOIN clause on ``property_receivable r``; None: all items) and
        ``condition``."""
        items = SQL(
            """WITH items AS (
                   SELECT r.id, r.move_id, r.company_id, r.project_id, r.building_id,
                          r.fee_type_id, r.is_late_fee, r.amount, r.due_date,
                          date_trunc('month',
                                     COALESCE(r.period_start, r.due_date)::timestamp)::date
                              AS period_month
                     FROM property_receivable r
                     %(join)s
                    WHERE r.project_id IS NOT NULL AND %(condition)s),
               events AS (
                   SELECT i.company_id, i.project_id, i.building_id, i.fee_type_id,
                          i.is_late_fee, i.period_month, i.due_date,
                          COALESCE(m.invoice_date, m.date) AS day, 'billed' AS kind,
                          i.amount
                     FROM items i JOIN account_move m ON m.id = i.move_id
                   UNION ALL
                   SELECT i.company_id, i.project_id, i.building_id, i.fee_type_id,
                          i.is_late_fee, i.period_month, i.due_date, a.date, a.kind, a.amount
                     FROM items i
                     JOIN property_receivable_allocation a ON a.receivable_id = i.id)""",
            join=join or SQL(),
            condition=condition,
        )
        return SQL(
            """%(items)s,
               monthly AS (
                   INSERT INTO property_receivable_summary
                          (%(dims)s, due_date, event_month, kind, amount)
                   SELECT %(dims)s, due_date, date_trunc('month', day::timestamp)::date, kind,
                          SUM(amount)
                     FROM events
                 GROUP BY %(dims)s, due_date, date_trunc('month', day::timestamp)::date, kind)
            INSERT INTO property_receivable_summary_day (%(dims)s, event_date, kind, amount)
            SELECT %(dims)s, day, kind, SUM(amount)
              FROM events
          GROUP BY %(dims)s, day, kind""",
            items=items,
            dims=SQL(DIMENSIONS),
        )

    # === Queue (called by the ledger and the collection log) ===
    @api.model
    def _queue_bills(self, bill_ids):
        """Queue the slices of the ledger items of these bills (and the collector KPIs their
        payments may count for) and trigger the refresh."""
        if not bill_ids:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'ledger', company_id, project_id,
                          date_trunc('month',
                                     COALESCE(period_start, due_date)::timestamp)::date
                     FROM property_receivable
                    WHERE move_id = ANY(%s) AND project_id IS NOT NULL""",
                list(bill_ids),
            )
        )
        self.env["property.collector.kpi.summary"]._queue_payments(bill_ids)
        self._trigger_refresh()

    @api.model
    def _trigger_refresh(self):
        """Ask the refresh cron to run once the transaction has committed (once per
        transaction, give or take a flush)."""
        data = self.env.cr.precommit.data
        if data.get("property_report_refresh"):
            return
        data["property_report_refresh"] = True
        cron = self.env.ref(
            "property_fee_collection.ir_cron_property_report_refresh", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()
