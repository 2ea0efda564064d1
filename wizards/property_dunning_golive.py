from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

MANAGER = "property_fee_collection.property_fee_collection_group_manager"


class PropertyDunningGolive(models.TransientModel):
    """催缴上线: start dunning a project that has arrears from before (imported from the old
    system). Preview where each payer would land, choose the day dunning starts and,
    optionally, a level nobody starts above; nothing is sent before the manager confirms."""

    _name = "property.dunning.golive"
    _description = "Dunning Go-Live"
    _rec_name = "project_id"

    project_id = fields.Many2one("property.project", string="Project", required=True)
    company_id = fields.Many2one(related="project_id.company_id")
    currency_id = fields.Many2one(related="project_id.currency_id")
    policy_id = fields.Many2one(
        "property.dunning.policy", string="Dunning Policy", compute="_compute_policy_id"
    )
    date_start = fields.Date(
        string="Dunning Starts On",
        required=True,
        default=fields.Date.context_today,
        help="Nothing is escalated in this project before this day; on that day's run every "
        "payer is placed on the level of their days overdue (only that level's action goes "
        "out; lawyer's letters and legal steps wait for approval).",
    )
    start_mode = fields.Selection(
        [
            ("days", "By Days Overdue"),
            ("level", "Nobody above a Chosen Level"),
        ],
        required=True,
        default="days",
    )
    level_id = fields.Many2one(
        "property.dunning.level",
        string="Start Level",
        domain="[('policy_id', '=', policy_id), ('needs_approval', '=', False), "
        "('channel_legal', '=', False), ('channel_lawyer', '=', False)]",
        help="Payers overdue beyond this level start on it (e.g. a fresh due notice for "
        "everyone); the next levels follow with the ladder's normal spacing.",
    )
    previewed = fields.Boolean(readonly=True)
    line_ids = fields.One2many("property.dunning.golive.line", "wizard_id", readonly=True)
    payer_count = fields.Integer(string="Payers with Open Items", readonly=True)
    action_count = fields.Integer(string="Actions on the Start Day", readonly=True)
    approval_count = fields.Integer(string="To Approve", readonly=True)
    waiting_count = fields.Integer(
        string="Nothing Due Yet or Paused",
        readonly=True,
        help="Payers who get no action on the start day: not yet due for any level, paused "
        "(hardship, dispute, promise, exclusion) or below the minimum amounts.",
    )

    @api.depends("project_id")
    def _compute_policy_id(self):
        for wizard in self:
            wizard.policy_id = self.env["property.dunning.state"]._policy_of(wizard.project_id)

    @api.onchange("project_id", "date_start", "start_mode", "level_id")
    def _onchange_reset_preview(self):
        self.previewed = False

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager can start dunning for a project."))

    def _start_level(self):
        self.ensure_one()
        if self.start_mode != "level":
            return self.env["property.dunning.level"]
        if not self.level_id:
            raise UserError(self.env._("Choose the level nobody starts above."))
        if (
            self.level_id.policy_id != self.policy_id
            or self.level_id.needs_approval
            or (self.level_id.channel_legal or self.level_id.channel_lawyer)
        ):
            raise UserError(
                self.env._(
                    "Payers can only start on a level of the project's policy that needs no "
                    "approval and is not a legal step."
                )
            )
        return self.level_id

    def _preview_day(self):
        return max(self.date_start, fields.Date.context_today(self))

    def action_preview(self):
        self.ensure_one()
        self._check_manager()
        steps = self.env["property.dunning.state"]._preview_steps(
            self.project_id, self._preview_day(), self._start_level()
        )
        groups = defaultdict(lambda: [0, 0.0])
        waiting = 0
        for level, step, row, _state in steps:
            if not level:
                waiting += 1
                continue
            groups[level, step.approval][0] += 1
            groups[level, step.approval][1] += row["overdue"]
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {"level_id": level.id, "approval": approval, "count": count, "amount": amount}
            )
            for (level, approval), (count, amount) in sorted(
                groups.items(), key=lambda item: (item[0][0].sequence, item[0][1])
            )
        ]
        self.write(
            {
                "previewed": True,
                "payer_count": len(steps),
                "action_count": sum(count for count, _amount in groups.values()),
                "approval_count": sum(
                    count for (_level, approval), (count, _a) in groups.items() if approval
                ),
                "waiting_count": waiting,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Dunning Go-Live"),
        }

    def action_confirm(self):
        """Record the start day (and level); on or after it, run the project's dunning now."""
        self.ensure_one()
        self._check_manager()
        if not self.previewed:
            raise UserError(self.env._("Preview the go-live before confirming it."))
        level = self._start_level()
        self.project_id.sudo().write(
            {"dunning_start_date": self.date_start, "dunning_start_level_id": level.id}
        )
        today = fields.Date.context_today(self)
        if self.date_start > today:
            message = self.env._(
                "Dunning of %(project)s starts on %(date)s: nothing is sent before.",
                project=self.project_id.display_name,
                date=self.date_start,
            )
            return self._notify(message, self.env["property.dunning.action"])
        actions = (
            self.env["property.dunning.state"]
            .sudo()
            ._run_dunning(self.project_id.company_id, today, projects=self.project_id)
        )
        message = self.env._(
            "Dunning of %(project)s has started: %(count)s actions, %(approval)s waiting for "
            "your approval.",
            project=self.project_id.display_name,
            count=len(actions),
            approval=len(actions.filtered(lambda a: a.approval_state == "to_approve")),
        )
        return self._notify(message, actions)

    def _notify(self, message, actions):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "property.dunning.action",
                    "views": [[False, "list"], [False, "form"]],
                    "domain": [("id", "in", actions.ids)],
                    "name": self.env._("Dunning Actions"),
                },
            },
        }


class PropertyDunningGoliveLine(models.TransientModel):
    _name = "property.dunning.golive.line"
    _description = "Dunning Go-Live Preview Line"
    _rec_name = "level_id"
    _order = "id"

    wizard_id = fields.Many2one("property.dunning.golive", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    level_id = fields.Many2one("property.dunning.level", string="Level", readonly=True)
    approval = fields.Boolean(string="Waits for Approval", readonly=True)
    count = fields.Integer(string="Payers", readonly=True)
    amount = fields.Monetary(string="Overdue", readonly=True)
