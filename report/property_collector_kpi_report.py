from odoo import fields, models
from odoo.tools import SQL

RATES = {
    "reach_rate": ("reached", "attempts"),
    "kept_rate": ("kept", "evaluated"),
}


class PropertyCollectorKpiReport(models.Model):
    """催收员绩效: per collector, project and month (of the company's time zone), read from
    ``property.collector.kpi.summary``.

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
    _inherit = ["property.report.mixin"]
    _auto = False
    _report_rates = RATES
    _order = "month desc, collector_id"
    _rec_name = "collector_id"
    _depends = {
        "property.collector.kpi.summary": [
            "company_id",
            "project_id",
            "collector_id",
            "month",
            "attempts",
            "reached",
            "promises",
            "promised_amount",
            "kept",
            "broken",
            "recovered",
        ],
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
        return SQL(
            """
            SELECT s.id, s.month, s.company_id, c.currency_id, s.project_id, s.collector_id,
                   s.attempts, s.reached,
                   ROUND(100.0 * s.reached / NULLIF(s.attempts, 0), 2)::float8 AS reach_rate,
                   s.promises, s.promised_amount, s.kept, s.broken,
                   s.kept + s.broken AS evaluated,
                   ROUND(100.0 * s.kept / NULLIF(s.kept + s.broken, 0), 2)::float8 AS kept_rate,
                   s.recovered
              FROM property_collector_kpi_summary s
              JOIN res_company c ON c.id = s.company_id
            """
        )
