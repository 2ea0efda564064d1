from odoo import fields, models
from odoo.tools import SQL

from ..tools import reports

RATES = {
    "reach_rate": ("reached", "attempts"),
    "kept_rate": ("kept", "evaluated"),
}


class PropertyCollectorKpiReport(models.Model):
    """催收员绩效: per collector, project and month (in the user's time zone).

    - attempts: collection activities logged (calls, visits, messages, letters …);
    - reached: those whose outcome is not "unreachable" or "wrong number" (reach rate);
    - promises: promises to pay recorded that month, kept / broken once evaluated (kept
      rate = kept ÷ evaluated);
    - recovered after contact: payments of the contacted payer to the project's ledger items
      on the day of a contact or within the company's recovery window after it (default
      30 days), credited to the last contact before the payment (so a payment is counted
      once), in the month of that contact.
    """

    _name = "property.collector.kpi.report"
    _description = "Collector KPIs"
    _inherit = ["property.report.rate.mixin"]
    _auto = False
    _report_rates = RATES
    _order = "month desc, collector_id"
    _rec_name = "collector_id"
    _depends = {
        "property.collection.activity": [
            "company_id",
            "project_id",
            "collector_id",
            "partner_id",
            "outcome",
            "date",
        ],
        "property.payment.promise": [
            "company_id",
            "project_id",
            "collector_id",
            "date",
            "amount",
            "state",
        ],
        "property.receivable.allocation": ["partner_id", "project_id", "date", "kind", "amount"],
        "res.partner": ["commercial_partner_id"],
        "res.company": ["property_recovery_window_days"],
    }

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    collector_id = fields.Many2one("res.users", string="Collector", readonly=True)
    attempts = fields.Integer(readonly=True)
    reached = fields.Integer(readonly=True)
    reach_rate = fields.Float(string="Reach Rate (%)", readonly=True, aggregator="avg")
    promises = fields.Integer(readonly=True)
    promised_amount = fields.Monetary(readonly=True)
    kept = fields.Integer(string="Promises Kept", readonly=True)
    broken = fields.Integer(string="Promises Broken", readonly=True)
    evaluated = fields.Integer(string="Promises Evaluated", readonly=True)
    kept_rate = fields.Float(string="Kept Rate (%)", readonly=True, aggregator="avg")
    recovered = fields.Monetary(string="Recovered after Contact", readonly=True)

    @property
    def _table_query(self):
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        return SQL(
            """
            WITH acts AS (
                SELECT a.id, a.company_id, a.project_id, a.collector_id, a.outcome, a.date,
                       COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                       (a.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day
                  FROM property_collection_activity a
                  JOIN res_partner p ON p.id = a.partner_id),
            windows AS (
                SELECT acts.*,
                       LEAD(acts.day) OVER (PARTITION BY acts.partner_id, acts.project_id
                                            ORDER BY acts.date, acts.id) AS next_day,
                       COALESCE(co.property_recovery_window_days, %(window)s) AS window_days
                  FROM acts JOIN res_company co ON co.id = acts.company_id),
            facts AS (
                SELECT company_id, project_id, collector_id,
                       date_trunc('month', day::timestamp)::date AS month,
                       COUNT(*) AS attempts,
                       COUNT(*) FILTER (WHERE outcome NOT IN %(unreached)s) AS reached,
                       0 AS promises, 0 AS promised_amount, 0 AS kept, 0 AS broken,
                       0 AS recovered
                  FROM acts
              GROUP BY 1, 2, 3, 4
                UNION ALL
                SELECT company_id, project_id, collector_id,
                       date_trunc('month', date::timestamp)::date,
                       0, 0, COUNT(*), SUM(amount),
                       COUNT(*) FILTER (WHERE state = 'kept'),
                       COUNT(*) FILTER (WHERE state = 'broken'), 0
                  FROM property_payment_promise
              GROUP BY 1, 2, 3, 4
                UNION ALL
                SELECT w.company_id, w.project_id, w.collector_id,
                       date_trunc('month', w.day::timestamp)::date,
                       0, 0, 0, 0, 0, 0, SUM(al.amount)
                  FROM windows w
                  JOIN property_receivable_allocation al
                    ON al.partner_id = w.partner_id AND al.project_id = w.project_id
                   AND al.kind = 'payment' AND al.date >= w.day
                   AND al.date <= w.day + w.window_days
                   AND (w.next_day IS NULL OR al.date < w.next_day)
              GROUP BY 1, 2, 3, 4)
            SELECT ROW_NUMBER() OVER (ORDER BY f.month, f.company_id, f.project_id,
                                      f.collector_id) AS id,
                   f.month, f.company_id, c.currency_id, f.project_id, f.collector_id,
                   SUM(f.attempts) AS attempts, SUM(f.reached) AS reached,
                   ROUND(100.0 * SUM(f.reached) / NULLIF(SUM(f.attempts), 0), 2)::float8
                       AS reach_rate,
                   SUM(f.promises) AS promises, SUM(f.promised_amount) AS promised_amount,
                   SUM(f.kept) AS kept, SUM(f.broken) AS broken,
                   SUM(f.kept) + SUM(f.broken) AS evaluated,
                   ROUND(100.0 * SUM(f.kept) / NULLIF(SUM(f.kept) + SUM(f.broken), 0), 2)::float8
                       AS kept_rate,
                   SUM(f.recovered) AS recovered
              FROM facts f
              JOIN res_company c ON c.id = f.company_id
          GROUP BY f.month, f.company_id, c.currency_id, f.project_id, f.collector_id
            """,
            tz=tz,
            window=reports.RECOVERY_WINDOW_DAYS,
            unreached=reports.UNREACHED_OUTCOMES,
        )
