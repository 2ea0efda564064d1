from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Complaints are dispatched by customer service (派单), not assigned to whoever registers
    # them: OCA helpdesk_mgmt assigns new tickets to their creator unless this is off.
    helpdesk_mgmt_ticket_auto_assign = fields.Boolean(default=False)
