from odoo import fields, models
from odoo.tools import SQL

from ..tools import reports


class ResCompany(models.Model):
    """Settings of the manager reports (Settings → Companies → Property Fees)."""

    _inherit = "res.company"

    property_recovery_window_days = fields.Integer(
        string="Recovery Window (days)",
        default=reports.RECOVERY_WINDOW_DAYS,
        help="Collector KPIs: a payment of a payer on the day of a contact or within this "
        "many days after it counts as recovered after contact, credited to the last contact "
        "before the payment.",
    )

    _property_recovery_window_check = models.Constraint(
        "CHECK (property_recovery_window_days > 0)",
        "The recovery window must be at least one day.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "property_recovery_window_days" in vals:
            self._property_queue_kpis()
        return result

    def _property_queue_kpis(self):
        """Another recovery window changes what every contact recovered: queue all the
        collector-KPI months of these companies."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'kpi', company_id, project_id, month
                     FROM property_collector_kpi_summary WHERE company_id = ANY(%s)""",
                self.ids,
            )
        )
        self.env["property.receivable.summary"]._trigger_refresh()
