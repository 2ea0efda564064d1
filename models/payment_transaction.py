from odoo import models


class PaymentTransaction(models.Model):
    """Online payments of property bills (owner portal).

    ``account_payment`` posts the payment and reconciles it with the transaction's bills
    (``invoice_ids``) when the transaction is post-processed — by the payment status page
    the owner lands on, or by Odoo's post-processing cron when they closed the browser. The
    reconciliation re-allocates the receivable ledger (``account.partial.reconcile`` hooks);
    here the payer's dunning states follow at once, so a payer who paid everything leaves
    the dunning ladder the same minute instead of at the next daily run.
    """

    _inherit = "payment.transaction"

    def _post_process(self):
        result = super()._post_process()
        bills = self.filtered(lambda tx: tx.state == "done").invoice_ids.filtered(
            "property_project_id"
        )
        if bills:
            self.env["property.dunning.state"]._refresh_payers(bills.commercial_partner_id)
        return result
