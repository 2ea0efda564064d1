import functools

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import call_window

DEFAULT_CALL_WINDOW = "09:30-12:00, 15:00-21:00; Sat-Sun 10:30-12:00, 15:00-21:00"


@functools.lru_cache(maxsize=128)
def _parse_call_window(text):
    """Parsed once per text (the dunning run plans thousands of tasks)."""
    return call_window.parse(text)


class PropertyDunningPolicy(models.Model):
    """催缴方案: an ordered ladder of dunning levels, used by one or more projects."""

    _name = "property.dunning.policy"
    _description = "Dunning Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the policy between companies."
    )
    level_ids = fields.One2many("property.dunning.level", "policy_id", string="Levels", copy=True)
    project_ids = fields.One2many("property.project", "dunning_policy_id", string="Projects")
    call_window = fields.Char(
        default=DEFAULT_CALL_WINDOW,
        required=True,
        help="Hours in which collectors call or visit owners, local time, e.g. "
        '"09:30-12:00, 15:00-21:00; Sat-Sun 10:30-12:00, 15:00-21:00" (a group starting '
        'with days replaces the first one on those days; "Sun off": no calls on Sundays). '
        "Tasks are planned inside these windows; nothing between 22:00 and 08:00.",
    )
    late_fees_during_pause = fields.Boolean(
        string="Late Fees During Pauses",
        help="Charge late fees also on the days dunning is paused for hardship or a payment "
        "dispute (off by default).",
    )
    note = fields.Html()

    # === Ladder and collection work (issues 12 and 14) ===
    catch_up_after_days = fields.Integer(
        string="Catch Up after a Pause of (days)",
        default=30,
        help="A payer back from a pause or exclusion longer than this is placed directly on "
        "the level their days overdue call for (only that level's action is sent); after a "
        "shorter pause they continue where they were, with the ladder's normal spacing.",
    )
    contact_per_week = fields.Integer(
        string="Contact Attempts per Week",
        default=2,
        help="Every overdue payer who is not paused is due for a call or visit often enough "
        "to get at least this many attempts a week (0: no contact queue).",
    )
    outcome_steps = fields.Boolean(
        string="Next Steps from Call Outcomes",
        default=True,
        help="Logging a call or visit plans the next step its outcome calls for (seed 003).",
    )
    outcome_a_days_before = fields.Integer(
        string="A: Reminder Days before the Promised Date", default=1
    )
    outcome_b_max_calls = fields.Integer(
        string="B: Calls before a Visit",
        default=3,
        help="Outcome B (no date yet): call again the next working day, up to this many "
        "times in a row, then visit.",
    )
    outcome_c_visit_days = fields.Integer(
        string="C: Visit within (days)",
        default=2,
        help="Outcome C (unreachable): check the number today and visit within these days.",
    )
    outcome_d_followup_days = fields.Integer(
        string="D: Follow-up Call after (days)",
        default=1,
        help="Outcome D (lives elsewhere): send the remote-payment route, then call again.",
    )
    outcome_d_sms = fields.Boolean(string="D: Send Payment Route by SMS", default=True)
    outcome_d_email = fields.Boolean(string="D: Send Payment Route by E-mail", default=True)
    remote_payment_sms = fields.Text(
        string="Remote Payment SMS",
        translate=True,
        default=lambda self: self.env._(
            "{company}: Dear {name}, you can pay the {amount} due for {units} from where you "
            "are: online at {link} or by bank transfer to {bank} (please write your unit in "
            "the note). Questions: {phone}."
        ),
        help="Placeholders: {name} payer, {amount} overdue amount, {units} units, {company} "
        "company, {phone} service centre phone, {link} online payment link, {bank} bank "
        "account.",
    )
    law_firm = fields.Char(help="Printed on the lawyer's letters (律师函) of this policy.")
    lawyer_name = fields.Char(string="Lawyer")

    @api.constrains("call_window")
    def _check_call_window(self):
        for policy in self:
            policy._parsed_call_window()

    @api.constrains(
        "catch_up_after_days",
        "contact_per_week",
        "outcome_a_days_before",
        "outcome_b_max_calls",
        "outcome_c_visit_days",
        "outcome_d_followup_days",
    )
    def _check_collection_numbers(self):
        for policy in self:
            if (
                min(
                    policy.catch_up_after_days,
                    policy.contact_per_week,
                    policy.outcome_a_days_before,
                    policy.outcome_b_max_calls,
                    policy.outcome_c_visit_days,
                    policy.outcome_d_followup_days,
                )
                < 0
                or policy.contact_per_week > 7
            ):
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: days and numbers of calls cannot be negative, and "
                        "there are at most 7 contact attempts a week.",
                        policy=policy.name,
                    )
                )

    def _parsed_call_window(self):
        """The call windows as ``tools.call_window`` reads them; a clear error otherwise."""
        self.ensure_one()
        try:
            return _parse_call_window(self.call_window or DEFAULT_CALL_WINDOW)
        except call_window.CallWindowError as error:
            raise ValidationError(self._call_window_message(error)) from None

    def _call_window_message(self, error):
        code, value = error.code, error.values
        policy = self.name
        if code == "syntax":
            return self.env._(
                'Policy %(policy)s: cannot read "%(group)s" in the call windows. Write '
                "times as 09:30-12:00, separated by commas; start a group with days (Sat-Sun, "
                'weekend) to change those days, and separate groups with ";".',
                policy=policy,
                group=value.get("group"),
            )
        if code == "day":
            return self.env._(
                'Policy %(policy)s: "%(day)s" is not a day (use Mon … Sun, weekdays, '
                "weekend, or 周一 … 周日, 工作日, 周末).",
                policy=policy,
                day=value.get("day"),
            )
        if code == "time":
            return self.env._(
                "Policy %(policy)s: %(window)s is not a valid time.",
                policy=policy,
                window=value.get("window"),
            )
        if code == "order":
            return self.env._(
                "Policy %(policy)s: the call window %(window)s ends before it starts.",
                policy=policy,
                window=value.get("window"),
            )
        if code == "overlap":
            return self.env._(
                "Policy %(policy)s: the call windows %(window)s overlap.",
                policy=policy,
                window=value.get("window"),
            )
        if code == "night":
            return self.env._(
                "Policy %(policy)s: the call window %(window)s reaches into the night. "
                "Owners are not called or visited between 22:00 and 08:00.",
                policy=policy,
                window=value.get("window"),
            )
        if code == "no_window":
            return self.env._(
                "Policy %(policy)s: the call windows leave no day to call: %(text)s",
                policy=policy,
                text=self.call_window,
            )
        return self.env._("Policy %(policy)s: enter at least one call window.", policy=policy)

    @api.model
    def _get_default(self):
        return self.env.ref(
            "property_fee_collection.property_dunning_policy_default", raise_if_not_found=False
        ) or self.search([], limit=1)
