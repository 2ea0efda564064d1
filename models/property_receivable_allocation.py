from odoo import api, fields, models

from .property_receivable import KINDS


class PropertyReceivableAllocation(models.Model):
    """What settled a ledger item, when: a share of one reconciliation of its bill.

    Written by the ledger only (``property.receivable._refresh_allocations``); the dates give
    late fees day by day, promise evaluation and collection reports.
    """

    _name = "property.receivable.allocation"
    _description = "Receivable Ledger Allocation"
    _order = "date, id"
    _log_access = False

    receivable_id = fields.Many2one(
        "property.receivable", string="Ledger Item", required=True, index=True, ondelete="cascade"
    )
    partial_id = fields.Many2one(
        "account.partial.reconcile", string="Reconciliation", index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Payer", index=True)
    project_id = fields.Many2one("property.project", string="Project", index=True)
    date = fields.Date(required=True, index=True)
    amount = fields.Monetary(required=True)
    kind = fields.Selection(KINDS, required=True)

    # === Display name (breadcrumbs, links) ===
    @api.depends("receivable_id", "date")
    def _compute_display_name(self):
        for allocation in self:
            allocation.display_name = f"{allocation.receivable_id.display_name} {allocation.date}"

    # ===== Indexes of the report queries =====
    # Index of the collector KPIs: a payer's payments in a project, by date.

    _report_payment_idx = models.Index("(partner_id, project_id, date) WHERE kind = 'payment'")
