from odoo import api, fields, models
from odoo.fields import Domain

from ..tools import complaint

ESCALATIONS = [("ack", "Acknowledgement Overdue"), ("resolve", "Resolution Overdue")]


class HelpdeskTicket(models.Model):
    """Complaint deadlines (处理时限): acknowledge and resolve by a date counted in the
    company's working calendar (``property.complaint.deadline``); overdue complaints are
    highlighted and the hourly job gives their manager a task."""

    _inherit = "helpdesk.ticket"

    # === Fields ===
    ack_deadline = fields.Datetime(
        string="Acknowledge By",
        compute="_compute_deadlines",
        store=True,
        readonly=True,
        copy=False,
    )
    resolve_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_deadlines",
        store=True,
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    next_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_next_deadline",
        help="Acknowledge-by date until the complaint is acknowledged, then resolve-by date.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    overdue_escalation = fields.Selection(
        ESCALATIONS,
        string="Escalated as",
        readonly=True,
        copy=False,
        help="Which missed deadline the manager was last given a task for.",
    )

    # === Compute methods ===
    @api.depends("complaint_date", "category_id", "priority", "company_id")
    def _compute_deadlines(self):
        Rules = self.env["property.complaint.deadline"]
        for ticket in self:
            if not ticket.complaint_date:
                ticket.ack_deadline = ticket.resolve_deadline = False
                continue
            ticket.ack_deadline, ticket.resolve_deadline = Rules._deadlines(
                ticket.company_id or self.env.company,
                ticket.category_id,
                ticket.priority,
                ticket.complaint_date,
            )

    @api.depends(
        "ack_deadline", "resolve_deadline", "acknowledged_date", "resolved_date", "property_stage"
    )
    def _compute_next_deadline(self):
        for ticket in self:
            if ticket.property_stage in complaint.DONE_STAGES:
                ticket.next_deadline = False
            elif not ticket.acknowledged_date:
                ticket.next_deadline = ticket.ack_deadline
            else:
                ticket.next_deadline = ticket.resolve_deadline

    @api.depends("next_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_overdue = bool(ticket.next_deadline and ticket.next_deadline < now)

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._property_overdue_domain("ack") | self._property_overdue_domain("resolve")

    @api.model
    def _property_overdue_domain(self, kind):
        now = fields.Datetime.now()
        if kind == "ack":
            return (
                Domain("acknowledged_date", "=", False)
                & Domain("ack_deadline", "<", now)
                & Domain("property_stage", "=", complaint.RECEIVED)
            )
        return (
            Domain("acknowledged_date", "!=", False)
            & Domain("resolved_date", "=", False)
            & Domain("resolve_deadline", "<", now)
            & Domain("property_stage", "in", complaint.OPEN_STAGES)
        )

    # === Overdue job ===
    @api.model
    def _cron_complaint_deadlines(self):
        """Give the manager a task for each complaint that missed a deadline (once per
        deadline) and note it in the complaint's chatter."""
        for kind in ("ack", "resolve"):
            late = self.search(
                self._property_overdue_domain(kind) & Domain("overdue_escalation", "!=", kind)
            )
            late._property_escalate_overdue(kind)

    def _property_escalate_overdue(self, kind):
        for ticket in self.sudo():
            manager = ticket._property_manager()
            # written in the manager's language (the job runs as OdooBot)
            ticket = ticket.with_context(lang=manager.lang or self.env.lang, tz=manager.tz)
            labels = dict(ticket._fields["overdue_escalation"]._description_selection(ticket.env))
            deadline = ticket.ack_deadline if kind == "ack" else ticket.resolve_deadline
            summary = ticket.env._(
                "%(what)s: complaint %(number)s (due %(deadline)s)",
                what=labels[kind],
                number=ticket.number,
                deadline=ticket._property_format_datetime(deadline),
            )
            ticket.activity_schedule(
                "property_fee_collection.mail_activity_type_complaint_overdue",
                date_deadline=fields.Date.context_today(ticket),
                user_id=manager.id or self.env.uid,
                summary=summary,
            )
            ticket.message_post(body=summary, subtype_xmlid="mail.mt_note")
            ticket.write({"overdue_escalation": kind})
