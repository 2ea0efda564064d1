from odoo import fields, models
from odoo.tools import SQL

from ..tools.late_fee import LIMITATION_YEARS


class PropertyLimitationWatch(models.Model):
    """诉讼时效: for each unpaid billing period, when its 3-year limitation period ends.

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
    amount_residual = fields.Monetary(string="Bill Unpaid", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT l.id, l.id AS move_line_id, m.id AS move_id,
                   m.commercial_partner_id AS partner_id, m.property_project_id AS project_id,
                   l.property_unit_id AS unit_id, l.property_fee_type_id AS fee_type_id,
                   m.company_id, m.currency_id,
                   l.property_period_start AS period_start,
                   l.property_period_end AS period_end,
                   m.invoice_date_due AS due_date,
                   d.last_demand AS last_demand_date,
                   (GREATEST(m.invoice_date_due, d.last_demand)
                        + make_interval(years => %(years)s))::date AS limitation_date,
                   m.amount_residual
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              LEFT JOIN (
                    SELECT r.move_id, MAX(a.delivery_date) AS last_demand
                      FROM property_dunning_action_move_rel r
                      JOIN property_dunning_action a ON a.id = r.action_id
                     WHERE a.delivered IS TRUE AND a.is_written_demand IS TRUE
                  GROUP BY r.move_id
              ) d ON d.move_id = m.id
             WHERE l.property_billing_line IS TRUE
               AND m.state = 'posted'
               AND m.payment_state IN ('not_paid', 'partial')
            """,
            years=LIMITATION_YEARS,
        )
