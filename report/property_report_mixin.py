from odoo import api, models
from odoo.tools import SQL


class PropertyReportMixin(models.AbstractModel):
    """What the SQL-view report models share.

    - Rates that stay right at every grouping: ``_report_rates`` maps a rate field to its
      (numerator, denominator) fields; the rate of a group — a pivot cell, a total, a list
      group — is 100 × the sum of the numerators ÷ the sum of the denominators, computed by
      PostgreSQL in the grouping query, never an average of the rows' rates (as core's vendor
      delay report does for its on-time rate).
    - No JIT: PostgreSQL cannot estimate the rows of these queries (a grid of months per
      building, running sums) and, over-estimating them by orders of magnitude, spends
      seconds compiling JIT code for a query that runs in milliseconds. The report models
      switch JIT off for the rest of their transaction before querying.
    """

    _name = "property.report.mixin"
    _description = "Report Query Helpers"
    _report_rates = {}

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False
    ):
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return super()._search(
            domain,
            offset=offset,
            limit=limit,
            order=order,
            active_test=active_test,
            bypass_access=bypass_access,
        )

    def _read_group_select(self, aggregate_spec, query):
        fname, _property, func = models.parse_read_group_spec(aggregate_spec)
        if fname in self._report_rates and func in ("avg", "sum"):
            numerator, denominator = self._report_rates[fname]
            return SQL(
                "ROUND(100.0 * SUM(%s) / NULLIF(SUM(%s), 0), 2)::float8",
                self._field_to_sql(self._table, numerator, query),
                self._field_to_sql(self._table, denominator, query),
            )
        return super()._read_group_select(aggregate_spec, query)
