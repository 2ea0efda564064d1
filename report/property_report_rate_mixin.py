from odoo import models
from odoo.tools import SQL


class PropertyReportRateMixin(models.AbstractModel):
    """Rates of report models that stay right at every grouping.

    ``_report_rates`` maps a rate field to its (numerator, denominator) fields; the rate of a
    group — a pivot cell, a total, a list group — is 100 × the sum of the numerators ÷ the
    sum of the denominators, computed by PostgreSQL in the grouping query (never an average
    of the rows' rates). As core's vendor delay report does for its on-time rate.
    """

    _name = "property.report.rate.mixin"
    _description = "Report Rates"
    _report_rates = {}

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
