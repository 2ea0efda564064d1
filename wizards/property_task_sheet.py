from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain


class PropertyTaskSheet(models.TransientModel):
    """欠费任务单: the printed list of a collector's payers in arrears, one page per
    building, with room to write the owner's answer, the time of the call and who called
    (the 《催缴记录表》 of seed 003)."""

    _name = "property.task.sheet"
    _description = "Arrears Task Sheet"

    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    building_ids = fields.Many2many(
        "property.building",
        string="Buildings",
        help="Empty: every building where the collector works units.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    only_overdue = fields.Boolean(string="Overdue Only", default=True)

    @api.onchange("collector_id")
    def _onchange_collector_id(self):
        self.building_ids = self._buildings()

    def _buildings(self):
        units = self.env["property.unit"].search([("collector_id", "=", self.collector_id.id)])
        return units.building_id

    def action_print(self):
        self.ensure_one()
        return self.env.ref("property_fee_collection.property_task_sheet_report").report_action(
            self
        )

    def _sheets(self):
        """``[(building, [row, ...]), ...]``: per building, one row per unit and payer in
        arrears, the largest amount first (from the ledger, as the user may read it)."""
        self.ensure_one()
        buildings = self.building_ids or self._buildings()
        domain = Domain(
            [
                ("building_id", "in", buildings.ids),
                ("unit_id.collector_id", "=", self.collector_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
            ]
        )
        if self.only_overdue:
            domain &= Domain("due_date", "<", self.date)
        groups = self.env["property.receivable"]._read_group(
            domain,
            ["building_id", "unit_id", "partner_id", "period_start:month"],
            ["residual:sum", "due_date:min"],
        )
        rows = defaultdict(lambda: {"amount": 0.0, "months": 0, "oldest": False})
        for building, unit, partner, month, amount, oldest in groups:
            row = rows[building, unit, partner]
            row["amount"] += amount
            row["months"] += 1 if month else 0
            row["oldest"] = min(row["oldest"] or oldest, oldest)
        states = self._states({partner for _b, _u, partner in rows})
        sheets = defaultdict(list)
        for (building, unit, partner), row in rows.items():
            state = states.get((partner.id, building.project_id.id))
            sheets[building].append(
                dict(
                    row,
                    unit=unit,
                    partner=partner,
                    state=state,
                    days=(self.date - row["oldest"]).days if row["oldest"] else 0,
                )
            )
        return [
            (building, sorted(sheets[building], key=lambda r: (-r["amount"], r["unit"].name)))
            for building in buildings.sorted(lambda b: (b.project_id.name, b.sequence, b.name))
            if sheets.get(building)
        ]

    def _states(self, partners):
        states = self.env["property.dunning.state"].search(
            [("partner_id", "in", [p.id for p in partners])]
        )
        return {(state.partner_id.id, state.project_id.id): state for state in states}

    @api.depends("collector_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Task Sheets: %(collector)s", collector=wizard.collector_id.name or ""
            )
