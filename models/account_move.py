from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .account_journal import write_translations

# accounts whose journal items keep a residual although not reconcilable (Odoo's rule)
RESIDUAL_CASH_TYPES = ("asset_cash", "liability_credit_card")


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
        fiscal_position = partner.with_company(company).property_account_position_id
        accounting = [
            self._property_product_accounting(
                self.env["product.product"].browse(charge.product_id),
                company,
                fiscal_position,
                cache,
            )
            for charge in charges
        ]
        if any(taxes for _account, taxes in accounting):
            amounts_list, tax_lines = self._property_tax_engine_amounts(
                partner, company, charges, accounting
            )
        else:
            amounts_list = [self._property_untaxed_amounts(charge, currency) for charge in charges]
            tax_lines = []
        line_cmds, total = [], 0.0
        for charge, (account, taxes), amounts in zip(
            charges, accounting, amounts_list, strict=True
        ):
            vals = self._property_product_line_vals(charge, partner, account, taxes)
            line_cmds.append(Command.create(dict(vals, **amounts)))
            total += amounts["balance"]
        for tax_vals in tax_lines:
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
    def _property_tax_engine_amounts(self, partner, company, charges, accounting):
        """Amounts of the product items and the tax items, from Odoo's tax engine."""
        AccountTax = self.env["account.tax"]
        base_lines = [
            AccountTax._prepare_base_line_for_taxes_computation(
                None,
                product_id=self.env["product.product"].browse(charge.product_id),
                tax_ids=taxes,
                price_unit=float(charge.price_unit),
                quantity=charge.quantity,
                currency_id=company.currency_id,
                partner_id=partner,
                account_id=account,
                sign=-1,
                is_refund=False,
                rate=1.0,
            )
            for charge, (account, taxes) in zip(charges, accounting, strict=True)
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        AccountTax._add_accounting_data_in_base_lines_tax_details(base_lines, company)
        results = AccountTax._prepare_tax_lines(base_lines, company)
        return [amounts for _base, amounts in results["base_lines_to_update"]], results[
            "tax_lines_to_add"
        ]

    @api.model
    def _property_untaxed_amounts(self, charge, currency):
        """What the tax engine gives an item without taxes (its untaxed amount rounded to
        the fen; tests/test_money.py compares both), at a fraction of its cost: a late-fee run
        prepares tens of thousands of such items."""
        amount = currency.round(float(charge.price_unit) * charge.quantity)
        return {"tax_tag_ids": [Command.set([])], "amount_currency": -amount, "balance": -amount}

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
    def _property_create_bills(self, vals_list, prototypes=None):
        """Create and post bills in one batch, without mail tracking or followers.

        ``prototypes``: a dict (kept by the caller from batch to batch of one run): plain
        bills of the same shape are then copied below the ORM from a prototype (see below).

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
        if prototypes is None:
            moves = batch.create(vals_list)
            moves.action_post()
        else:
            moves = batch._property_bulk_create(vals_list, prototypes, ranks)
        self.env["res.partner"]._property_increase_ranks(ranks)
        return moves.with_env(self.env)

    # === Bulk posting of plain bills below the ORM (late fees) ===
    # A late-fee run posts one bill per payer: tens of thousands of bills made of the same
    # few journal items. Per batch, the first bill of each shape (same journal, dates,
    # accounts, products, line layout) is created and posted by Odoo; the others are
    # copies of it written with one INSERT for the bills and one for their items, where only
    # what differs from bill to bill is replaced (number, payer, amounts, labels, units,
    # periods). Only bills that Odoo would post the same way are copied: no taxes, no
    # fiscal position, payers without contacts of their own, the company currency, a
    # journal without hash lock, and no other module changing how invoices are posted.
    # tests/test_bulk_bills.py compares such a copy with the bill Odoo makes, column by
    # column.

    # what differs from one bill to the next (everything else is the prototype's)
    _PROPERTY_BULK_MOVE_KEYS = ("name", "partner_id", "invoice_date_due", "property_project_id")
    _PROPERTY_BULK_LINE_KEYS = (
        "name",
        "partner_id",
        "quantity",
        "price_unit",
        "balance",
        "amount_currency",
        "date_maturity",
        "property_unit_id",
        "property_fee_type_id",
        "property_period_start",
        "property_period_end",
        "property_late_fee_source_id",
    )
    _PROPERTY_BULK_TOTALS = {
        "amount_untaxed": "untaxed",
        "amount_untaxed_signed": "untaxed",
        "amount_untaxed_in_currency_signed": "untaxed",
        "amount_total": "total",
        "amount_total_signed": "total",
        "amount_total_in_currency_signed": "total",
        "amount_residual": "total",
        "amount_residual_signed": "total",
    }

    @api.model
    def _property_bulk_create(self, vals_list, prototypes, ranks):
        """Post the bills of ``vals_list``: by Odoo those that cannot be copied and the first
        of each shape without a prototype yet (it becomes the prototype, kept in
        ``prototypes``: {shape: bill id}), as copies the others."""
        shapes = self._property_bulk_shapes(vals_list)
        self._property_bulk_keep_pristine(prototypes)
        first, first_shapes, clones = [], [], []
        for vals, shape in zip(vals_list, shapes, strict=True):
            if shape and (shape in prototypes or shape in first_shapes):
                clones.append((shape, vals))
            else:
                first.append(vals)
                first_shapes.append(shape)
        moves = self.create(first)
        moves.action_post()
        for move, shape in zip(moves, first_shapes, strict=True):
            if shape and move.payment_reference == move.name and move.sequence_prefix:
                prototypes[shape] = move.id
        copies, orphans = [], []
        for shape, vals in clones:
            proto = self.browse(prototypes.get(shape))
            number = proto and vals["name"].removeprefix(proto.sequence_prefix)
            if proto and vals["name"].startswith(proto.sequence_prefix) and number.isdigit():
                copies.append((proto, vals, int(number)))
            else:
                orphans.append(vals)
        if orphans:
            created = self.create(orphans)
            created.action_post()
            moves |= created
        if copies:
            moves |= self._property_insert_copies(copies, ranks)
        return moves

    @api.model
    def _property_bulk_shapes(self, vals_list):
        """The shape of each bill (None: it cannot be copied)."""
        if not vals_list or not self._property_bulk_allowed():
            return [None] * len(vals_list)
        plain = self._property_bulk_plain_payers(vals_list)
        return [
            self._property_bulk_shape(vals) if vals["partner_id"] in plain else None
            for vals in vals_list
        ]

    @api.model
    def _property_bulk_keep_pristine(self, prototypes):
        """Forget the prototypes changed since they were posted (paid, reset, edited, or
        rolled back with a failed chunk): a copy must start from a bill as Odoo posts it."""
        if not prototypes:
            return
        self.env.flush_all()
        pristine = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT m.id FROM account_move m
                        WHERE m.id = ANY(%s) AND m.state = 'posted'
                          AND m.payment_state = 'not_paid'
                          AND m.write_date = m.create_date
                          AND NOT EXISTS (
                              SELECT 1 FROM account_move_line l
                               WHERE l.move_id = m.id
                                 AND (l.write_date != l.create_date
                                      OR l.matching_number IS NOT NULL
                                      OR EXISTS (SELECT 1 FROM account_partial_reconcile r
                                                  WHERE l.id IN (r.debit_move_id,
                                                                 r.credit_move_id))))""",
                    list(prototypes.values()),
                )
            )
        }
        for shape, move_id in list(prototypes.items()):
            if move_id not in pristine:
                del prototypes[shape]

    @api.model
    def _property_bulk_allowed(self):
        """No module other than accounting posts invoices its own way here."""
        owners = {
            getattr(cls, "_module", None)
            for cls in type(self).__mro__
            if "_post" in vars(cls) or "action_post" in vars(cls)
        }
        return owners <= {"account", None}

    @api.model
    def _property_bulk_plain_payers(self, vals_list):
        """Payers whose bills Odoo posts without looking further than the payer itself: no
        parent, no contacts (delivery address), no fiscal position."""
        company = self.env["res.company"].browse(vals_list[0]["company_id"])
        partner_ids = list({vals["partner_id"] for vals in vals_list})
        if any(vals["company_id"] != company.id for vals in vals_list):
            return set()
        plain = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT p.id FROM res_partner p
                        WHERE p.id = ANY(%s) AND p.parent_id IS NULL
                          AND NOT EXISTS (SELECT 1 FROM res_partner c WHERE c.parent_id = p.id)""",
                    partner_ids,
                )
            )
        }
        auto_positions = self.env["account.fiscal.position"].search_count(
            [
                *self.env["account.fiscal.position"]._check_company_domain(company),
                ("auto_apply", "=", True),
            ],
            limit=1,
        )
        partners = self.env["res.partner"].browse(plain).with_company(company)
        return {
            partner.id
            for partner in partners
            if not partner.property_account_position_id
            and not (auto_positions and partner.country_id)
        }

    @api.model
    def _property_bulk_shape(self, vals):
        """What a bill shares with its prototype (hashable), or None if it cannot be copied."""
        company = self.env["res.company"].browse(vals["company_id"])
        journal = self.env["account.journal"].browse(vals.get("journal_id"))
        if (
            vals.get("move_type") != "out_invoice"
            or vals.get("currency_id") != company.currency_id.id
            or not journal
            or journal.restrict_mode_hash_table
        ):
            return None
        lines = []
        for command in vals["line_ids"]:
            line = command[2]
            if line.get("display_type") not in ("product", "payment_term"):
                return None
            if any(cmd[2] for cmd in line.get("tax_ids") or () if cmd[0] == Command.SET):
                return None
            lines.append(
                tuple(
                    sorted(
                        (key, repr(value))
                        for key, value in line.items()
                        if key not in self._PROPERTY_BULK_LINE_KEYS
                    )
                )
            )
        if -sum(line["balance"] for line in self._property_bulk_lines(vals, "product")) <= 0:
            return None
        head = tuple(
            sorted(
                (key, repr(value))
                for key, value in vals.items()
                if key not in (*self._PROPERTY_BULK_MOVE_KEYS, "line_ids")
            )
        )
        return head, tuple(lines)

    @staticmethod
    def _property_bulk_lines(vals, display_type=None):
        return [
            command[2]
            for command in vals["line_ids"]
            if display_type is None or command[2].get("display_type") == display_type
        ]

    @api.model
    def _property_insert_copies(self, copies, ranks):
        """One INSERT for the bills, one for their journal items; then the ledger."""
        self.env.flush_all()
        Line = self.env["account.move.line"]
        company = copies[0][0].company_id
        partners = self.env["res.partner"].browse({vals["partner_id"] for _p, vals, _n in copies})
        partners = {partner.id: partner for partner in partners.with_company(company)}
        proto_lines = {}
        move_rows, line_rows = [], []
        for proto, vals, number in copies:
            partner = partners[vals["partner_id"]]
            if proto not in proto_lines:
                proto_lines[proto] = proto.line_ids.sorted("id")
            lines = self._property_bulk_lines(vals)
            untaxed = -sum(line["balance"] for line in lines if line["display_type"] == "product")
            total = sum(line["balance"] for line in lines if line["display_type"] == "payment_term")
            move_rows.append(
                (
                    proto,
                    {
                        **{key: vals[key] for key in self._PROPERTY_BULK_MOVE_KEYS},
                        "commercial_partner_id": partner.id,
                        "partner_shipping_id": partner.id,
                        "invoice_partner_display_name": partner.display_name,
                        "preferred_payment_method_line_id": (
                            partner.property_inbound_payment_method_line_id.id
                        ),
                        "sequence_number": number,
                        "payment_reference": vals["name"],
                        "made_sequence_gap": False,
                        # never the prototype's portal link
                        "access_token": None,
                        **{
                            column: untaxed if kind == "untaxed" else total
                            for column, kind in self._PROPERTY_BULK_TOTALS.items()
                        },
                    },
                )
            )
            for proto_line, line in zip(proto_lines[proto], lines, strict=True):
                balance = line["balance"]
                # Odoo keeps a residual on the items of these accounts only
                account = proto_line.account_id
                reconcilable = account.reconcile or account.account_type in RESIDUAL_CASH_TYPES
                row = {
                    **{key: line.get(key) for key in self._PROPERTY_BULK_LINE_KEYS},
                    "move_name": vals["name"],
                    "debit": max(balance, 0.0),
                    "credit": max(-balance, 0.0),
                    "amount_residual": balance if reconcilable else 0.0,
                    "amount_residual_currency": line["amount_currency"] if reconcilable else 0.0,
                }
                if line["display_type"] == "product":
                    row["price_subtotal"] = row["price_total"] = -line["amount_currency"]
                else:  # the receivable item is named after the payment reference
                    row["name"] = vals["name"]
                    row["price_subtotal"] = proto_line.price_subtotal
                    row["price_total"] = proto_line.price_total
                line_rows.append((proto_line, vals["name"], row))
        ids = self._property_bulk_insert(self, move_rows, returning="name")
        for _proto_line, name, row in line_rows:
            row["move_id"] = ids[name]
        self._property_bulk_insert(Line, [(proto, row) for proto, _n, row in line_rows])
        moves = self.browse(list(ids.values()))
        self.env.cr.execute(
            SQL(
                """UPDATE account_move m
                      SET made_sequence_gap = m.sequence_number > 1 AND NOT EXISTS (
                              SELECT 1 FROM account_move p
                               WHERE p.journal_id = m.journal_id
                                 AND p.sequence_prefix = m.sequence_prefix
                                 AND p.sequence_number = m.sequence_number - 1)
                    WHERE m.id = ANY(%s)""",
                moves.ids,
            )
        )
        for _proto, vals, _number in copies:
            ranks[vals["partner_id"]] += 1
        self.env["property.receivable"]._sync_moves(moves, fresh=True)
        return moves

    @api.model
    def _property_bulk_insert(self, model, rows, returning=None):
        """Insert copies of prototype records: ``rows`` are ``(prototype, {column: value})``;
        every stored column not given is the prototype's. Values are converted as the ORM
        converts them (rounding of amounts and quantities included) and sent as one array per
        column. Returns ``{row[returning]: id}`` if ``returning``."""
        if not rows:
            return {}
        fields_ = {
            name: field
            for name, field in model._fields.items()
            if field.store and field.column_type and name != "id"
        }
        given = [name for name in rows[0][1] if name in fields_]
        protos = {proto for proto, _row in rows}
        scales = {}  # numeric columns: rounded by the database, half away from zero as Odoo

        def column(name):
            field = fields_[name]
            digits = field.type == "float" and field.get_digits(self.env)
            if field.type == "monetary":
                currencies = {p[field.get_currency_field(p)] for p in protos}
                if len(currencies) == 1:
                    digits = (0, currencies.pop().decimal_places)
            if digits:
                scales[name] = digits[1]
                return [float(row[name] or 0.0) for _proto, row in rows]
            return [field.convert_to_column_insert(row[name], p) for p, row in rows]

        arrays = [SQL("%s::int4[]", [p.id for p, _row in rows])]
        arrays += [
            SQL("%s::%s[]", column(name), SQL(fields_[name].column_type[1])) for name in given
        ]

        def select(name):
            if name not in given:
                return SQL.identifier("p", name)
            if name in scales:
                return SQL("ROUND(%s, %s)", SQL.identifier("v", name), scales[name])
            return SQL.identifier("v", name)

        query = SQL(
            """INSERT INTO %(table)s (%(columns)s)
               SELECT %(select)s
                 FROM unnest(%(arrays)s) AS v(proto_id, %(given)s)
                 JOIN %(table)s p ON p.id = v.proto_id
               %(returning)s""",
            table=SQL.identifier(model._table),
            columns=SQL(", ").join(SQL.identifier(name) for name in fields_),
            select=SQL(", ").join(select(name) for name in fields_),
            arrays=SQL(", ").join(arrays),
            given=SQL(", ").join(SQL.identifier(name) for name in given),
            returning=SQL("RETURNING %s, id", SQL.identifier(returning)) if returning else SQL(),
        )
        result = self.env.execute_query(query)
        model.invalidate_model()
        return dict(result) if returning else {}

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
