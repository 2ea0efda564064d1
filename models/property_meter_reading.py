from statistics import median

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .property_fee_type import METER_TYPES

FINANCE = "property_fee_collection.property_fee_collection_group_finance"
# Consumption far outside a unit's history waits for confirmation before it is billed:
# more than OUTLIER_FACTOR times the median of its last readings (plus a small slack), or,
# without history, more than a month's plausible use of a home.
OUTLIER_FACTOR = 4.0
OUTLIER_SLACK = {"water": 10.0, "electricity": 200.0, "gas": 20.0}
OUTLIER_CEILING = {"water": 100.0, "electricity": 2000.0, "gas": 200.0}
HISTORY_SIZE = 6


class PropertyMeterReading(models.Model):
    """抄表: one reading of a unit's meter; consumption is billed by metered fee types."""

    _name = "property.meter.reading"
    _description = "Meter Reading"
    _inherit = ["property.guarded.mixin"]
    _order = "unit_id, meter_type, date desc, id desc"
    _check_company_auto = True
    _guarded_fields = ("needs_confirmation", "confirmed_by_id", "date_confirmed", "move_line_id")

    unit_id = fields.Many2one(
        "property.unit", string="Unit", required=True, index=True, check_company=True
    )
    project_id = fields.Many2one(related="unit_id.project_id", store=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    meter_type = fields.Selection(METER_TYPES, required=True, default="water")
    date = fields.Date(string="Reading Date", required=True, default=fields.Date.context_today)
    previous_reading = fields.Float(
        digits=(16, 2),
        help="Filled from the unit's last reading of this meter. A unit's first reading of a "
        "meter is its opening reading (baseline, no consumption) unless you enter the "
        "previous reading yourself (e.g. 0 for a new meter).",
    )
    current_reading = fields.Float(digits=(16, 2), required=True)
    consumption = fields.Float(digits=(16, 2), compute="_compute_consumption", store=True)
    reader_id = fields.Many2one("res.users", string="Read By", default=lambda self: self.env.user)
    move_line_id = fields.Many2one(
        "account.move.line", string="Bill Line", readonly=True, copy=False, index="btree_not_null"
    )
    is_billed = fields.Boolean(string="Billed", compute="_compute_is_billed")
    needs_confirmation = fields.Boolean(
        string="Unusual Consumption",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The consumption is far outside this unit's history: it is billed only after "
        "finance confirms it (or corrects the reading).",
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed By", readonly=True, copy=False)
    date_confirmed = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    note = fields.Char()

    _unit_meter_date_uniq = models.Constraint(
        "UNIQUE (unit_id, meter_type, date)",
        "A meter can only have one reading per day.",
    )

    # === Display name (breadcrumbs, links) ===
    @api.depends("unit_id", "meter_type", "date")
    def _compute_display_name(self):
        types = dict(self._fields["meter_type"]._description_selection(self.env))
        for reading in self:
            reading.display_name = " ".join(
                str(part)
                for part in (reading.unit_id.name, types.get(reading.meter_type), reading.date)
                if part
            )

    @api.depends("previous_reading", "current_reading")
    def _compute_consumption(self):
        for reading in self:
            reading.consumption = reading.current_reading - reading.previous_reading

    @api.depends("move_line_id.property_billed")
    def _compute_is_billed(self):
        for reading in self:
            reading.is_billed = bool(reading.move_line_id.property_billed)

    @api.model_create_multi
    def create(self, vals_list):
        self._fill_previous_readings(vals_list)
        readings = super().create(vals_list)
        readings._flag_outliers()
        return readings

    @api.model
    def _fill_previous_readings(self, vals_list):
        """Chain ``previous_reading`` from the last known reading, also inside one batch."""
        if all("previous_reading" in vals for vals in vals_list):
            return
        default_type = self._fields["meter_type"].default(self)
        unit_ids = list({vals["unit_id"] for vals in vals_list if vals.get("unit_id")})
        last = {}
        for reading in self.search([("unit_id", "in", unit_ids)], order="date asc, id asc"):
            last[reading.unit_id.id, reading.meter_type] = reading.current_reading
        for vals in sorted(vals_list, key=lambda v: str(v.get("date") or "")):
            if not vals.get("unit_id"):
                continue
            key = (vals["unit_id"], vals.get("meter_type") or default_type)
            if "previous_reading" not in vals:
                # the first reading of a meter is its opening reading: a baseline
                vals["previous_reading"] = last.get(key, vals.get("current_reading", 0.0))
            last[key] = vals.get("current_reading", 0.0)

    @api.constrains("previous_reading", "current_reading", "date", "unit_id", "meter_type")
    def _check_sequence(self):
        siblings = self.search(
            [("unit_id", "in", self.unit_id.ids), ("meter_type", "in", self.mapped("meter_type"))],
            order="date asc, id asc",
        )
        for (_unit, _meter), readings in siblings.grouped(
            lambda r: (r.unit_id, r.meter_type)
        ).items():
            previous = None
            for reading in readings:
                reading._check_against(previous)
                previous = reading

    def _check_against(self, previous):
        self.ensure_one()
        if self.current_reading < 0 or self.previous_reading < 0:
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s, %(date)s: a meter reading cannot be negative.",
                    unit=self.unit_id.name,
                    date=self.date,
                )
            )
        if self.current_reading < self.previous_reading:
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s, %(date)s: the reading %(current)s is lower than the "
                    "previous reading %(previous)s. If the meter was replaced, record the new "
                    "meter's start value as previous reading.",
                    unit=self.unit_id.name,
                    date=self.date,
                    current=self.current_reading,
                    previous=self.previous_reading,
                )
            )
        if previous and abs(previous.current_reading - self.previous_reading) > 0.001:
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s, %(date)s: the previous reading %(previous)s does not "
                    "match the last recorded reading %(last)s of %(last_date)s: readings must "
                    "follow each other without gaps.",
                    unit=self.unit_id.name,
                    date=self.date,
                    previous=self.previous_reading,
                    last=previous.current_reading,
                    last_date=previous.date,
                )
            )

    def write(self, vals):
        if self.filtered("is_billed") and set(vals) - {"note"}:
            raise UserError(
                self.env._("A billed reading cannot be changed: cancel its bill first.")
            )
        result = super().write(vals)
        if {"current_reading", "previous_reading", "date", "unit_id", "meter_type"} & set(vals):
            self._flag_outliers()
        return result

    # === Unusual consumption (confirmed before billing) ===
    @api.model
    def _billable_domain(self):
        """Readings that billing may bill: consumption, and confirmed when unusual."""
        return Domain("consumption", ">", 0) & (
            Domain("needs_confirmation", "=", False) | Domain("confirmed_by_id", "!=", False)
        )

    @api.model
    def _billable_scope_domain(self, units, period_end):
        return Domain([("unit_id", "in", units.ids), ("date", "<=", period_end)])

    @api.model
    def _to_confirm_domain(self):
        """Unusual readings waiting for confirmation (billing lists them as problems)."""
        return Domain(
            [
                ("needs_confirmation", "=", True),
                ("confirmed_by_id", "=", False),
                ("move_line_id", "=", False),
            ]
        )

    def _flag_outliers(self):
        """Flag readings whose consumption is far outside the unit's history."""
        if not self:
            return
        history = self.search(
            [
                ("unit_id", "in", self.unit_id.ids),
                ("meter_type", "in", list(set(self.mapped("meter_type")))),
                ("consumption", ">", 0),
            ],
            order="date desc, id desc",
        )
        by_meter = history.grouped(lambda r: (r.unit_id.id, r.meter_type))
        for reading in self:
            earlier = [
                r.consumption
                for r in by_meter.get((reading.unit_id.id, reading.meter_type), [])
                if r.date < reading.date
            ][:HISTORY_SIZE]
            flag = reading._is_outlier(earlier)
            if flag != reading.needs_confirmation:
                reading.sudo().write(
                    {"needs_confirmation": flag, "confirmed_by_id": False, "date_confirmed": False}
                )

    def _is_outlier(self, earlier):
        self.ensure_one()
        if self.consumption <= 0:
            return False
        if earlier:
            limit = OUTLIER_FACTOR * median(earlier) + OUTLIER_SLACK.get(self.meter_type, 10.0)
        else:
            limit = OUTLIER_CEILING.get(self.meter_type, 100.0)
        return self.consumption > limit

    def action_confirm_consumption(self):
        """Finance confirms an unusual consumption after checking the meter."""
        if not self.env.user.has_group(FINANCE):
            raise UserError(self.env._("Only finance or a manager can confirm a reading."))
        self.check_access("write")
        self.filtered("needs_confirmation").sudo().write(
            {"confirmed_by_id": self.env.uid, "date_confirmed": fields.Datetime.now()}
        )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered("is_billed"):
            raise UserError(
                self.env._("A billed reading cannot be deleted: cancel its bill first.")
            )
