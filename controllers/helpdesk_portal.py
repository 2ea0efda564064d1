from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class PropertyHelpdeskTicketController(HelpdeskTicketController):
    """Owners file complaints from the portal: the form lists their units."""

    @http.route()
    def support_ticket_close(self, **kw):
        """Only one's own complaints can be closed from the portal (OCA's route looks the
        ticket up in sudo mode: without this check anybody could cancel any complaint, and
        lift the payment-dispute pause of someone else's dunning)."""
        ticket = request.env["helpdesk.ticket"].browse(int(kw.get("ticket_id") or 0)).exists()
        ticket.check_access("read")
        return super().support_ticket_close(**kw)

    def _property_portal_units(self):
        """Units the portal user (or their company) owns, rents or occupies; the portal
        record rules of ``property.unit`` limit the search to them."""
        user = request.env.user
        if not user.share:
            return request.env["property.unit"]
        return request.env["property.unit"].search([])

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["property_units"] = self._property_portal_units()
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        units = self._property_portal_units()
        unit_id = int(kw.get("property_unit") or 0)
        unit = units.filtered(lambda u: u.id == unit_id) or (units if len(units) == 1 else None)
        if unit:
            vals["unit_id"] = unit.id
            vals["company_id"] = unit.company_id.id
        return vals
