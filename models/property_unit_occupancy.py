from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import occupancy as occ


class PropertyUnitOccupancy(models.Model):
    _name = "property.unit.occupancy"
    _description = "Unit Occupancy"
    _inherit = ["mail.thread"]
    _order = "unit_id, date_from desc, id desc"
    _check_company_auto = True

    unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True)
    project_id = fields.Many2one(related="unit_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Party",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    phone = fields.Char(related="partner_id.phone")
    role = fields.Selection(
        [(occ.OWNER, "Owner"), (occ.TENANT, "Tenant"), (occ.OCCUPANT, "Occupant")],
        required=True,
        default=occ.OWNER,
        tracking=True,
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="To", tracking=True, help="Last day; empty while ongoing.")
    is_payer = fields.Boolean(
        string="Bills to This Party",
        default=True,
        tracking=True,
        help="Bills of the period go to this party. For a tenant or occupant the owner stays "
        "jointly liable (《物业管理条例》第四十二条).",
    )
    is_current = fields.Boolean(compute="_compute_is_current", search="_search_is_current")
    note = fields.Char()

    _dates_check = models.Constraint(
        "CHECK (date_to IS NULL OR date_to >= date_from)",
        "The end date cannot be before the start date.",
    )

    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_current = occ.is_active(record._as_stay(), today)

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        current = [
            "&",
            ("date_from", "<=", today),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", today),
        ]
        return current if (operator == "=") == value else ["!", *current]

    @api.depends("partner_id", "role", "unit_id")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for record in self:
            record.display_name = (
                f"{record.unit_id.name} {roles.get(record.role, '')} {record.partner_id.name}"
            )

    @api.constrains("unit_id", "role", "date_from", "date_to")
    def _check_overlap(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        siblings = self.search([("unit_id", "in", self.unit_id.ids)])
        for unit, records in siblings.grouped("unit_id").items():
            pair = occ.find_overlap([r._as_stay()._replace(partner=r) for r in records])
            if not pair:
                continue
            first, second = (stay.partner for stay in pair)
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s: the %(role)s periods of %(first)s (from %(first_from)s) "
                    "and %(second)s (from %(second_from)s) overlap. Close the earlier period "
                    "first, or use Ownership Transfer.",
                    unit=unit.name,
                    role=roles[first.role],
                    first=first.partner_id.name,
                    first_from=first.date_from,
                    second=second.partner_id.name,
                    second_from=second.date_from,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._set_party_company()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "partner_id" in vals:
            self._set_party_company()
        return result

    def _set_party_company(self):
        """Owners and tenants belong to the company of their unit: Odoo's multi-company rule
        on contacts then hides them from the other companies."""
        for record in self:
            partner = record.partner_id.commercial_partner_id.sudo()
            if not partner.company_id and not partner.user_ids.filtered(lambda u: not u.share):
                (partner | partner.child_ids).filtered(lambda p: not p.company_id).write(
                    {"company_id": record.company_id.id}
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        """A billed period is history: end the occupancy (date to) instead of deleting it."""
        for record in self:
            domain = [
                ("property_unit_id", "=", record.unit_id.id),
                ("partner_id", "=", record.partner_id.commercial_partner_id.id),
                ("property_period_end", ">=", record.date_from),
            ]
            if record.date_to:
                domain.append(("property_period_start", "<=", record.date_to))
            if self.env["account.move.line"]._property_has_lines(domain):
                raise UserError(
                    self.env._(
                        "%(party)s was billed for unit %(unit)s during this period: the "
                        "occupancy cannot be deleted. Set its end date instead.",
                        party=record.partner_id.name,
                        unit=record.unit_id.display_name,
                    )
                )

    def _as_stay(self):
        self.ensure_one()
        return occ.Stay(
            self.role, self.partner_id, self.date_from, self.date_to or None, self.is_payer
        )
