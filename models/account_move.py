from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .account_journal import write_translations


class AccountMove(models.Model):
    _inherit = "account.move"

    property_project_id = fields.Many2one(
        "property.project",
        string="Property Project",
        index="btree_not_null",
        copy=False,
        check_company=True,
        readonly=True,
        ondelete="restrict",
        help="Set on property fee bills produced by a billing run.",
    )
    property_billing_run_id = fields.Many2one(
        "property.billing.run",
        string="Billing Run",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    property_is_late_fee = fields.Boolean(
        string="Late Fee Bill", copy=False, readonly=True, index="btree_not_null"
    )
    property_notice_state = fields.Selection(
        [
            ("to_send", "Queued"),
            ("sent", "Sent"),
            ("no_email", "No E-mail: Print"),
        ],
        string="Payment Notice",
        copy=False,
        index="btree_not_null",
        readonly=True,
    )
    property_waiver = fields.Boolean(
        string="Waiver",
        copy=False,
        readonly=True,
        help="A credit note that waives what a property bill asked (减免), not a correction.",
    )
    property_receivable_ids = fields.One2many(
        "property.receivable", "move_id", string="Ledger Items", readonly=True
    )
    property_unit_ids = fields.Many2many(
        "property.unit",
        string="Property Units",
        compute="_compute_property_unit_ids",
        search="_search_property_unit_ids",
    )

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            self.env["property.receivable"]._sync_moves(self)
        return res

    def _compute_property_unit_ids(self):
        for move in self:
            move.property_unit_ids = move.invoice_line_ids.property_unit_id

    def _search_property_unit_ids(self, operator, value):
        return [("invoice_line_ids.property_unit_id", operator, value)]

    # === Bill construction (used by billing runs) ===
    @api.model
    def _property_get_journal(self, company):
        """The sales journal of property bills (物业费账单), created on first use."""
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale"), ("code", "=", "PFB")],
            limit=1,
        )
        if not journal:
            journal = (
                self.env["account.journal"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Property Fee Bills"),
                        "code": "PFB",
                        "type": "sale",
                        "company_id": company.id,
                        "sequence": 5,
                    }
                )
            )
            # the name in every installed language (not only the creating user's)
            write_translations(journal, "name", lambda env: env._("Property Fee Bills"))
        return journal.sudo(False)

    @api.model
    def _property_prepare_bill_vals(self, partner, project, charges, dates, cache):
        """Values of one posted-to-be customer invoice with all its journal items.

        ``charges``: ``tools.charges.Charge`` values, labelled. ``dates``: (invoice_date,
        due_date). Taxes come from the products through Odoo's tax engine, so the items are
        exactly those Odoo would compute; the invoice is created with them (no per-line
        resynchronisation).
        """
        company = project.company_id
        currency = company.currency_id
        AccountTax = self.env["account.tax"]
        fiscal_position = partner.with_company(company).property_account_position_id
        base_lines, accounting = [], []
        for charge in charges:
            product = self.env["product.product"].browse(charge.product_id)
            account, taxes = self._property_product_accounting(
                product, company, fiscal_position, cache
            )
            accounting.append((account, taxes))
            base_lines.append(
                AccountTax._prepare_base_line_for_taxes_computation(
                    None,
                    product_id=product,
                    tax_ids=taxes,
                    price_unit=float(charge.price_unit),
                    quantity=charge.quantity,
                    currency_id=currency,
                    partner_id=partner,
                    account_id=account,
                    sign=-1,
                    is_refund=False,
                    rate=1.0,
                )
            )
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        AccountTax._add_accounting_data_in_base_lines_tax_details(base_lines, company)
        tax_results = AccountTax._prepare_tax_lines(base_lines, company)
        line_cmds, total = [], 0.0
        for charge, (account, taxes), (_base, amounts) in zip(
            charges, accounting, tax_results["base_lines_to_update"], strict=True
        ):
            vals = self._property_product_line_vals(charge, partner, account, taxes)
            line_cmds.append(Command.create(dict(vals, **amounts)))
            total += amounts["balance"]
        for tax_vals in tax_results["tax_lines_to_add"]:
            line_cmds.append(Command.create(dict(tax_vals, display_type="tax")))
            total += tax_vals["balance"]
        invoice_date, due_date = dates
        receivable = partner.with_company(company).property_account_receivable_id
        line_cmds.append(
            Command.create(
                {
                    "display_type": "payment_term",
                    "name": "",
                    "account_id": receivable.id,
                    "partner_id": partner.id,
                    "balance": -total,
                    "amount_currency": -total,
                    "date_maturity": due_date,
                }
            )
        )
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": company.id,
            "currency_id": currency.id,
            "invoice_date": invoice_date,
            "date": invoice_date,
            "invoice_date_due": due_date,
            # the fee type sets the due date: the payer's payment terms (for other invoices)
            # would otherwise replace it when the bill is posted
            "invoice_payment_term_id": False,
            "property_project_id": project.id,
            "property_is_late_fee": any(c.late_fee_source_id for c in charges),
            "line_ids": line_cmds,
        }

    @api.model
    def _property_product_accounting(self, product, company, fiscal_position, cache):
        key = (product.id, company.id, fiscal_position.id)
        if key not in cache:
            if product.company_id and product.company_id != company:
                raise UserError(
                    self.env._(
                        "Product %(product)s belongs to %(other)s, not to %(company)s.",
                        product=product.display_name,
                        other=product.company_id.name,
                        company=company.name,
                    )
                )
            product = product.with_company(company)
            accounts = product.product_tmpl_id.get_product_accounts(fiscal_pos=fiscal_position)
            taxes = product.taxes_id.filtered(lambda tax: tax.company_id == company)
            if fiscal_position:
                taxes = fiscal_position.map_tax(taxes)
            cache[key] = (accounts["income"], taxes)
        return cache[key]

    @api.model
    def _property_product_line_vals(self, charge, partner, account, taxes):
        return {
            "display_type": "product",
            "product_id": charge.product_id,
            "name": charge.label,
            "quantity": charge.quantity,
            "price_unit": float(charge.price_unit),
            "account_id": account.id,
            "tax_ids": [Command.set(taxes.ids)],
            "partner_id": partner.id,
            "analytic_distribution": False,
            "property_unit_id": charge.unit_id or False,
            "property_fee_type_id": charge.fee_type_id or False,
            "property_period_start": charge.date_from,
            "property_period_end": charge.date_to,
            "property_billing_line": charge.billing_line,
            "property_late_fee_line": bool(charge.late_fee_source_id),
            "property_late_fee_source_id": charge.late_fee_source_id or False,
        }

    @api.model
    def _property_create_bills(self, vals_list):
        """Create and post bills in one batch, without mail tracking or followers.

        The context below only applies to this creation and posting: the bills are returned
        in the caller's environment. Partner ranks (customer_rank) are increased with one
        UPDATE for the batch instead of one write per partner.
        """
        ranks = defaultdict(int)
        batch = self.with_context(
            property_rank_bucket=ranks,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            skip_invoice_sync=True,
            skip_invoice_line_sync=True,
            skip_analytic_sync=True,
        )
        moves = batch.create(vals_list)
        moves.action_post()
        self.env["res.partner"]._property_increase_ranks(ranks)
        return moves.with_env(self.env)

    # === Prepayments (预存) ===
    def _property_apply_prepayments(self):
        """Use the payers' outstanding credits (advance payments) on their open bills, oldest
        due date first. One search for the credits of all payers; only payers who have
        credit are reconciled."""
        partners = self.commercial_partner_id
        if not partners:
            return
        Line = self.env["account.move.line"]
        credits = Line.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "in", self.company_id.ids),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                # unapplied credit (an advance payment is no bill: the ledger has no item
                # for it until it is applied)
                ("amount_residual", "<", 0),
            ]
        )
        if not credits:
            return
        open_debits = self.env["property.receivable"]._open_bill_lines(
            credits.partner_id, self.company_id
        )
        for partner, partner_credits in credits.grouped("partner_id").items():
            for debit in open_debits.filtered(lambda line, p=partner: line.partner_id == p):
                partner_credits = partner_credits.filtered(lambda line: not line.reconciled)
                if not partner_credits:
                    break
                same_account = partner_credits.filtered(
                    lambda line, d=debit: line.account_id == d.account_id
                )
                if same_account:
                    (same_account + debit).reconcile()

    # === Payment notices (缴费通知单) ===
    @api.model
    def _cron_property_send_notices(self, batch=50):
        """Send queued payment notices in batches, committing after each batch."""
        domain = [("property_notice_state", "=", "to_send")]
        while moves := self.search(domain, limit=batch):
            moves._property_send_notices()
            remaining = self.search_count(domain)
            if self.env["ir.cron"]._commit_progress(len(moves), remaining=remaining) <= 0:
                break

    def _property_send_notices(self):
        """Queue the notice e-mails (mail queue sends them); no e-mail address: to print."""
        template = self.env.ref("property_fee_collection.mail_template_property_payment_notice")
        with_email = self.filtered(lambda move: move.partner_id.email)
        (self - with_email).write({"property_notice_state": "no_email"})
        if with_email:
            template.send_mail_batch(with_email.ids)
            with_email.write({"property_notice_state": "sent"})
