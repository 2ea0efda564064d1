from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

PAUSE_KINDS = [
    ("hardship", "Hardship"),
    ("dispute", "Payment Dispute"),
    ("installment", "Installment Plan"),
]


class PropertyDunningPause(models.Model):
    """A period in which a payer's dunning was paused, kept as history.

    Late fees do not accrue on the days of a hardship or dispute pause unless the project's
    dunning policy says so (``late_fees_during_pause``). Hardship (低保户, illness …) is
    personal: its pauses cover every project; a dispute covers one project.
    """

    _name = "property.dunning.pause"
    _description = "Dunning Pause"
    _order = "date_from desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, ondelete="cascade"
    )
    project_id = fields.Many2one(
        "property.project", string="Project", index=True, help="Empty: every project."
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    kind = fields.Selection(PAUSE_KINDS, required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(help="Last paused day; empty while the pause lasts.")
    note = fields.Char()
    receivable_ids = fields.Many2many(
        "property.receivable",
        "property_dunning_pause_receivable_rel",
        "pause_id",
        "receivable_id",
        string="Ledger Items",
        help="Only these items are paused (an installment plan that suspends late fees); "
        "empty: every item of the payer.",
    )

    # === Display name (breadcrumbs, links) ===
    @api.depends("partner_id", "kind", "date_from")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for pause in self:
            pause.display_name = " ".join(
                str(part)
                for part in (pause.partner_id.name, kinds.get(pause.kind), pause.date_from)
                if part
            )

    @api.model
    def _open(self, partners, kind, project=None, note=None):
        """Start a pause today for each of ``partners`` that has none of this kind open."""
        today = fields.Date.context_today(self)
        domain = [("partner_id", "in", partners.ids), ("kind", "=", kind), ("date_to", "=", False)]
        if project is not None:
            domain.append(("project_id", "=", project.id))
        paused = self.sudo().search(domain).partner_id
        self.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "project_id": project.id if project else False,
                    "kind": kind,
                    "date_from": today,
                    "note": note,
                }
                for partner in partners - paused
            ]
        )

    @api.model
    def _close(self, partners, kind, project=None):
        """End the open pauses of this kind: yesterday was the last paused day (a pause that
        started today is removed)."""
        today = fields.Date.context_today(self)
        domain = [("partner_id", "in", partners.ids), ("kind", "=", kind), ("date_to", "=", False)]
        if project is not None:
            domain.append(("project_id", "=", project.id))
        pauses = self.sudo().search(domain)
        pauses.filtered(lambda p: p.date_from >= today).unlink()
        (pauses.exists()).write({"date_to": fields.Date.subtract(today, days=1)})

    @api.model
    def _ranges(self, keys):
        """``{(partner_id, project_id): [(from, to), ...]}`` of the paused days of each
        payer and project (to = None: still paused)."""
        partners = {partner for partner, _project in keys}
        pauses = self.sudo().search_fetch(
            [("partner_id", "in", list(partners)), ("receivable_ids", "=", False)],
            ["partner_id", "project_id", "date_from", "date_to"],
        )
        by_partner = defaultdict(list)
        for pause in pauses:
            by_partner[pause.partner_id.id].append(pause)
        return {
            (partner, project): [
                (pause.date_from, pause.date_to or None)
                for pause in by_partner.get(partner, [])
                if not pause.project_id or pause.project_id.id == project
            ]
            for partner, project in keys
        }

    # === Pauses of chosen ledger items (installment plans) ===
    @api.model
    def _open_items(self, items, kind, note=None):
        """Start today a pause of ``items`` (one payer and project); returns it."""
        return self.sudo().create(
            {
                "partner_id": items.partner_id.id,
                "project_id": items.project_id.id,
                "kind": kind,
                "date_from": fields.Date.context_today(self),
                "receivable_ids": [fields.Command.set(items.ids)],
                "note": note,
            }
        )

    def _close_items(self):
        """End these item pauses: yesterday was the last paused day."""
        today = fields.Date.context_today(self)
        pauses = self.sudo().filtered(lambda p: not p.date_to)
        pauses.filtered(lambda p: p.date_from >= today).unlink()
        pauses.exists().write({"date_to": fields.Date.subtract(today, days=1)})

    @api.model
    def _item_ranges(self, item_ids):
        """``{item_id: [(from, to), ...]}`` of the paused days of single ledger items."""
        if not item_ids:
            return {}
        self.flush_model()
        ranges = defaultdict(list)
        for item_id, date_from, date_to in self.env.execute_query(
            SQL(
                """SELECT rel.receivable_id, p.date_from, p.date_to
                     FROM property_dunning_pause_receivable_rel rel
                     JOIN property_dunning_pause p ON p.id = rel.pause_id
                    WHERE rel.receivable_id = ANY(%s)""",
                list(item_ids),
            )
        ):
            ranges[item_id].append((date_from, date_to))
        return ranges
