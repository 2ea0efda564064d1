from odoo import fields, models

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
