from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
GENERAL_MANAGER = "property_fee_collection.property_fee_collection_group_general_manager"
FIGURES = ("contact_count", "promise_count", "amount_promised", "amount_collected")


class PropertyCollectionDay(models.Model):
    """催缴日报: one collector's day — the contacts logged, the promises obtained and the
    money that came in for the units they work — submitted at the end of the day and
    signed off by a manager (seed 003: 「由项目经理/主任当天检查并签字确认」).

    Once signed, the day's collection records of that collector cannot change (nor be
    added, nor removed); only the general manager can reopen a signed day, which the
    chatter records.
    """

    _name = "property.collection.day"
    _description = "Daily Collection Report"
    _inherit = ["mail.thread", "property.guarded.mixin"]
    _order = "date desc, collector_id, id"
    _check_company_auto = True
    _guarded_fields = (
        "company_id",
        "collector_id",
        "date",
        "state",
        "date_submitted",
        "signed_by_id",
        "date_signed",
        *FIGURES,
    )

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Open"), ("submitted", "Submitted"), ("signed", "Signed Off")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    note = fields.Text(string="Collector's Remarks")
    manager_note = fields.Text(string="Manager's Remarks", tracking=True)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True)
    signed_by_id = fields.Many2one(
        "res.users", string="Signed Off By", readonly=True, tracking=True
    )
    date_signed = fields.Datetime(string="Signed Off On", readonly=True)
    contact_count = fields.Integer(string="Contacts", readonly=True)
    promise_count = fields.Integer(string="Promises", readonly=True)
    amount_promised = fields.Monetary(string="Promised", readonly=True)
    amount_collected = fields.Monetary(
        string="Collected",
        readonly=True,
        help="Payments dated this day on the items of the units the collector works.",
    )
    activity_ids = fields.Many2many(
        "property.collection.activity", string="Contacts of the Day", compute="_compute_activities"
    )

    _collector_day_uniq = models.Constraint(
        "UNIQUE (company_id, collector_id, date)", "A collector has one report per day."
    )

    # === Compute ===
    @api.depends("collector_id", "date", "company_id")
    def _compute_activities(self):
        for day in self:
            day.activity_ids = day._activities() if day.collector_id and day.date else False

    @api.depends("collector_id", "date")
    def _compute_display_name(self):
        for day in self:
            day.display_name = f"{day.collector_id.name or ''} {day.date or ''}".strip()

    def _guarded_fields_for_user(self):
        fnames = super()._guarded_fields_for_user()
        if any(day.state == "signed" for day in self):
            fnames |= {"note", "manager_note"}
        return fnames

    @api.model
    def _guard_create_vals(self, vals):
        """Collectors open their own report; managers may open any collector's."""
        refused = [f for f in ("state", *FIGURES) if vals.get(f) not in (None, False, 0, "draft")]
        if vals.get("collector_id") not in (None, False, self.env.uid) and not (
            self.env.user.has_group(MANAGER)
        ):
            refused.append("collector_id")
        return refused

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(day.state == "signed" for day in self):
            raise UserError(self.env._("A signed-off daily report cannot be deleted."))

    # === Actions ===
    @api.model
    def action_my_day(self):
        """Open (or start) today's report of the current user."""
        day = self._get_or_create(self.env.user, fields.Date.context_today(self))
        if day.state == "draft":
            day._refresh_figures()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": day.id,
            "view_mode": "form",
        }

    def action_refresh(self):
        for day in self:
            day._check_state("draft", "submitted")
            day.check_access("write")
        self._refresh_figures()
        return True

    def action_submit(self):
        for day in self:
            day._check_state("draft")
            day.check_access("write")
            if day.collector_id != self.env.user and not self.env.user.has_group(MANAGER):
                raise UserError(self.env._("Only the collector submits their daily report."))
        self._refresh_figures()
        self.sudo().write({"state": "submitted", "date_submitted": fields.Datetime.now()})
        return True

    def action_sign(self):
        """The manager checks and signs off the day: its records cannot change any more."""
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager signs off the daily collection records."))
        for day in self:
            day._check_state("draft", "submitted")
            if day.collector_id == self.env.user:
                raise UserError(
                    self.env._("Another manager signs off your own collection records.")
                )
        self.check_access("write")
        self._refresh_figures()
        self.sudo().write(
            {"state": "signed", "signed_by_id": self.env.uid, "date_signed": fields.Datetime.now()}
        )
        for day in self:
            day.message_post(
                body=self.env._(
                    "Signed off by %(user)s: %(contacts)s contacts, %(amount)s collected.",
                    user=self.env.user.name,
                    contacts=day.contact_count,
                    amount=day.amount_collected,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reopen(self):
        if not self.env.user.has_group(GENERAL_MANAGER):
            raise UserError(self.env._("Only the general manager reopens a signed-off day."))
        self.check_access("write")
        for day in self.filtered(lambda d: d.state == "signed"):
            day.sudo().write({"state": "draft", "signed_by_id": False, "date_signed": False})
            day.message_post(
                body=self.env._("Reopened by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_print(self):
        return self.env.ref(
            "property_fee_collection.property_collection_day_report_daily"
        ).report_action(self)

    # === Helpers ===
    def _check_state(self, *states):
        for day in self:
            if day.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "The daily report %(day)s is %(state)s.",
                        day=day.display_name,
                        state=labels[day.state],
                    )
                )

    @api.model
    def _get_or_create(self, user, day):
        report = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("collector_id", "=", user.id),
                ("date", "=", day),
            ],
            limit=1,
        )
        return report or self.create({"collector_id": user.id, "date": day})

    @api.model
    def _utc_bounds(self, user, day):
        """The collector's day ``day`` (their time zone) as naive UTC datetimes."""
        tz = pytz.timezone(user.tz or self.env.user.tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(day + timedelta(days=1), time.min)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    @api.model
    def _local_date(self, user, moment):
        tz = pytz.timezone(user.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _activities(self):
        self.ensure_one()
        start, end = self._utc_bounds(self.collector_id, self.date)
        return self.env["property.collection.activity"].search(
            [
                ("collector_id", "=", self.collector_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="date",
        )

    def _payments(self):
        """``[(payer, amount), ...]``: payments dated this day on the items of the units the
        collector works (from the ledger)."""
        self.ensure_one()
        self.env["property.receivable.allocation"].flush_model()
        self.env["property.unit"].flush_model(["collector_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT a.partner_id, SUM(a.amount)
                     FROM property_receivable_allocation a
                     JOIN property_receivable r ON r.id = a.receivable_id
                     JOIN property_unit u ON u.id = r.unit_id
                    WHERE a.kind = 'payment' AND a.date = %s AND u.collector_id = %s
                      AND a.company_id = %s
                 GROUP BY a.partner_id
                 ORDER BY SUM(a.amount) DESC""",
                self.date,
                self.collector_id.id,
                self.company_id.id,
            )
        )
        partners = self.env["res.partner"].sudo().browse([row[0] for row in rows])
        return [
            (partner, float(amount)) for partner, (_id, amount) in zip(partners, rows, strict=True)
        ]

    def _refresh_figures(self):
        for day in self:
            activities = day._activities().sudo()
            promises = activities.promise_id
            day.sudo().write(
                {
                    "contact_count": len(activities),
                    "promise_count": len(promises),
                    "amount_promised": sum(promises.mapped("amount")),
                    "amount_collected": sum(amount for _partner, amount in day._payments()),
                }
            )

    @api.model
    def _check_open(self, activities):
        """Refuse changing collection records of a signed-off day."""
        keys = {
            (a.company_id.id, a.collector_id.id, self._local_date(a.collector_id, a.date))
            for a in activities.sudo()
            if a.collector_id and a.date
        }
        if not keys:
            return
        signed = self.sudo().search(
            [
                ("state", "=", "signed"),
                ("collector_id", "in", [key[1] for key in keys]),
                ("date", "in", [key[2] for key in keys]),
            ]
        )
        for day in signed:
            if (day.company_id.id, day.collector_id.id, day.date) in keys:
                raise UserError(
                    self.env._(
                        "The collection records of %(collector)s on %(date)s were signed off by "
                        "%(manager)s: they cannot change any more.",
                        collector=day.collector_id.name,
                        date=day.date,
                        manager=day.signed_by_id.name,
                    )
                )
