from odoo import models


class PropertyReceivableAllocation(models.Model):
    """Index of the collector KPIs: a payer's payments in a project, by date."""

    _inherit = "property.receivable.allocation"

    _report_payment_idx = models.Index("(partner_id, project_id, date) WHERE kind = 'payment'")
