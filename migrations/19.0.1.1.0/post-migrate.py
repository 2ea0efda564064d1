"""19.0.1.1.0: the receivable ledger (应收台账) is built from the posted bills and their
reconciliations of existing databases; the late-fee cron reads it."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["property.receivable"]._rebuild()
    # late fees are billed from the ledger now (the cron record is noupdate)
    cron = env.ref("property_fee_collection.ir_cron_property_late_fees", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("property.receivable"),
                "code": "model._cron_late_fees()",
            }
        )
