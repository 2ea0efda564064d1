from odoo import api, fields, models
from odoo.fields import Command

from ..tools import billing

# demo portal users: login = password (demo only), see README "Owner portal"
OWNER_LOGINS = ("owner1", "owner2", "owner3")


class PropertyUnit(models.Model):
    """Owner portal demo: a former owner, portal users and the demo payment provider."""

    _inherit = "property.unit"

    @api.model
    def _demo_portal_transfer(self, unit_id, new_owner_id):
        """Before the demo bills: the unit changes hands on the first day of this month,
        so its former owner has the earlier months' bills and the new owner this month's."""
        today = fields.Date.context_today(self)
        self.env["property.unit.transfer"].create(
            {
                "unit_id": unit_id,
                "new_owner_id": new_owner_id,
                "date_transfer": billing.month_bounds(today)[0],
                "note": "房产证 浙(2026)杭州市不动产权第0000101号",
            }
        ).action_confirm()

    @api.model
    def _demo_portal_access(self, company_id, transferred_unit_id):
        company = self.env["res.company"].browse(company_id)
        self._demo_enable_payment_provider(company)
        unit = self.browse(transferred_unit_id)
        former = unit.occupancy_ids.filtered(
            lambda o: o.role == "owner" and o.date_to and o.date_to < fields.Date.today()
        ).partner_id[:1]
        parties = dict(zip(OWNER_LOGINS, self._demo_portal_owners(company), strict=False))
        parties["tenant1"] = self._demo_portal_tenant(company, payer=True)
        parties["tenant2"] = self._demo_portal_tenant(company, payer=False)
        parties["former1"] = former
        portal = self.env.ref("base.group_portal")
        for login, partner in parties.items():
            if not partner or partner.user_ids:
                continue
            self.env["res.users"].with_context(no_reset_password=True).create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "group_ids": [Command.set(portal.ids)],
                }
            )

    @api.model
    def _demo_enable_payment_provider(self, company):
        """Odoo's demo provider, in test mode, for the demo company (the company was created
        after payment_demo was installed, so its copy of the provider is disabled)."""
        Provider = self.env["payment.provider"]
        provider = Provider.search([("code", "=", "demo"), ("company_id", "=", company.id)])
        if not provider:
            provider = Provider.search([("code", "=", "demo")], limit=1).copy(
                {"company_id": company.id}
            )
        provider.write({"state": "test", "is_published": True})

    @api.model
    def _demo_portal_owners(self, company):
        """Current owners who pay their units and owe something, the first three by id."""
        owing = {
            partner.id
            for [partner] in self.env["property.receivable"]._read_group(
                [("company_id", "=", company.id), ("state", "=", "open")], ["partner_id"]
            )
        }
        occupancies = self.env["property.unit.occupancy"].search(
            [
                ("company_id", "=", company.id),
                ("role", "=", "owner"),
                ("is_payer", "=", True),
                ("is_current", "=", True),
                ("partner_id", "in", list(owing)),
            ],
            order="partner_id",
        )
        return occupancies.partner_id.filtered(lambda p: not p.user_ids)[:3]

    @api.model
    def _demo_portal_tenant(self, company, payer):
        occupancy = self.env["property.unit.occupancy"].search(
            [
                ("company_id", "=", company.id),
                ("role", "=", "tenant"),
                ("is_payer", "=", payer),
                ("is_current", "=", True),
            ],
            order="id",
            limit=1,
        )
        return occupancy.partner_id
