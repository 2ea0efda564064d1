from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import complaint

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]

# Without any rule: acknowledge within one working day (24 h), resolve within five.
DEFAULT_ACK = (1, 0)
DEFAULT_RESOLVE_DAYS = 5


class PropertyComplaintDeadline(models.Model):
    """投诉处理时限: how long the desk has to acknowledge a complaint and the department to
    resolve it, per category and urgency, counted in the company's working calendar."""

    _name = "property.complaint.deadline"
    _description = "Complaint Deadline"
    _order = "sequence, id"
    _check_company_auto = True

    # === Fields ===
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Empty: applies to every company.",
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Category",
        check_company=True,
        help="Empty: any category.",
    )
    priority = fields.Selection(PRIORITIES, string="Urgency", help="Empty: any urgency.")
    ack_days = fields.Integer(
        string="Acknowledge Within (Working Days)",
        default=DEFAULT_ACK[0],
        help="One working day is the '24 hours' of the complaint procedure counted on working "
        "days: a complaint received on Friday at 15:00 is due on Monday at 15:00.",
    )
    ack_hours = fields.Integer(string="+ Working Hours", default=DEFAULT_ACK[1])
    resolve_days = fields.Integer(
        string="Resolve Within (Working Days)", default=DEFAULT_RESOLVE_DAYS, required=True
    )
    resolve_hours = fields.Integer(string="+ Resolve Working Hours", default=0)

    # === Constraints ===
    _positive_check = models.Constraint(
        "CHECK (ack_days >= 0 AND ack_hours >= 0 AND resolve_days >= 0 AND resolve_hours >= 0)",
        "Complaint deadlines cannot be negative.",
    )

    @api.depends("category_id", "priority")
    def _compute_display_name(self):
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        for rule in self:
            rule.display_name = " · ".join(
                [
                    rule.category_id.display_name or self.env._("Any category"),
                    priorities.get(rule.priority) or self.env._("Any urgency"),
                ]
            )

    @api.constrains("ack_days", "ack_hours", "resolve_days", "resolve_hours")
    def _check_order(self):
        for rule in self:
            if (rule.resolve_days, rule.resolve_hours) < (rule.ack_days, rule.ack_hours):
                raise ValidationError(
                    self.env._(
                        "Deadline %(rule)s: a complaint cannot have to be resolved before it "
                        "has to be acknowledged.",
                        rule=rule.display_name,
                    )
                )

    # === Business helpers ===
    @api.model
    def _rule_for(self, company, category, priority):
        """The rule that applies (most specific first, see tools.complaint.pick_rule)."""
        rules = self.sudo().search_fetch(
            [("company_id", "in", [False, company.id])],
            ["category_id", "priority", "sequence"],
        )
        rule_id = complaint.pick_rule(
            [complaint.Rule(r.id, r.category_id.id, r.priority, r.sequence) for r in rules],
            category.id,
            priority,
        )
        return self.browse(rule_id).sudo(False) if rule_id else self.browse()

    @api.model
    def _deadlines(self, company, category, priority, start):
        """``(acknowledge_by, resolve_by)`` for a complaint received at ``start`` (naive UTC),
        planned on the company's working calendar with its public holidays."""
        rule = self._rule_for(company, category, priority).sudo()
        ack = (rule.ack_days, rule.ack_hours) if rule else DEFAULT_ACK
        resolve = (rule.resolve_days, rule.resolve_hours) if rule else (DEFAULT_RESOLVE_DAYS, 0)
        calendar = company.resource_calendar_id
        if not calendar:
            return (
                fields.Datetime.add(start, days=ack[0], hours=ack[1]),
                fields.Datetime.add(start, days=resolve[0], hours=resolve[1]),
            )
        per_day = calendar.hours_per_day or 8.0
        return tuple(
            calendar.plan_hours(complaint.working_hours(days, hours, per_day), start, True)
            for days, hours in (ack, resolve)
        )
