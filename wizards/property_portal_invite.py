from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import email_normalize

from ..tools import occupancy as occ

FINANCE = "property_fee_collection.property_fee_collection_group_finance"


class PropertyPortalInvite(models.TransientModel):
    """Invite the owners (or payers, or occupants) of projects to the owner portal at once.

    Built on Odoo's portal wizard (``portal.wizard``): each invited contact gets a portal user
    and the invitation e-mail, in the chosen language, queued in Odoo's mail queue (never
    sent from the request). Contacts without a valid e-mail, or who already have a user, are
    listed and skipped; one failing contact never stops the others.
    """

    _name = "property.portal.invite"
    _description = "Invite Owners to the Portal"

    @api.depends("project_ids")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Invite Owners: %(projects)s",
                projects="、".join(wizard.project_ids.mapped("name")),
            )

    def _default_project_ids(self):
        if self.env.context.get("active_model") == "property.project":
            return [Command.set(self.env.context.get("active_ids", []))]
        return []

    @api.model
    def _default_lang(self):
        installed = dict(self.env["res.lang"].get_installed())
        return "zh_CN" if "zh_CN" in installed else self.env.lang

    @api.model
    def _selection_lang(self):
        return self.env["res.lang"].get_installed()

    project_ids = fields.Many2many(
        "property.project",
        string="Projects",
        required=True,
        default=lambda self: self._default_project_ids(),
    )
    audience = fields.Selection(
        [
            ("owners", "Current Owners"),
            ("payers", "Current Payers (owners and paying tenants)"),
            ("occupants", "All Current Owners, Tenants and Occupants"),
        ],
        string="Invite",
        required=True,
        default="owners",
    )
    lang = fields.Selection(
        "_selection_lang",
        string="Language",
        required=True,
        default=lambda self: self._default_lang(),
        help="Language of the invitation and of the portal pages for the invited contacts.",
    )
    welcome_message = fields.Text(
        string="Invitation Message",
        default=lambda self: self.env._(
            "On the owner portal you can see your units and bills, pay property fees online, "
            "download receipts and tell us when you will pay."
        ),
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "property_portal_invite_partner_rel",
        string="To Invite",
        compute="_compute_partners",
    )
    existing_partner_ids = fields.Many2many(
        "res.partner",
        "property_portal_invite_existing_rel",
        string="Already Have Access",
        compute="_compute_partners",
    )
    no_email_partner_ids = fields.Many2many(
        "res.partner",
        "property_portal_invite_no_email_rel",
        string="Without E-mail (skipped)",
        compute="_compute_partners",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    result = fields.Text(readonly=True)

    @api.depends("project_ids", "audience")
    def _compute_partners(self):
        for wizard in self:
            parties = wizard._parties()
            with_user = parties.filtered(lambda p: p.with_context(active_test=False).user_ids)
            no_email = (parties - with_user).filtered(lambda p: not email_normalize(p.email))
            wizard.existing_partner_ids = with_user
            wizard.no_email_partner_ids = no_email
            wizard.partner_ids = parties - with_user - no_email

    def _parties(self):
        """Contacts with a current occupancy of the audience's kind in the projects."""
        self.ensure_one()
        occupancies = self.env["property.unit.occupancy"].search(
            [("project_id", "in", self.project_ids.ids), ("is_current", "=", True)]
        )
        if self.audience == "owners":
            occupancies = occupancies.filtered(lambda o: o.role == occ.OWNER)
        elif self.audience == "payers":
            occupancies = occupancies.filtered("is_payer")
        return occupancies.partner_id

    def action_invite(self):
        self.ensure_one()
        if not self.env.user.has_group(FINANCE) or self.project_ids.company_id - self.env.companies:
            raise AccessError(
                self.env._("Only finance or a manager of the company invites owners.")
            )
        partners = self.partner_ids
        if not partners:
            raise UserError(self.env._("Nobody is left to invite in these projects."))
        # granting portal access needs the contact-manager rights finance may lack: the role
        # was checked above, the portal wizard does the rest (its own checks included)
        partners.sudo().filtered(lambda p: p.lang != self.lang).write({"lang": self.lang})
        portal_wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create(
                {
                    "partner_ids": [Command.set(partners.ids)],
                    "welcome_message": self.welcome_message,
                }
            )
        )
        existing, no_email = len(self.existing_partner_ids), len(self.no_email_partner_ids)
        invited, failed = self._grant(portal_wizard.user_ids)
        result = self._result_text(len(invited), existing, no_email, failed)
        self.write({"state": "done", "result": result})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Invite Owners to the Portal"),
        }

    def _grant(self, lines):
        """Grant access line by line, each in its own savepoint."""
        invited, failed = self.env["res.partner"], []
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    line.action_grant_access()
                invited |= line.partner_id
            except UserError as error:
                failed.append(f"{line.partner_id.name}: {error.args[0]}")
        return invited, failed

    def _result_text(self, invited, existing, no_email, failed):
        lines = [
            self.env._(
                "%(count)s contacts invited; their invitations wait in the mail queue.",
                count=invited,
            )
        ]
        if existing:
            lines.append(self.env._("%(count)s already had access.", count=existing))
        if no_email:
            lines.append(
                self.env._(
                    "%(count)s have no valid e-mail: add one on the contact, then invite again.",
                    count=no_email,
                )
            )
        if failed:
            lines.append(self.env._("Not invited:"))
            lines += failed
        return "\n".join(lines)
