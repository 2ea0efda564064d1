from odoo import models


class AccountPartialReconcile(models.Model):
    """Removing a reconciliation deletes its ledger allocations (cascade) before the ledger
    re-allocates: the collector-KPI months of those payments are queued first."""

    _inherit = "account.partial.reconcile"

    def unlink(self):
        bills = self._property_bills()
        if bills:
            self.env.flush_all()
            self.env["property.collector.kpi.summary"].sudo()._queue_payments(bills.ids)
        return super().unlink()
