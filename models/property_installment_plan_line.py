from odoo import api, fields, models

LINE_STATES = [
    ("pending", "Not Due"),
    ("late", "Late (within grace days)"),
    ("kept", "Paid"),
    ("missed", "Missed"),
]


class PropertyInstallmentPlanLine(models.Model):
    """One instalment of an installment plan: due date, amount and whether it was paid.

    Written by the plan only (schedule, daily check): its amounts add up to the plan's total.
    """

    _name = "property.installment.plan.line"
    _description = "Installment Plan Instalment"
    _inherit = ["property.guarded.mixin"]
    _order = "plan_id, sequence, id"
    _guarded_fields = ("plan_id", "sequence", "due_date", "amount", "state")

    plan_id = fields.Many2one(
        "property.installment.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(string="No.", required=True)
    due_date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    state = fields.Selection(LINE_STATES, default="pending", required=True)

    @api.depends("plan_id", "sequence", "due_date")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(plan)s · instalment %(number)s (%(date)s)",
                plan=line.plan_id.display_name,
                number=line.sequence,
                date=line.due_date,
            )
