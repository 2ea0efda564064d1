from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError


class PropertyDunningState(models.Model):
    """Complaints of a payer in a project, and the payment-dispute pause they cause: an open
    complaint marked "payment dispute" (拒缴原因) pauses escalation until it is resolved or
    closed (``helpdesk.ticket.dispute_active``)."""

    _inherit = "property.dunning.state"

    # === Fields ===
    complaint_ids = fields.One2many(
        "helpdesk.ticket", "dunning_state_id", string="Complaints", readonly=True
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count", compute_sudo=True)
    open_complaint_count = fields.Integer(
        string="Open Complaints", compute="_compute_complaint_count", compute_sudo=True
    )
    payment_dispute = fields.Boolean(
        compute="_compute_payment_dispute",
        store=True,
        readonly=True,
        tracking=True,
        help="An open complaint of this payer is marked as payment dispute: escalation pauses "
        "until the complaint is resolved or closed.",
    )
    dispute_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Disputed In",
        compute="_compute_payment_dispute",
        store=True,
        readonly=True,
        help="The complaint that pauses dunning.",
    )

    # === Compute methods ===
    @api.depends("partner_id", "project_id")
    def _compute_display_name(self):
        """Payer and project, where the record is linked (e.g. on a complaint)."""
        for state in self:
            state.display_name = " · ".join(
                name for name in (state.partner_id.name, state.project_id.name) if name
            )

    @api.depends("complaint_ids.dispute_active")
    def _compute_payment_dispute(self):
        for state in self:
            disputes = state.complaint_ids.filtered("dispute_active").sorted("id")
            state.dispute_ticket_id = disputes[:1]
            state.payment_dispute = bool(disputes)

    @api.depends("complaint_ids.closed")
    def _compute_complaint_count(self):
        for state in self:
            state.complaint_count = len(state.complaint_ids)
            state.open_complaint_count = len(state.complaint_ids.filtered(lambda t: not t.closed))

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        states = super().create(vals_list)
        states._link_complaints()
        return states

    def write(self, vals):
        if not self.env.su and vals.keys() & {"payment_dispute", "dispute_ticket_id"}:
            raise AccessError(
                self.env._(
                    "A payment dispute is set and lifted by its complaint, not on the payer's "
                    "dunning record."
                )
            )
        return super().write(vals)

    def _link_complaints(self):
        """Complaints registered before the payer had a dunning record in the project."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("dunning_state_id", "=", False),
                    ("project_id", "in", self.project_id.ids),
                    ("payer_id.commercial_partner_id", "in", self.partner_id.ids),
                ]
            )
        )
        if not tickets:
            return
        by_key = {(state.partner_id.id, state.project_id.id): state.id for state in self}
        groups = defaultdict(list)
        for ticket in tickets:
            state_id = by_key.get((ticket.payer_id.commercial_partner_id.id, ticket.project_id.id))
            if state_id:
                groups[state_id].append(ticket.id)
        for state_id, ticket_ids in groups.items():
            tickets.browse(ticket_ids).write({"dunning_state_id": state_id})

    # === Actions ===
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.helpdesk_ticket_action_complaints"
        )
        action["domain"] = [("dunning_state_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_project_id": self.project_id.id,
        }
        return action
