from odoo import api, fields, models


class PropertyDebitMandate(models.Model):
    """银行代扣协议: a payer's agreement that the company collects their bills from a bank
    account. Personal data: readable by finance and managers only (access rights)."""

    _name = "property.debit.mandate"
    _description = "Bank Auto-Debit Agreement"
    _inherit = ["mail.thread"]
    _order = "partner_id, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "reference", "account_number"]

    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    reference = fields.Char(
        string="Agreement No.", required=True, tracking=True, help="协议编号 given by the bank."
    )
    bank_name = fields.Char(string="Bank", required=True, tracking=True)
    account_holder = fields.Char(required=True, tracking=True)
    account_number = fields.Char(required=True, tracking=True)
    date_signed = fields.Date(
        string="Mandate Date", required=True, default=fields.Date.context_today, tracking=True
    )
    active = fields.Boolean(default=True, tracking=True)
    note = fields.Char()

    _reference_uniq = models.Constraint(
        "UNIQUE (company_id, reference)", "An agreement number is used once per company."
    )

    @api.depends("partner_id", "bank_name", "account_number")
    def _compute_display_name(self):
        for mandate in self:
            tail = (mandate.account_number or "")[-4:]
            mandate.display_name = (
                f"{mandate.partner_id.name or ''} {mandate.bank_name or ''} *{tail}"
            )
