from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    """Open and past complaints of a partner, as complainant or as payer."""

    _inherit = "res.partner"

    property_complaint_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Complaints",
        compute="_compute_property_complaints",
        help="Complaints made by this party or about the units they pay for.",
    )
    property_open_complaint_count = fields.Integer(
        string="Open Complaints", compute="_compute_property_complaints"
    )

    def _compute_property_complaints(self):
        commercial = self.commercial_partner_id
        by_partner = defaultdict(set)
        if commercial.ids:
            tickets = (
                self.env["helpdesk.ticket"]
                .with_context(active_test=False)
                .search(
                    Domain("partner_id", "child_of", commercial.ids)
                    | Domain("payer_id", "child_of", commercial.ids),
                    order="complaint_date desc, id desc",
                )
            )
            for ticket in tickets:
                for partner in ticket.partner_id | ticket.payer_id:
                    by_partner[partner.commercial_partner_id.id].add(ticket.id)
        else:
            tickets = self.env["helpdesk.ticket"]
        for partner in self:
            ids = by_partner.get(partner.commercial_partner_id.id, set())
            mine = tickets.filtered(lambda t, ids=ids: t.id in ids)
            partner.property_complaint_ids = mine
            partner.property_open_complaint_count = len(mine.filtered(lambda t: not t.closed))

    def action_view_property_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.helpdesk_ticket_action_complaints"
        )
        action["domain"] = [("id", "in", self.property_complaint_ids.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action
