from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    property_planned_at = fields.Datetime(
        string="Planned Time",
        help="Collection calls and visits: the time planned inside the dunning policy's call "
        "windows (9:30–12:00 and 15:00–21:00 by default).",
    )
