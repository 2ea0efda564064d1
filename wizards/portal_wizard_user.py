from odoo import models


class PortalWizardUser(models.TransientModel):
    """Portal invitations are queued in Odoo's mail queue, never sent from the request
    (nothing reaches the internet from the product itself: the queue's SMTP server decides).
    Owners, tenants and occupants of units get the owner-portal invitation, in their
    language; other contacts keep Odoo's own invitation."""

    _inherit = "portal.wizard.user"

    def _send_email(self):
        self.ensure_one()
        user = self.user_id.sudo()
        template = self.env.ref("auth_signup.portal_set_password_email")
        if user.partner_id.commercial_partner_id.property_occupancy_ids:
            template = self.env.ref("property_fee_collection.mail_template_property_portal_invite")
        user.partner_id.signup_prepare()
        template.with_context(
            dbname=self.env.cr.dbname,
            lang=user.lang,
            welcome_message=self.wizard_id.welcome_message,
            medium="portalinvite",
        ).send_mail(user.id, force_send=False)
        return True
