from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = (
    "channel_email",
    "channel_sms",
    "channel_letter",
    "channel_express",
    "channel_call",
    "channel_visit",
    "channel_lawyer",
    "channel_legal",
)


class PropertyDunningLevel(models.Model):
    """One step of a dunning ladder: when it applies and what it does."""

    _name = "property.dunning.level"
    _description = "Dunning Level"
    _order = "policy_id, sequence, days, id"

    policy_id = fields.Many2one(
        "property.dunning.policy", string="Policy", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(string="Level", required=True, default=0)
    name = fields.Char(required=True, translate=True)
    days = fields.Integer(
        string="Days after Due Date",
        required=True,
        help="Days relative to the oldest due date of the payer; negative = before it is due.",
    )
    min_amount = fields.Float(
        string="Minimum Amount",
        digits="Account",
        help="The level applies only when the payer owes at least this amount.",
    )
    min_months = fields.Integer(
        string="Or Months in Arrears",
        help="Also reached when the oldest unpaid bill is this many months old, whatever "
        "the days (e.g. arrears over 6 months).",
    )
    channel_email = fields.Boolean(string="E-mail")
    channel_sms = fields.Boolean(string="SMS")
    channel_letter = fields.Boolean(string="Printed Letter")
    channel_express = fields.Boolean(string="Express Mail (EMS)")
    channel_call = fields.Boolean(string="Phone Call Task")
    channel_visit = fields.Boolean(string="Visit Task")
    channel_lawyer = fields.Boolean(string="Lawyer's Letter")
    channel_legal = fields.Boolean(string="Legal Referral")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'property.dunning.action')]",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter",
        domain="[('model', '=', 'property.dunning.action')]",
    )
    sms_text = fields.Text(
        string="SMS Text",
        translate=True,
        help="Placeholders: {name} payer, {amount} overdue amount, {units} units, "
        "{company} company, {phone} service centre phone.",
    )
    activity_type_id = fields.Many2one("mail.activity.type", string="Task Type")
    activity_days = fields.Integer(string="Task Due in (days)", default=1)
    responsible = fields.Selection(
        [("collector", "Building Collector"), ("manager", "Project Manager")],
        default="collector",
        required=True,
    )
    needs_approval = fields.Boolean(
        string="Manager Approval",
        help="The level's action waits for a manager's approval before it goes out.",
    )
    is_written_demand = fields.Boolean(
        string="Written Demand",
        compute="_compute_is_written_demand",
        store=True,
        help="Letters with proof of delivery restart the 3-year limitation period.",
    )
    # === Letters (issue 12) ===
    letter_kind = fields.Selection(
        [
            ("notice", "Payment Notice"),
            ("demand", "Written Demand"),
            ("lawyer", "Lawyer's Letter"),
        ],
        default="demand",
        required=True,
        help="Payment notice (缴费通知, on the due date: informs, demands nothing); written "
        "demand (催缴函, restarts the limitation period when delivered with proof); lawyer's "
        "letter (律师函, with the legal basis and a deadline).",
    )
    deadline_days = fields.Integer(
        string="Deadline (days)",
        help="The letter gives the payer this many days from the day it is sent to pay; the "
        "deadline is printed on it and stored on the action. A legal level waits until the "
        "lawyer's letter's deadline has passed.",
    )
    legal_basis = fields.Text(
        translate=True,
        help="Printed on lawyer's letters: the laws and contract clauses the claim rests on.",
    )

    @api.depends("channel_letter", "channel_express", "channel_lawyer", "letter_kind")
    def _compute_is_written_demand(self):
        for level in self:
            level.is_written_demand = level.channel_lawyer or (
                (level.channel_letter or level.channel_express) and level.letter_kind != "notice"
            )

    @api.depends("sequence", "name")
    def _compute_display_name(self):
        for level in self:
            level.display_name = f"L{level.sequence} {level.name}"

    @api.constrains("sequence", "days", "policy_id")
    def _check_ladder(self):
        for policy in self.policy_id:
            levels = policy.level_ids.sorted(lambda lv: (lv.sequence, lv.id))
            seen_days, seen_seq = set(), set()
            previous = None
            for level in levels:
                if level.days in seen_days:
                    raise ValidationError(
                        self.env._(
                            "Policy %(policy)s: two levels start %(days)s days after the due "
                            "date. Each level needs its own threshold.",
                            policy=policy.name,
                            days=level.days,
                        )
                    )
                if level.sequence in seen_seq:
                    raise ValidationError(
                        self.env._(
                            "Policy %(policy)s: level number %(level)s is used twice.",
                            policy=policy.name,
                            level=level.sequence,
                        )
                    )
                if previous and level.days < previous.days:
                    raise ValidationError(
                        self.env._(
                            "Policy %(policy)s: level %(level)s (%(days)s days) comes after "
                            "%(previous)s (%(previous_days)s days): the days must increase "
                            "from one level to the next.",
                            policy=policy.name,
                            level=level.display_name,
                            days=level.days,
                            previous=previous.display_name,
                            previous_days=previous.days,
                        )
                    )
                seen_days.add(level.days)
                seen_seq.add(level.sequence)
                previous = level

    @api.constrains("name", "days", *CHANNELS)
    def _check_channel(self):
        for level in self:
            if not any(level[channel] for channel in CHANNELS):
                raise ValidationError(
                    self.env._(
                        "Dunning level %(level)s has no channel: choose at least one (e-mail, "
                        "SMS, letter, call, visit …).",
                        level=level.display_name,
                    )
                )

    def _channels_label(self):
        self.ensure_one()
        # stored on the action: in the company's language, not the cron user's
        env = self.with_context(lang=self.env.company.partner_id.lang or self.env.lang).env
        return ", ".join(
            self._fields[channel].get_description(env)["string"]
            for channel in CHANNELS
            if self[channel]
        )
