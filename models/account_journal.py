from odoo import api, fields, models

# 收费渠道: how a payer paid at the front desk (收费台); one journal per channel and company
CHANNELS = [
    ("cash", "Cash"),
    ("pos", "Bank Card (POS)"),
    ("transfer", "Bank Transfer"),
    ("wechat", "WeChat Pay"),
    ("alipay", "Alipay"),
    ("auto_debit", "Bank Auto-Debit"),
]
# journal type and short code of each channel's journal
CHANNEL_JOURNALS = {
    "cash": ("cash", "PCSH"),
    "pos": ("bank", "PPOS"),
    "transfer": ("bank", "PBNK"),
    "wechat": ("bank", "PWX"),
    "alipay": ("bank", "PALI"),
    "auto_debit": ("bank", "PDD"),
}


def write_translations(record, fname, translate):
    """Store ``translate(env)`` — an ``env._("…")`` call — as ``fname`` of ``record`` in
    every installed language, so a name the system writes once (a journal, a product) reads
    in each user's language and not in the language of whoever created it first."""
    langs = [code for code, _name in record.env["res.lang"].get_installed()]
    for code in ["en_US"] + [code for code in langs if code != "en_US"]:
        localized = record.with_context(lang=code)
        localized[fname] = translate(localized.env)


class AccountJournal(models.Model):
    _inherit = "account.journal"

    property_channel = fields.Selection(
        CHANNELS,
        string="Front Desk Channel",
        copy=False,
        index="btree_not_null",
        help="Payments taken at the front desk (收费台) with this channel are booked in this "
        "journal; one journal per channel and company.",
    )

    _property_channel_uniq = models.UniqueIndex(
        "(company_id, property_channel) WHERE property_channel IS NOT NULL",
        "A company has one journal per front desk channel.",
    )

    @api.model
    def _property_channel_names(self):
        return {
            "cash": self.env._("Front Desk Cash"),
            "pos": self.env._("Front Desk Bank Card (POS)"),
            "transfer": self.env._("Front Desk Bank Transfer"),
            "wechat": self.env._("Front Desk WeChat Pay"),
            "alipay": self.env._("Front Desk Alipay"),
            "auto_debit": self.env._("Bank Auto-Debit"),
        }

    @api.model
    def _property_channel_journal(self, company, channel):
        """The journal of a front desk channel, created on first use (as superuser: cashiers
        do not configure journals)."""
        journal = self.sudo().search(
            [("company_id", "=", company.id), ("property_channel", "=", channel)], limit=1
        )
        if not journal:
            journal_type, code = CHANNEL_JOURNALS[channel]
            taken = set(
                self.sudo()
                .with_context(active_test=False)
                .search([("company_id", "=", company.id)])
                .mapped("code")
            )
            base, index = code, 1
            while code in taken:
                code = f"{base[:4]}{index}"
                index += 1
            journal = (
                self.sudo()
                .with_company(company)
                .create(
                    {
                        "name": self._property_channel_names()[channel],
                        "code": code,
                        "type": journal_type,
                        "company_id": company.id,
                        "property_channel": channel,
                        "sequence": 50,
                    }
                )
            )
            write_translations(
                journal,
                "name",
                lambda env: env["account.journal"]._property_channel_names()[channel],
            )
        return journal.sudo(False)
