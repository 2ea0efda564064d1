from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..tools import complaint
from .helpdesk_ticket import COLLECTOR, CUSTOMER_SERVICE


class PropertyCollectionActivity(models.Model):
    """Outcome E (the payer refuses over the service): one click registers the complaint,
    marked as payment dispute, and gives the manager a task."""

    _inherit = "property.collection.activity"

    complaint_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    def action_create_complaint(self):
        self.ensure_one()
        user = self.env.user
        if not (user.has_group(COLLECTOR) or user.has_group(CUSTOMER_SERVICE)):
            raise AccessError(self.env._("Only collectors and customer service log complaints."))
        if self.outcome != "e_refuses":
            raise UserError(
                self.env._("A complaint is created from outcome E (refuses over service).")
            )
        ticket = self.complaint_ticket_id
        if not ticket:
            ticket = self.env["helpdesk.ticket"].create(self._prepare_complaint_vals())
            ticket.sudo().write({"collection_activity_id": self.id})
            self.sudo().complaint_ticket_id = ticket
            ticket._property_review_task(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "target": "current",
        }

    def _prepare_complaint_vals(self):
        self.ensure_one()
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        notes = (self.note or "").strip()
        summary = notes.splitlines()[0][:60] if notes else reasons.get(self.reason, "")
        return {
            "name": self.env._(
                "Refuses to pay: %(summary)s", summary=summary or self.partner_id.name
            ),
            "description": plaintext2html(notes)
            if notes
            else self.env._("<p>Logged during a collection call.</p>"),
            "partner_id": self.partner_id.id,
            "payer_id": self.partner_id.id,
            "project_id": self.project_id.id,
            "unit_id": self.unit_ids[:1].id,
            "category_id": self.env["helpdesk.ticket.category"]
            ._property_find(
                complaint.guess_category(notes, self.reason), self.project_id.company_id
            )
            .id,
            "channel_id": self.env.ref(
                "property_fee_collection.helpdesk_ticket_channel_collection"
            ).id,
            "complaint_date": self.date,
            "payment_dispute": True,
            "company_id": self.project_id.company_id.id,
        }
