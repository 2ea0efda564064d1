from odoo import fields, models
from odoo.tools import SQL

from ..tools import reports

RATES = {
    "collection_rate": ("collected", "receivable"),
    "ytd_rate": ("ytd_collected", "ytd_receivable"),
    "arrears_rate": ("arrears_end", "annual_receivable"),
}


class PropertyCollectionTargetReport(models.Model):
    """Rates against targets, per project and month (fees only, no late fees).

    - collection rate of the month and year to date (收缴率, cumulative from January);
    - arrears rate (欠费率) = unpaid at the end of the month (of that month's and earlier
      service periods) ÷ the receivable of the twelve service months ending with it;
    - the project's targets of that year (``property.collection.target``).

    The figures are those of the collection rate report (same summary, same definitions);
    the manager dashboard reads this model.
    """

    _name = "property.collection.target.report"
    _inherit = ["property.report.mixin"]
    _description = "Collection against Targets"
    _auto = False
    _report_rates = RATES
    _order = "period desc, project_id"
    _rec_name = "project_id"
    _depends = {
        "property.collection.rate.report": ["period"],
        "property.collection.target": [
            "project_id",
            "year",
            "collection_rate_target",
            "arrears_rate_target",
        ],
    }

    period = fields.Date(string="Month", readonly=True)
    is_current_month = fields.Boolean(string="This Month", readonly=True)
    months_ago = fields.Integer(readonly=True, aggregator="min")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    receivable = fields.Monetary(readonly=True)
    collected = fields.Monetary(readonly=True)
    collection_rate = fields.Float(string="Collection Rate (%)", readonly=True, aggregator="avg")
    ytd_receivable = fields.Monetary(
        string="Receivable, Year to Date",
        readonly=True,
        help="Cumulative from January: add it up over projects, not over months.",
    )
    ytd_collected = fields.Monetary(string="Collected, Year to Date", readonly=True)
    ytd_rate = fields.Float(
        string="Year to Date (%)", readonly=True, help="Collection rate from January."
    )
    collection_target = fields.Float(string="Target (%)", readonly=True, aggregator="avg")
    arrears_end = fields.Monetary(string="Unpaid at Month End", readonly=True)
    annual_receivable = fields.Monetary(
        string="Receivable of 12 Months", readonly=True, help="The twelve months ending here."
    )
    arrears_rate = fields.Float(string="Arrears Rate (%)", readonly=True, aggregator="avg")
    arrears_target = fields.Float(string="Arrears Ceiling (%)", readonly=True, aggregator="avg")
    below_target = fields.Boolean(
        readonly=True,
        help="The year-to-date collection rate is below the target, or the arrears rate "
        "above its ceiling.",
    )

    @property
    def _table_query(self):
        rates = self.env["property.collection.rate.report"]
        date_to = rates._report_date()
        today = date_to or fields.Date.context_today(self)
        return SQL(
            """
            WITH r AS (%(rates)s),
            m AS (
                SELECT company_id, currency_id, project_id, period,
                       SUM(receivable) AS receivable, SUM(collected) AS collected,
                       SUM(arrears_end) AS arrears_end
                  FROM r
                 WHERE period_type = 'month'
              GROUP BY company_id, currency_id, project_id, period),
            k AS (
                SELECT m.*,
                       SUM(receivable) OVER y AS ytd_receivable,
                       SUM(collected) OVER y AS ytd_collected,
                       SUM(receivable) OVER (PARTITION BY company_id, project_id ORDER BY period
                                             RANGE BETWEEN INTERVAL '11 months' PRECEDING
                                                       AND CURRENT ROW) AS annual_receivable
                  FROM m
                WINDOW y AS (PARTITION BY company_id, project_id,
                                          date_trunc('year', period::timestamp)
                             ORDER BY period))
            SELECT ROW_NUMBER() OVER (ORDER BY k.period, k.company_id, k.project_id) AS id,
                   k.period, k.period = %(month)s::date AS is_current_month,
                   ((EXTRACT(year FROM %(month)s::date) - EXTRACT(year FROM k.period)) * 12
                    + EXTRACT(month FROM %(month)s::date) - EXTRACT(month FROM k.period))::int
                       AS months_ago,
                   k.company_id, k.currency_id, k.project_id,
                   k.receivable, k.collected,
                   ROUND(100.0 * k.collected / NULLIF(k.receivable, 0), 2)::float8
                       AS collection_rate,
                   k.ytd_receivable, k.ytd_collected,
                   ROUND(100.0 * k.ytd_collected / NULLIF(k.ytd_receivable, 0), 2)::float8
                       AS ytd_rate,
                   t.collection_rate_target AS collection_target,
                   k.arrears_end, k.annual_receivable,
                   ROUND(100.0 * k.arrears_end / NULLIF(k.annual_receivable, 0), 2)::float8
                       AS arrears_rate,
                   t.arrears_rate_target AS arrears_target,
                   COALESCE(100.0 * k.ytd_collected / NULLIF(k.ytd_receivable, 0)
                                < t.collection_rate_target
                            OR 100.0 * k.arrears_end / NULLIF(k.annual_receivable, 0)
                                > t.arrears_rate_target, FALSE) AS below_target
              FROM k
         LEFT JOIN property_collection_target t
                ON t.project_id = k.project_id AND t.year = EXTRACT(year FROM k.period)
            """,
            rates=rates._rates_sql(date_to, by_project=True),
            month=reports.month_start(today),
        )
