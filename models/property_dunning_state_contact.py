from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import call_window, ladder

DEFAULT_TZ = "Asia/Shanghai"
# logged activities that count as a contact attempt (seed 003: 每周催缴次数不得少于2次)
CONTACT_TYPES = ("call", "sms", "wechat", "visit")


class PropertyDunningState(models.Model):
    """Collection work around the ladder: the "due for contact" queue (at least N attempts
    a week) and tasks planned inside the policy's call windows."""

    _inherit = "property.dunning.state"

    last_contact_date = fields.Date(
        string="Last Contact", readonly=True, help="Day of the last call, visit or message logged."
    )
    next_contact_date = fields.Date(
        string="Contact Due",
        readonly=True,
        index=True,
        help="Day the payer is due for the next contact attempt, so that every overdue payer "
        "gets at least the policy's attempts a week (empty: paused or nothing overdue).",
    )
    next_task_at = fields.Datetime(
        string="Planned", compute="_compute_next_task_at", help="Next planned call or visit."
    )

    def _compute_next_task_at(self):
        for state in self:
            planned = state.activity_ids.filtered("property_planned_at").mapped(
                "property_planned_at"
            )
            state.next_task_at = min(planned) if planned else False

    # === The "due for contact" queue ===
    @api.model
    def _plan_contacts(self, company, today, projects=None):
        """Refresh ``next_contact_date`` of every state of ``company`` (one UPDATE)."""
        domain = [("company_id", "=", company.id)]
        if projects is not None:
            domain.append(("id", "in", projects.ids))
        all_projects = self.env["property.project"].with_context(active_test=False).search(domain)
        if not all_projects:
            return
        started = self._started_project_ids(company, today)
        values = SQL(", ").join(
            SQL(
                "(%s, %s::int)",
                project.id,
                ladder.contact_interval(self._policy_of(project).contact_per_week)
                if project.id in started
                else None,
            )
            for project in all_projects
        )
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE property_dunning_state s
                      SET next_contact_date = CASE
                          WHEN v.days IS NOT NULL AND s.overdue_amount > 0
                               AND s.oldest_due_date IS NOT NULL
                               AND (s.pause_reason IS NULL OR s.pause_reason = 'approval')
                          THEN GREATEST(s.oldest_due_date + 1,
                                        COALESCE(s.last_contact_date + v.days,
                                                 s.oldest_due_date + 1))
                          END
                     FROM (VALUES %s) AS v(project, days)
                    WHERE s.project_id = v.project""",
                values,
            )
        )
        self.invalidate_model(["next_contact_date"])

    def _refresh_contact(self):
        """Recompute the queue date of these states (after a contact was logged)."""
        for state in self:
            policy = state._policy()
            due = False
            if state.overdue_amount > 0 and state.pause_reason in (False, "approval"):
                due = ladder.next_contact(
                    state.oldest_due_date, state.last_contact_date, policy.contact_per_week
                )
            state.sudo().next_contact_date = due or False

    def _record_contact(self, day):
        """A contact attempt was made on ``day`` (local date)."""
        for state in self:
            if not state.last_contact_date or state.last_contact_date < day:
                state.sudo().last_contact_date = day
        self._refresh_contact()

    # === Planning inside the call windows ===
    def _tz(self):
        """The estate's time zone: the company's (China by default), whoever runs the code."""
        return pytz.timezone(self.company_id.partner_id.tz or DEFAULT_TZ)

    def _windows(self):
        self.ensure_one()
        return self._policy()._parsed_call_window()

    def _local(self, moment):
        """A UTC naive datetime as naive local time."""
        return pytz.utc.localize(moment).astimezone(self._tz()).replace(tzinfo=None)

    def _task_slot(self, day, deadline=None):
        """``(date_deadline, planned_at)`` of a task to do from ``day`` (by ``deadline``),
        planned at the first call-window slot from then (now, when ``day`` is today);
        ``planned_at`` is UTC naive, as Odoo stores datetimes."""
        self.ensure_one()
        windows = self._windows()
        tz = self._tz()
        now = self._local(fields.Datetime.now())
        start = now if day == now.date() else datetime.combine(day, time())
        slot = call_window.next_slot(windows, max(start, datetime.combine(day, time())))
        last = call_window.call_day(windows, max(deadline or day, slot.date()))
        planned = tz.localize(slot).astimezone(pytz.utc).replace(tzinfo=None)
        return last, planned

    def _prepare_contact_task_vals(
        self, activity_type, user, day, summary, note=None, deadline=None
    ):
        """A call or visit task on this payer, planned inside the call windows."""
        self.ensure_one()
        date_deadline, planned = self._task_slot(day, deadline)
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": date_deadline,
            "property_planned_at": planned,
            "summary": summary,
            "note": note or False,
        }

    # === Remote payment route (outcome D) ===
    def _remote_payment_link(self):
        """Online payment link of the payer's oldest open bill (portal, with its token)."""
        self.ensure_one()
        items = (
            self.env["property.receivable"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                    ("project_id", "=", self.project_id.id),
                    ("state", "=", "open"),
                ],
                order="due_date, id",
                limit=1,
            )
        )
        bill = items.move_id
        if not bill:
            return ""
        bill._portal_ensure_token()
        return bill.get_base_url() + bill.get_portal_url()

    def _bank_account_label(self):
        self.ensure_one()
        bank = self.company_id.partner_id.sudo().bank_ids[:1]
        if not bank:
            return ""
        return " ".join(
            part for part in (bank.bank_id.name, bank.acc_number, bank.acc_holder_name) if part
        )

    def _queue_remote_payment_sms(self, policy):
        """Queue the remote-payment SMS in Odoo's SMS queue (sent by the SMS cron)."""
        self.ensure_one()
        if not self.partner_id.phone:
            return
        text = policy.with_context(lang=self.partner_id.lang).remote_payment_sms or ""
        values = _Placeholders(
            name=self.partner_id.name,
            amount=f"{self.overdue_amount:.2f}",
            units="、".join(self.unit_ids.mapped("name")),
            company=self.company_id.name,
            phone=self.company_id.phone or "",
            link=self._remote_payment_link(),
            bank=self._bank_account_label() or self.company_id.name,
        )
        self.env["sms.sms"].sudo().create(
            {
                "number": self.partner_id.phone,
                "partner_id": self.partner_id.id,
                "body": text.format_map(values),
                "state": "outgoing",
            }
        )

    def _queue_remote_payment_email(self):
        """Queue the remote-payment e-mail (bills with their payment links, bank details)."""
        self.ensure_one()
        if not self.partner_id.email:
            return
        template = self.env.ref(
            "property_fee_collection.mail_template_property_remote_payment",
            raise_if_not_found=False,
        )
        if template:
            template.sudo().send_mail(self.id)

    def _remote_payment_bills(self):
        """Open bills of the payer in this project, with their online payment links."""
        self.ensure_one()
        bills = (
            self.env["property.receivable"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                    ("project_id", "=", self.project_id.id),
                    ("state", "=", "open"),
                ],
                order="due_date, id",
            )
            .move_id
        )
        result = []
        for bill in bills:
            bill._portal_ensure_token()
            result.append((bill, bill.get_base_url() + bill.get_portal_url()))
        return result


class _Placeholders(dict):
    """``str.format_map`` values that leave unknown placeholders as they are."""

    def __missing__(self, key):
        return "{" + key + "}"
