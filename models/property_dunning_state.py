from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PAUSE_REASONS = [
    ("promise", "Promise to Pay Pending"),
    ("hardship", "Hardship"),
    ("dispute", "Payment Dispute"),
    ("excluded", "Excluded Manually"),
    ("legal", "Legal Case"),
]


class PropertyDunningState(models.Model):
    """催缴状态: where one payer stands in the dunning ladder of one project."""

    _name = "property.dunning.state"
    _description = "Dunning State"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "overdue_amount desc, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "partner_id.phone"]

    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    phone = fields.Char(related="partner_id.phone")
    unit_ids = fields.Many2many(
        "property.unit",
        "property_dunning_state_unit_rel",
        "state_id",
        "unit_id",
        string="Units",
        readonly=True,
    )
    collector_id = fields.Many2one("res.users", string="Collector", readonly=True, index=True)
    level_id = fields.Many2one("property.dunning.level", string="Level", readonly=True, index=True)
    level_sequence = fields.Integer(related="level_id.sequence", string="Level No.", store=True)
    open_amount = fields.Monetary(readonly=True)
    overdue_amount = fields.Monetary(readonly=True)
    oldest_due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    last_action_id = fields.Many2one("property.dunning.action", string="Last Action", readonly=True)
    last_action_date = fields.Date(readonly=True, index=True)
    next_level_id = fields.Many2one(
        "property.dunning.level", string="Next Level", compute="_compute_next_action"
    )
    next_action_date = fields.Date(string="Next Action", compute="_compute_next_action")
    action_ids = fields.One2many("property.dunning.action", "state_id", string="Actions")
    activity_log_ids = fields.One2many(
        "property.collection.activity", "state_id", string="Collection Log"
    )
    promise_ids = fields.One2many("property.payment.promise", "state_id", string="Promises")
    last_outcome = fields.Selection(
        related="activity_log_ids.outcome", string="Last Outcome", readonly=True
    )
    # === Pause reasons ===
    hardship = fields.Boolean(related="partner_id.property_hardship", readonly=False)
    # payment_dispute: computed from the payer's complaints, see
    # property_dunning_state_complaint.py (a complaint marked "payment dispute" pauses dunning)
    excluded = fields.Boolean(tracking=True)
    exclusion_reason = fields.Char(tracking=True)
    exclusion_until = fields.Date(string="Excluded Until", tracking=True)
    pause_reason = fields.Selection(
        PAUSE_REASONS, compute="_compute_pause_reason", store=True, index=True
    )

    _partner_project_uniq = models.Constraint(
        "UNIQUE (partner_id, project_id)", "A payer has one dunning state per project."
    )

    @api.depends("oldest_due_date")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for state in self:
            state.days_overdue = (
                (today - state.oldest_due_date).days if state.oldest_due_date else 0
            )

    @api.depends("level_id", "oldest_due_date", "pause_reason", "last_action_date")
    def _compute_next_action(self):
        """Next level and the day it is due (at the earliest the day after the last action)."""
        for state in self:
            level = state._next_level()
            state.next_level_id = level
            date = False
            if level and not state.pause_reason and state.oldest_due_date:
                date = fields.Date.add(state.oldest_due_date, days=level.days)
                if state.last_action_date:
                    date = max(date, fields.Date.add(state.last_action_date, days=1))
            state.next_action_date = date

    @api.depends(
        "partner_id.property_hardship",
        "payment_dispute",
        "excluded",
        "promise_ids.state",
        "level_id",
    )
    def _compute_pause_reason(self):
        """Why escalation is paused; exclusions past their end date are lifted by the daily
        run (see ``_lift_expired_exclusions``)."""
        for state in self:
            if "pending" in state.promise_ids.mapped("state"):
                state.pause_reason = "promise"
            elif state.partner_id.property_hardship:
                state.pause_reason = "hardship"
            elif state.payment_dispute:
                state.pause_reason = "dispute"
            elif state.excluded:
                state.pause_reason = "excluded"
            elif state.level_id.channel_legal:
                state.pause_reason = "legal"
            else:
                state.pause_reason = False

    def _next_level(self):
        self.ensure_one()
        levels = self._policy().level_ids.sorted("sequence")
        if not self.level_id:
            return levels[:1]
        following = levels.filtered(lambda lv: lv.sequence > self.level_id.sequence)
        return following[:1]

    def _policy(self):
        self.ensure_one()
        return (
            self.project_id.dunning_policy_id or self.env["property.dunning.policy"]._get_default()
        )

    # === Actions ===
    def action_log_call(self):
        """Two clicks: open a prefilled collection log entry for this payer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Collection Activity"),
            "res_model": "property.collection.activity",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_state_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_project_id": self.project_id.id,
                "default_unit_ids": self.unit_ids.ids,
                "default_activity_type": "call",
            },
        }

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_bill_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.partner_id.id),
            ("property_project_id", "=", self.project_id.id),
            ("payment_state", "in", ("not_paid", "partial")),
            ("state", "=", "posted"),
        ]
        return action

    def action_resume(self):
        """End a manual exclusion now (a payment dispute ends with its complaint)."""
        if not self.env.user.has_group(
            "property_fee_collection.property_fee_collection_group_manager"
        ):
            raise UserError(self.env._("Only a manager can resume dunning."))
        self.write({"excluded": False, "exclusion_until": False})
        return True

    @api.constrains("excluded", "exclusion_reason", "exclusion_until")
    def _check_exclusion(self):
        for state in self:
            if state.excluded and not (state.exclusion_reason and state.exclusion_until):
                raise ValidationError(
                    self.env._(
                        "Excluding %(payer)s from dunning needs a reason and an end date.",
                        payer=state.partner_id.display_name,
                    )
                )
