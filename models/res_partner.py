from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

FINANCE = "property_fee_collection.property_fee_collection_group_finance"
# hardship data is kept by finance and managers (the flag itself is seen by the team)
HARDSHIP_FIELDS = ("property_hardship", "property_hardship_ids")


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_occupancy_ids = fields.One2many(
        "property.unit.occupancy", "partner_id", string="Property Occupancies"
    )
    property_unit_ids = fields.Many2many(
        "property.unit",
        string="Property Units",
        compute="_compute_property_unit_ids",
        help="Units where this party is, or was, owner, tenant or occupant.",
    )
    property_unit_count = fields.Integer(string="Units", compute="_compute_property_unit_ids")
    property_hardship = fields.Boolean(
        string="Hardship",
        tracking=True,
        help="Special hardship (低保户, disability, serious illness): dunning pauses; consider "
        "a waiver or an installment plan. Set by finance or a manager, with the reason and "
        "proof in a hardship record.",
    )
    property_hardship_ids = fields.One2many(
        "property.hardship",
        "partner_id",
        string="Hardship Records",
        groups=FINANCE,
    )
    property_dunning_state_ids = fields.One2many(
        "property.dunning.state", "partner_id", string="Dunning States"
    )
    property_arrears_amount = fields.Monetary(
        string="Property Arrears",
        compute="_compute_property_arrears",
        currency_field="currency_id",
        help="Unpaid items of the receivable ledger (应收台账).",
    )
    property_overdue_amount = fields.Monetary(
        string="Property Overdue",
        compute="_compute_property_arrears",
        currency_field="currency_id",
        help="Unpaid items of the receivable ledger past their due date.",
    )
    property_oldest_due_date = fields.Date(
        string="Oldest Overdue Date", compute="_compute_property_arrears"
    )
    # === Front desk: bank auto-debit agreements (personal data: finance and managers) ===
    property_debit_mandate_ids = fields.One2many(
        "property.debit.mandate",
        "partner_id",
        string="Auto-Debit Agreements",
        groups="property_fee_collection.property_fee_collection_group_finance",
    )

    @api.depends("property_occupancy_ids.unit_id")
    def _compute_property_unit_ids(self):
        groups = dict(
            self.env["property.unit.occupancy"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["unit_id:array_agg"]
            )
        )
        for partner in self:
            units = self.env["property.unit"].browse(groups.get(partner, []))
            partner.property_unit_ids = units
            partner.property_unit_count = len(set(units.ids))

    def _compute_property_arrears(self):
        """From the receivable ledger (the items the user may read)."""
        arrears = self.env["property.receivable"]._arrears_by_partner(
            self, fields.Date.context_today(self)
        )
        for partner in self:
            open_amount, overdue, oldest = arrears.get(
                partner.commercial_partner_id.id, (0.0, 0.0, False)
            )
            partner.property_arrears_amount = open_amount
            partner.property_overdue_amount = overdue
            partner.property_oldest_due_date = oldest

    # === Hardship data: finance and managers only ===
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(f) for vals in vals_list for f in HARDSHIP_FIELDS):
            self._check_hardship_access()
        return super().create(vals_list)

    def write(self, vals):
        if any(f in vals for f in HARDSHIP_FIELDS):
            self._check_hardship_access()
        if "property_hardship" not in vals:
            return super().write(vals)
        before = self.filtered("property_hardship")
        res = super().write(vals)
        # hardship pauses are kept as history (no late fees on paused days by default)
        Pause = self.env["property.dunning.pause"]
        if vals["property_hardship"]:
            Pause._open(self - before, "hardship")
        else:
            Pause._close(before, "hardship")
        return res

    def _check_hardship_access(self):
        if not self.env.su and not self.env.user.has_group(FINANCE):
            raise AccessError(
                self.env._(
                    "Only finance or a manager can set or lift the hardship flag of a payer."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_property_party(self):
        parties = self.filtered(
            lambda p: p.sudo().with_context(active_test=False).property_occupancy_ids
            or self.env["account.move.line"]._property_has_lines(
                [("partner_id", "=", p.id), ("property_unit_id", "!=", False)]
            )
        )
        if parties:
            raise UserError(
                self.env._(
                    "%(partner)s is or was an owner, tenant or payer of a unit: the contact "
                    "cannot be deleted. Archive it instead.",
                    partner=parties[0].display_name,
                )
            )

    def action_view_property_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_unit_action"
        )
        action["domain"] = [("id", "in", self.property_unit_ids.ids)]
        action["context"] = {}
        return action

    # === Batch posting of property bills ===
    def _increase_rank(self, field, n=1):
        bucket = self.env.context.get("property_rank_bucket")
        if bucket is None or field != "customer_rank":
            return super()._increase_rank(field, n)
        for partner_id in self.ids:
            bucket[partner_id] += n
        return None

    @api.model
    def _property_increase_ranks(self, ranks):
        """Apply the customer ranks collected while posting a batch of bills."""
        if not ranks:
            return
        self.flush_model(["customer_rank"])
        values = SQL(", ").join(SQL("(%s, %s)", pid, n) for pid, n in ranks.items())
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p SET customer_rank = p.customer_rank + v.n
                     FROM (VALUES %s) AS v(id, n) WHERE p.id = v.id""",
                values,
            )
        )
        self.browse(list(ranks)).invalidate_recordset(["customer_rank"])

    # Open and past complaints of a partner, as complainant or as payer.
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
