from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import reports

# the day of a contact in the company's time zone (its partner's; UTC when unset)
LOCAL_DAY = """(%s AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(NULLIF(cp.tz, ''), 'UTC'))::date"""


class PropertyCollectorKpiSummary(models.Model):
    """Collector KPIs per project, collector and month, kept by the report refresh.

    A month of a project is recomputed from the collection log, the promises and the ledger
    allocations whenever something that counts for it changes: a contact logged, changed or
    removed (its month and the months whose last contact it may replace), a promise, or a
    payment of a contacted payer (the months of the contacts it may be credited to) — see
    ``_queue_*``. Months are those of the company's time zone (its partner's; UTC when
    unset).
    """

    _name = "property.collector.kpi.summary"
    _description = "Collector KPI Summary"
    _rec_name = "collector_id"
    _log_access = False
    _order = "month, id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    project_id = fields.Many2one("property.project", required=True, readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    month = fields.Date(required=True, readonly=True)
    attempts = fields.Integer(readonly=True)
    reached = fields.Integer(readonly=True)
    promises = fields.Integer(readonly=True)
    promised_amount = fields.Monetary(readonly=True)
    kept = fields.Integer(readonly=True)
    broken = fields.Integer(readonly=True)
    recovered = fields.Monetary(readonly=True)

    _slice_idx = models.Index("(project_id, month)")

    # === Refresh ===
    @api.model
    def _rebuild(self):
        """Every month of every project with contacts or promises, from scratch."""
        self.env.cr.execute(SQL("DELETE FROM property_collector_kpi_summary"))
        slices = self.env.execute_query(
            SQL(
                """SELECT DISTINCT a.project_id,
                          date_trunc('month', %s::timestamp)::date
                     FROM property_collection_activity a
                     JOIN res_company co ON co.id = a.company_id
                     JOIN res_partner cp ON cp.id = co.partner_id
                    UNION
                   SELECT project_id, date_trunc('month', date::timestamp)::date
                     FROM property_payment_promise""",
                SQL(LOCAL_DAY, SQL("a.date")),
            )
        )
        for batch in split_every(500, sorted(slices), list):
            self._refresh_slices(batch)

    @api.model
    def _refresh_slices(self, slices):
        """Recompute the KPIs of these (project, month) slices."""
        values = SQL(", ").join(SQL("(%s, %s::date)", project, month) for project, month in slices)
        self.env.cr.execute(
            SQL(
                """DELETE FROM property_collector_kpi_summary s
                         USING (VALUES %s) AS q(project_id, month)
                    WHERE s.project_id = q.project_id AND s.month = q.month""",
                values,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                WITH scope AS (
                    SELECT q.project_id, q.month, pr.company_id,
                           COALESCE(NULLIF(cp.tz, ''), 'UTC') AS tz,
                           COALESCE(co.property_recovery_window_days, %(window)s) AS window_days
                      FROM (VALUES %(values)s) AS q(project_id, month)
                      JOIN property_project pr ON pr.id = q.project_id
                      JOIN res_company co ON co.id = pr.company_id
                      JOIN res_partner cp ON cp.id = co.partner_id),
                acts AS (
                    SELECT a.id, s.company_id, s.project_id, s.month, s.window_days,
                           a.collector_id, a.outcome, a.date,
                           COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                           (a.date AT TIME ZONE 'UTC' AT TIME ZONE s.tz)::date AS day
                      FROM scope s
                      JOIN property_collection_activity a
                        ON a.project_id = s.project_id
                       AND a.date >= s.month - interval '1 day'
                       AND a.date < s.month + interval '1 month'
                                    + make_interval(days => s.window_days + 1)
                      JOIN res_partner p ON p.id = a.partner_id),
                contacts AS (
                    SELECT * FROM (
                        SELECT acts.*,
                               LEAD(day) OVER (PARTITION BY project_id, month, partner_id
                                               ORDER BY date, id) AS next_day
                          FROM acts) w
                     WHERE date_trunc('month', day::timestamp)::date = month),
                facts AS (
                    SELECT company_id, project_id, collector_id, month,
                           COUNT(*) AS attempts,
                           COUNT(*) FILTER (WHERE outcome NOT IN %(unreached)s) AS reached,
                           0 AS promises, 0 AS promised_amount, 0 AS kept, 0 AS broken,
                           0 AS recovered
                      FROM contacts
                  GROUP BY 1, 2, 3, 4
                    UNION ALL
                    SELECT s.company_id, s.project_id, pp.collector_id, s.month, 0, 0,
                           COUNT(*), SUM(pp.amount),
                           COUNT(*) FILTER (WHERE pp.state = 'kept'),
                           COUNT(*) FILTER (WHERE pp.state = 'broken'), 0
                      FROM scope s
                      JOIN property_payment_promise pp
                        ON pp.project_id = s.project_id AND pp.date >= s.month
                       AND pp.date < s.month + interval '1 month'
                  GROUP BY 1, 2, 3, 4
                    UNION ALL
                    SELECT c.company_id, c.project_id, c.collector_id, c.month,
                           0, 0, 0, 0, 0, 0, SUM(al.amount)
                      FROM contacts c
                      JOIN property_receivable_allocation al
                        ON al.partner_id = c.partner_id AND al.project_id = c.project_id
                       AND al.kind = 'payment' AND al.date >= c.day
                       AND al.date <= c.day + c.window_days
                       AND (c.next_day IS NULL OR al.date < c.next_day)
                  GROUP BY 1, 2, 3, 4)
                INSERT INTO property_collector_kpi_summary
                       (company_id, project_id, collector_id, month, attempts, reached,
                        promises, promised_amount, kept, broken, recovered)
                SELECT company_id, project_id, collector_id, month, SUM(attempts),
                       SUM(reached), SUM(promises), SUM(promised_amount), SUM(kept),
                       SUM(broken), SUM(recovered)
                  FROM facts
              GROUP BY company_id, project_id, collector_id, month
                """,
                values=values,
                window=reports.RECOVERY_WINDOW_DAYS,
                unreached=reports.UNREACHED_OUTCOMES,
            )
        )

    # === Queue ===
    @api.model
    def _queue_payments(self, bill_ids):
        """The months whose contacts the payments of these bills may be credited to (from N
        days before each payment to the payment), for payers that were contacted."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'kpi', a.company_id, a.project_id, m::date
                     FROM property_receivable r
                     JOIN property_receivable_allocation a
                       ON a.receivable_id = r.id AND a.kind = 'payment'
                     JOIN res_company co ON co.id = a.company_id
                    CROSS JOIN LATERAL generate_series(
                          date_trunc('month', (a.date - COALESCE(
                              co.property_recovery_window_days, %(window)s))::timestamp),
                          date_trunc('month', a.date::timestamp), interval '1 month') AS m
                    WHERE r.move_id = ANY(%(bills)s) AND a.project_id IS NOT NULL
                      AND EXISTS (SELECT 1 FROM property_collection_activity c
                                    JOIN res_partner p ON p.id = c.partner_id
                                   WHERE COALESCE(p.commercial_partner_id, p.id) = a.partner_id
                                     AND c.project_id = a.project_id)""",
                bills=list(bill_ids),
                window=reports.RECOVERY_WINDOW_DAYS,
            )
        )

    @api.model
    def _queue_contacts(self, activity_ids):
        """The month of each contact and the months of the earlier contacts it may take a
        payment from (N days back)."""
        if not activity_ids:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'kpi', pr.company_id, a.project_id, m::date
                     FROM property_collection_activity a
                     JOIN property_project pr ON pr.id = a.project_id
                     JOIN res_company co ON co.id = pr.company_id
                     JOIN res_partner cp ON cp.id = co.partner_id
                    CROSS JOIN LATERAL (SELECT %(day)s AS day) d
                    CROSS JOIN LATERAL generate_series(
                          date_trunc('month', (d.day - COALESCE(
                              co.property_recovery_window_days, %(window)s))::timestamp),
                          date_trunc('month', d.day::timestamp), interval '1 month') AS m
                    WHERE a.id = ANY(%(ids)s)""",
                day=SQL(LOCAL_DAY, SQL("a.date")),
                ids=list(activity_ids),
                window=reports.RECOVERY_WINDOW_DAYS,
            )
        )
        self.env["property.receivable.summary"]._trigger_refresh()

    @api.model
    def _queue_promises(self, promise_ids):
        if not promise_ids:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'kpi', pr.company_id, p.project_id,
                          date_trunc('month', p.date::timestamp)::date
                     FROM property_payment_promise p
                     JOIN property_project pr ON pr.id = p.project_id
                    WHERE p.id = ANY(%s)""",
                list(promise_ids),
            )
        )
        self.env["property.receivable.summary"]._trigger_refresh()
