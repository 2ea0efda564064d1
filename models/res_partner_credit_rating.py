import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from ..tools import billing, rating

_logger = logging.getLogger(__name__)

CREDIT_RATINGS = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
# written by the nightly rating (ratings) and the tag wizard (tags) only
RATING_FIELDS = ("property_credit_rating", "property_credit_score", "property_credit_date")
TAG_FIELDS = ("property_tag_ids",)


class ResPartner(models.Model):
    """Owner credit rating (业主信用等级 A–D) and the tags staff give payers.

    A concern of its own, beside ``res_partner.py``: the rating is recomputed every night
    from the receivable ledger (items paid on time or late, items still overdue), the
    promises to pay and the legal cases (``tools.rating``); the tags 钉子户 / 摇摆户 /
    核心人物 are set by staff through *Set Payer Tags*. Both are internal: portal users
    (the payer) never read them, and staff read them only on the payers they may see
    (security/property_trust_security.xml).
    """

    _inherit = "res.partner"

    property_credit_rating = fields.Selection(
        CREDIT_RATINGS,
        string="Credit Rating",
        readonly=True,
        index=True,
        groups="base.group_user",
        help="A–D from the payment history of the last 24 months, recomputed every night: "
        "A ≥ 90 points > B ≥ 75 > C ≥ 60 > D; an open legal case rates D.",
    )
    property_credit_score = fields.Integer(
        string="Credit Score", readonly=True, groups="base.group_user"
    )
    property_credit_date = fields.Date(string="Rated On", readonly=True, groups="base.group_user")
    property_tag_ids = fields.Many2many(
        "property.payer.tag",
        "res_partner_property_payer_tag_rel",
        "partner_id",
        "tag_id",
        string="Payer Tags",
        readonly=True,
        groups="base.group_user",
        help="钉子户 / 摇摆户 / 核心人物 …: set by staff with Set Payer Tags.",
    )

    def write(self, vals):
        if not self.env.su and any(f in vals for f in RATING_FIELDS + TAG_FIELDS):
            raise AccessError(
                self.env._(
                    "The credit rating is computed every night and the payer tags are set "
                    "with Set Payer Tags: they cannot be written directly."
                )
            )
        return super().write(vals)

    def action_property_set_tags(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Set Payer Tags"),
            "res_model": "property.payer.tag.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    # === Nightly rating ===
    @api.model
    def _cron_property_credit_rating(self):
        self._property_rate_payers(fields.Date.context_today(self))

    @api.model
    def _property_rate_payers(self, today):
        """Rate every payer with history (set-based: three aggregate queries, one UPDATE
        per 5000 payers); payers who lost their history lose their rating."""
        since = billing.add_months(today, -rating.WINDOW_MONTHS)
        histories = defaultdict(dict)
        for partner_id, on_time, late, overdue in self._property_item_history(today, since):
            histories[partner_id].update(
                paid_on_time=on_time, late_days=tuple(late or ()), overdue_days=tuple(overdue or ())
            )
        for partner_id, kept, broken in self._property_promise_history(since):
            histories[partner_id].update(promises_kept=kept, promises_broken=broken)
        for partner_id, is_open, closed in self._property_legal_history(since):
            histories[partner_id].update(legal_open=is_open, legal_closed=closed)
        values = []
        for partner_id, history in histories.items():
            letter, points = rating.rate(rating.History(**history))
            values.append((partner_id, letter, points))
        self._property_write_ratings(values, today)
        _logger.info("credit rating: %s payers rated", len(values))
        return dict((partner_id, letter) for partner_id, letter, _points in values)

    @api.model
    def _property_item_history(self, today, since):
        """Per payer: principal items paid on time, days late of those paid late (due in
        the window), days overdue of those still unpaid (any age)."""
        self.env["property.receivable"].flush_model()
        return self.env.execute_query(
            SQL(
                """
                SELECT partner_id,
                       COUNT(*) FILTER (WHERE state = 'paid' AND due_date >= %(since)s
                                          AND last_payment_date <= due_date),
                       ARRAY_AGG(last_payment_date - due_date)
                           FILTER (WHERE state = 'paid' AND due_date >= %(since)s
                                     AND last_payment_date > due_date),
                       ARRAY_AGG(%(today)s::date - due_date)
                           FILTER (WHERE state = 'open' AND residual > 0)
                  FROM property_receivable
                 WHERE partner_id IS NOT NULL AND NOT is_late_fee AND due_date < %(today)s
                   AND (state = 'open' OR due_date >= %(since)s)
              GROUP BY partner_id
                """,
                today=today,
                since=since,
            )
        )

    @api.model
    def _property_promise_history(self, since):
        self.env["property.payment.promise"].flush_model()
        return self.env.execute_query(
            SQL(
                """SELECT partner_id, COUNT(*) FILTER (WHERE state = 'kept'),
                          COUNT(*) FILTER (WHERE state = 'broken')
                     FROM property_payment_promise
                    WHERE promise_date >= %s AND state IN ('kept', 'broken')
                 GROUP BY partner_id""",
                since,
            )
        )

    @api.model
    def _property_legal_history(self, since):
        self.env["property.legal.case"].flush_model()
        return self.env.execute_query(
            SQL(
                """SELECT partner_id, BOOL_OR(is_open),
                          COUNT(*) FILTER (WHERE state = 'closed' AND date_closed >= %s)
                     FROM property_legal_case
                    WHERE state != 'proposed' AND state != 'dropped'
                 GROUP BY partner_id""",
                since,
            )
        )

    @api.model
    def _property_write_ratings(self, values, today):
        rated = [v for v in values if v[1]]
        self.flush_model(RATING_FIELDS)
        for chunk in split_every(5000, rated, list):
            self.env.cr.execute(
                SQL(
                    """UPDATE res_partner p
                          SET property_credit_rating = v.letter,
                              property_credit_score = v.points, property_credit_date = %s
                         FROM (VALUES %s) AS v(id, letter, points)
                        WHERE p.id = v.id""",
                    today,
                    SQL(", ").join(SQL("(%s, %s, %s)", *value) for value in chunk),
                )
            )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET property_credit_rating = NULL,
                          property_credit_score = NULL, property_credit_date = %s
                    WHERE property_credit_rating IS NOT NULL AND NOT (id = ANY(%s))""",
                today,
                [value[0] for value in rated],
            )
        )
        self.invalidate_model(list(RATING_FIELDS))
