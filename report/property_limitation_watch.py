from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.late_fee import LIMITATION_YEARS


class PropertyLimitationWatch(models.Model):
    """诉讼时效: for each unpaid billed item of the ledger, when its limitation period ends.

    It runs from the due date; a written demand listing the bill, delivered with proof,
    restarts it (the latest delivery counts). Its length is ``tools.late_fee.LIMITATION_YEARS``
    (《民法典》第一百八十八条).
    """

    _name = "property.limitation.watch"
    _description = "Limitation Watch"
    _auto = False
    _order = "limitation_date, id"

    move_line_id = fields.Many2one("account.move.line", string="Bill Line", readonly=True)
    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    unit_id = fields.Many2one("property.unit", string="Unit", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    due_date = fields.Date(readonly=True)
    last_demand_date = fields.Date(string="Last Delivered Demand", readonly=True)
    limitation_date = fields.Date(string="Limitation Ends", readonly=True)
    amount_residual = fields.Monetary(string="Unpaid", readonly=True)

    # === Display name (breadcrumbs, links) ===
    @api.depends("move_id", "unit_id")
    def _compute_display_name(self):
        for row in self:
            row.display_name = " ".join(
                part for part in (row.move_id.name, row.unit_id.name) if part
            )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id, r.move_line_id, r.move_id, r.partner_id, r.project_id,
                   r.unit_id, r.fee_type_id, r.company_id, c.currency_id,
                   r.period_start, r.period_end, r.due_date,
                   d.last_demand AS last_demand_date,
                   (GREATEST(r.due_date, d.last_demand)
                        + make_interval(years => %(years)s))::date AS limitation_date,
                   r.residual AS amount_residual
              FROM property_receivable r
              JOIN res_company c ON c.id = r.company_id
              LEFT JOIN (
                    SELECT rel.move_id, MAX(a.delivery_date) AS last_demand
                      FROM property_dunning_action_move_rel rel
                      JOIN property_dunning_action a ON a.id = rel.action_id
                     WHERE a.delivered IS TRUE AND a.is_written_demand IS TRUE
                  GROUP BY rel.move_id
              ) d ON d.move_id = r.move_id
             WHERE r.state = 'open' AND NOT r.is_late_fee
            """,
            years=LIMITATION_YEARS,
        )
