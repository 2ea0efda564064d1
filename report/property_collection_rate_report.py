from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import reports

# rate field → (numerator, denominator) columns; the rate of any group is computed from the
# sums of its rows (see ``_read_group_select``), never averaged
RATES = {
    "collection_rate": ("collected", "receivable"),
    "recovery_rate": ("prior_collected", "prior_base"),
}
DIMENSIONS = ("company_id", "project_id", "building_id", "fee_type_id", "is_late_fee")


class PropertyCollectionRateReport(models.Model):
    """收缴率 and 清欠率 per project, building, fee type and month — and cumulative per year.

    Read from the ledger summary (``property.receivable.summary``), for a period P (a service
    month, or a calendar year for the cumulative rows):

    - receivable (当期应收) = billed for the service periods of P − credit notes and waivers of
      those items; collected (当期实收) = payments that reached them; collection rate (收缴率) =
      collected ÷ receivable. Write-offs stay in the receivable as uncollected.
    - prior arrears (往期欠费) = unpaid at the start of P of the items of earlier service
      periods; recovered (清欠) = what was paid of them during P; recovery rate (清欠率) =
      recovered ÷ (prior arrears − their credit notes and waivers during P).
    - unpaid at the end (期末欠费) = unpaid at the end of P of the items of P and earlier.

    As of the moment the summary was refreshed by default; as of the end of a given day with
    ``report_date`` in the context (what was billed and settled after it is left out; the
    month of that day is read from the summary by day).
    """

    _name = "property.collection.rate.report"
    _description = "Collection and Recovery Rates"
    _inherit = ["property.report.mixin"]
    _auto = False
    _report_rates = RATES
    _order = "period desc, project_id, building_id, fee_type_id"
    _rec_name = "period"
    _depends = {
        "property.receivable.summary": [
            "company_id",
            "project_id",
            "building_id",
            "fee_type_id",
            "is_late_fee",
            "period_month",
            "event_month",
            "kind",
            "amount",
        ],
        "property.receivable.summary.day": ["period_month", "event_date", "kind", "amount"],
    }

    period_type = fields.Selection(
        [("month", "Month"), ("year", "Year (cumulative)")], readonly=True
    )
    period = fields.Date(readonly=True, help="First day of the month or of the year.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    building_id = fields.Many2one("property.building", string="Building", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    is_late_fee = fields.Boolean(string="Late Fee", readonly=True)
    billed = fields.Monetary(readonly=True, help="Billed for the service periods of the period.")
    reduced = fields.Monetary(
        string="Credited and Waived", readonly=True, help="Credit notes and waivers (减免)."
    )
    receivable = fields.Monetary(readonly=True, help="当期应收: billed − credit notes and waivers.")
    collected = fields.Monetary(readonly=True, help="当期实收.")
    written_off = fields.Monetary(readonly=True)
    unpaid = fields.Monetary(
        string="Still Owed", readonly=True, help="Receivable − collected − written off."
    )
    collection_rate = fields.Float(
        string="Collection Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="收缴率 = collected ÷ receivable.",
    )
    arrears_start = fields.Monetary(
        string="Prior Arrears at Start",
        readonly=True,
        help="往期欠费: unpaid at the start of the period, of earlier service periods.",
    )
    prior_reduced = fields.Monetary(
        string="Prior Arrears Credited",
        readonly=True,
        help="Credit notes and waivers of prior arrears during the period.",
    )
    prior_base = fields.Monetary(
        string="Prior Arrears to Recover",
        readonly=True,
        help="Prior arrears at start − their credit notes and waivers during the period.",
    )
    prior_collected = fields.Monetary(
        string="Arrears Recovered", readonly=True, help="清欠: prior arrears paid in the period."
    )
    recovery_rate = fields.Float(
        string="Recovery Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="清欠率 = arrears recovered ÷ prior arrears to recover.",
    )
    arrears_end = fields.Monetary(
        string="Unpaid at End",
        readonly=True,
        help="期末欠费: unpaid at the end of the period, of its and earlier service periods.",
    )

    # === SQL ===
    @property
    def _table_query(self):
        return self._rates_sql(self._report_date())

    @api.model
    def _report_date(self):
        """The ``report_date`` of the context (a day), or None: as recorded now."""
        value = self.env.context.get("report_date")
        return fields.Date.to_date(value) if value else None

    @api.model
    def _events_sql(self, date_to=None):
        """Summary events (company, project, building, fee type, late fee, service month
        ``pm``, event month ``em``, kind, amount) known at the end of ``date_to``: whole
        months from the monthly summary, the month of ``date_to`` when it is cut from the
        summary by day."""
        columns = SQL(
            """company_id, project_id, COALESCE(building_id, 0) AS building_id,
               COALESCE(fee_type_id, 0) AS fee_type_id, is_late_fee, period_month AS pm"""
        )
        if date_to is None:
            return SQL(
                "SELECT %s, event_month AS em, kind, amount FROM property_receivable_summary",
                columns,
            )
        month = reports.month_start(date_to)
        month_end = reports.add_months(month, 1) - timedelta(days=1)
        if date_to >= month_end:
            return SQL(
                "SELECT %s, event_month AS em, kind, amount FROM property_receivable_summary "
                "WHERE event_month <= %s",
                columns,
                month,
            )
        return SQL(
            """SELECT %(columns)s, event_month AS em, kind, amount
                 FROM property_receivable_summary WHERE event_month < %(month)s
               UNION ALL
               SELECT %(columns)s, %(month)s::date, kind, SUM(amount)
                 FROM property_receivable_summary_day
                WHERE event_date BETWEEN %(month)s AND %(day)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8""",
            columns=columns,
            month=month,
            day=date_to,
        )

    @api.model
    def _project_events_sql(self, date_to=None):
        """The events of the fees (no late fees) summed per project: what the per-project
        reports (targets, dashboard) need, a fraction of the rows."""
        return SQL(
            """SELECT company_id, project_id, 0 AS building_id, 0 AS fee_type_id,
                      FALSE AS is_late_fee, pm, em, kind, SUM(amount) AS amount
                 FROM (%s) e
                WHERE NOT is_late_fee
             GROUP BY company_id, project_id, pm, em, kind""",
            self._events_sql(date_to),
        )

    @api.model
    def _rates_sql(self, date_to=None, by_project=False):
        """Monthly and yearly rows (see the class docstring) from the events of
        ``_events_sql`` (of ``_project_events_sql`` when ``by_project``): three groupings of
        the events (by service month, by event month, by the later of both — when an amount
        joins or leaves the arrears), a zero row per building and month so that months
        without events carry the arrears over, and a running sum per building."""
        last = reports.month_start(date_to or fields.Date.context_today(self))
        dims = SQL(", ").join(SQL.identifier(name) for name in DIMENSIONS)
        events = self._project_events_sql(date_to) if by_project else self._events_sql(date_to)
        return SQL(
            """
            WITH ev AS (%(events)s),
            bounds AS (
                SELECT date_trunc('year', MIN(LEAST(pm, em))::timestamp)::date AS first,
                       GREATEST(MAX(GREATEST(pm, em)), %(last)s::date) AS last
                  FROM ev),
            facts AS (
                SELECT %(dims)s, pm AS month,
                       SUM(amount) FILTER (WHERE kind = 'billed') AS billed,
                       SUM(amount) FILTER (WHERE kind IN ('credit_note', 'waiver')) AS reduced,
                       SUM(amount) FILTER (WHERE kind = 'payment') AS collected,
                       SUM(amount) FILTER (WHERE kind = 'write_off') AS written_off,
                       0 AS prior_collected, 0 AS prior_reduced, 0 AS net
                  FROM ev GROUP BY %(dims)s, pm
                UNION ALL
                SELECT %(dims)s, em, 0, 0, 0, 0,
                       SUM(amount) FILTER (WHERE kind = 'payment' AND pm < em),
                       SUM(amount) FILTER (WHERE kind IN ('credit_note', 'waiver') AND pm < em),
                       0
                  FROM ev GROUP BY %(dims)s, em
                UNION ALL
                SELECT %(dims)s, GREATEST(pm, em), 0, 0, 0, 0, 0, 0,
                       SUM(CASE WHEN kind = 'billed' THEN amount ELSE -amount END)
                  FROM ev GROUP BY %(dims)s, GREATEST(pm, em)
                UNION ALL
                SELECT d.*, m::date, 0, 0, 0, 0, 0, 0, 0
                  FROM (SELECT DISTINCT %(dims)s FROM ev) d
                 CROSS JOIN bounds b
                 CROSS JOIN generate_series(b.first, b.last, interval '1 month') AS m),
            sums AS (
                SELECT %(dims)s, month,
                       COALESCE(SUM(billed), 0) AS billed,
                       COALESCE(SUM(reduced), 0) AS reduced,
                       COALESCE(SUM(collected), 0) AS collected,
                       COALESCE(SUM(written_off), 0) AS written_off,
                       COALESCE(SUM(prior_collected), 0) AS prior_collected,
                       COALESCE(SUM(prior_reduced), 0) AS prior_reduced,
                       COALESCE(SUM(net), 0) AS net
                  FROM facts GROUP BY %(dims)s, month),
            monthly AS (
                SELECT %(dims)s, month, billed, reduced, collected, written_off,
                       COALESCE(SUM(net) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                                               AND 1 PRECEDING), 0) AS arrears_start,
                       SUM(net) OVER (w ROWS UNBOUNDED PRECEDING) AS arrears_end,
                       prior_collected, prior_reduced
                  FROM sums
                WINDOW w AS (PARTITION BY %(dims)s ORDER BY month)),
            yflow AS (
                SELECT %(dims)s, date_trunc('year', em::timestamp)::date AS year,
                       SUM(amount) FILTER (WHERE kind = 'payment') AS prior_collected,
                       SUM(amount) FILTER (WHERE kind IN ('credit_note', 'waiver'))
                           AS prior_reduced
                  FROM ev WHERE pm < date_trunc('year', em::timestamp)::date
              GROUP BY %(dims)s, date_trunc('year', em::timestamp)::date),
            yearly AS (
                SELECT m.company_id, m.project_id, m.building_id, m.fee_type_id, m.is_late_fee,
                       date_trunc('year', m.month::timestamp)::date AS month,
                       SUM(m.billed) AS billed, SUM(m.reduced) AS reduced,
                       SUM(m.collected) AS collected, SUM(m.written_off) AS written_off,
                       SUM(m.arrears_start) FILTER (WHERE EXTRACT(month FROM m.month) = 1)
                           AS arrears_start,
                       (ARRAY_AGG(m.arrears_end ORDER BY m.month DESC))[1] AS arrears_end
                  FROM monthly m
              GROUP BY m.company_id, m.project_id, m.building_id, m.fee_type_id, m.is_late_fee,
                       date_trunc('year', m.month::timestamp)::date),
            rows AS (
                SELECT 'month' AS period_type, m.*
                  FROM monthly m
                UNION ALL
                SELECT 'year', y.company_id, y.project_id, y.building_id, y.fee_type_id,
                       y.is_late_fee, y.month, y.billed, y.reduced, y.collected, y.written_off,
                       COALESCE(y.arrears_start, 0), y.arrears_end,
                       COALESCE(f.prior_collected, 0), COALESCE(f.prior_reduced, 0)
                  FROM yearly y
             LEFT JOIN yflow f
                    ON f.company_id = y.company_id AND f.project_id = y.project_id
                   AND f.building_id = y.building_id AND f.fee_type_id = y.fee_type_id
                   AND f.is_late_fee = y.is_late_fee AND f.year = y.month)
            SELECT ROW_NUMBER() OVER (ORDER BY r.period_type, r.month, r.company_id,
                                      r.project_id, r.building_id, r.fee_type_id,
                                      r.is_late_fee) AS id,
                   r.period_type, r.month AS period, r.company_id, c.currency_id,
                   r.project_id, NULLIF(r.building_id, 0) AS building_id,
                   NULLIF(r.fee_type_id, 0) AS fee_type_id, r.is_late_fee,
                   r.billed, r.reduced, r.billed - r.reduced AS receivable, r.collected,
                   r.written_off, r.billed - r.reduced - r.collected - r.written_off AS unpaid,
                   ROUND(100.0 * r.collected / NULLIF(r.billed - r.reduced, 0), 2)::float8
                       AS collection_rate,
                   r.arrears_start, r.prior_reduced,
                   r.arrears_start - r.prior_reduced AS prior_base, r.prior_collected,
                   ROUND(100.0 * r.prior_collected
                         / NULLIF(r.arrears_start - r.prior_reduced, 0), 2)::float8
                       AS recovery_rate,
                   r.arrears_end
              FROM rows r
              JOIN res_company c ON c.id = r.company_id
             WHERE r.billed != 0 OR r.reduced != 0 OR r.collected != 0 OR r.written_off != 0
                OR r.arrears_start != 0 OR r.arrears_end != 0 OR r.prior_collected != 0
                OR r.prior_reduced != 0
            """,
            events=events,
            dims=dims,
            last=last,
        )
