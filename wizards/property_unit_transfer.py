from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import occupancy as occ


class PropertyUnitTransfer(models.TransientModel):
    """产权变更: close the old owner's period and open the new owner's.

    Arrears billed before the transfer stay with the old owner; bills from the transfer
    date on go to the new owner.
    """

    _name = "property.unit.transfer"
    _description = "Ownership Transfer"

    unit_id = fields.Many2one("property.unit", string="Unit", required=True)
    old_owner_id = fields.Many2one(
        "res.partner", string="Current Owner", compute="_compute_old_owner_id"
    )
    new_owner_id = fields.Many2one("res.partner", string="New Owner", required=True)
    date_transfer = fields.Date(
        string="Transfer Date",
        required=True,
        default=fields.Date.context_today,
        help="First day the new owner owns the unit.",
    )
    new_owner_pays = fields.Boolean(string="New Owner Pays the Bills", default=True)
    note = fields.Char(string="Reference", help="E.g. the real-estate certificate number.")

    # === Display name (breadcrumbs, links) ===
    @api.depends("unit_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.unit_id.display_name or ""

    @api.depends("unit_id", "date_transfer")
    def _compute_old_owner_id(self):
        for wizard in self:
            stay = wizard._current_owner_stay()
            wizard.old_owner_id = stay.partner_id if stay else False

    def _current_owner_stay(self):
        self.ensure_one()
        day = self.date_transfer or fields.Date.context_today(self)
        return self.unit_id.occupancy_ids.filtered(
            lambda o: o.role == occ.OWNER and occ.is_active(o._as_stay(), day)
        )[:1]

    def action_confirm(self):
        self.ensure_one()
        old = self._current_owner_stay()
        if old and old.partner_id == self.new_owner_id:
            raise UserError(
                self.env._(
                    "%(partner)s already owns %(unit)s.",
                    partner=self.new_owner_id.name,
                    unit=self.unit_id.name,
                )
            )
        if old and old.date_from >= self.date_transfer:
            raise UserError(
                self.env._(
                    "The transfer date must be after the current owner's start date %(date)s.",
                    date=old.date_from,
                )
            )
        later = self.unit_id.occupancy_ids.filtered(
            lambda o: o.role == occ.OWNER and o.date_from > self.date_transfer
        )
        if later:
            raise UserError(
                self.env._(
                    "Unit %(unit)s already has an ownership starting after this date.",
                    unit=self.unit_id.name,
                )
            )
        end_date = fields.Date.subtract(self.date_transfer, days=1)
        if old:
            old.date_to = end_date
        new = self.env["property.unit.occupancy"].create(
            {
                "unit_id": self.unit_id.id,
                "partner_id": self.new_owner_id.id,
                "role": occ.OWNER,
                "date_from": self.date_transfer,
                "is_payer": self.new_owner_pays,
                "note": self.note,
            }
        )
        self.unit_id.message_post(
            body=self.env._(
                "Ownership transferred from %(old)s to %(new)s on %(date)s.",
                old=old.partner_id.name or "-",
                new=self.new_owner_id.name,
                date=self.date_transfer,
            )
        )
        if self.unit_id.state == "unsold":
            self.unit_id.state = "occupied"
        return {"type": "ir.actions.act_window_close", "res_id": new.id}
