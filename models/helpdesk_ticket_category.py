from odoo import api, fields, models

from ..tools import complaint

PROPERTY_CATEGORIES = [
    (complaint.SECURITY, "Security"),
    (complaint.CLEANING, "Cleaning"),
    (complaint.LANDSCAPING, "Landscaping"),
    (complaint.ENGINEERING, "Engineering / Repair"),
    (complaint.CUSTOMER_SERVICE, "Customer Service"),
    (complaint.FINANCE, "Finance / Billing"),
    (complaint.DEVELOPER_QUALITY, "Developer Quality"),
]


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    property_category = fields.Selection(
        PROPERTY_CATEGORIES,
        string="Complaint Type",
        index=True,
        help="Business area of complaints in this category; used to guess the category of a "
        "complaint logged by a collector (outcome E).",
    )

    @api.model
    def _property_find(self, code, company):
        """The category of a complaint type for ``company`` (shared categories included)."""
        return self.search(
            [("property_category", "=", code), ("company_id", "in", [False, company.id])],
            limit=1,
        )
