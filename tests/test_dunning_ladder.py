from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_dunning import DunningCommon

DUE = date(2026, 9, 1)


def day(offset):
    return DUE + timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestDunningLadderRules(DunningCommon):
    """Issue 12: legal steps, resuming after a pause, the notice on the due date, the
    lawyer's letter."""

    def _to_lawyer_letter(self):
        self._dun(day(49))  # caught up to the visit
        letter = self._dun(day(60))
        self.assertEqual(letter.level_id, self.levels[6])
        return letter

    def _legal(self, on_day):
        return self._dun(on_day).filtered(lambda a: a.level_id == self.levels[7])

    def test_no_legal_level_without_a_delivered_expired_lawyer_letter(self):
        self._bill(DUE, 300.0)
        letter = self._to_lawyer_letter()
        self.assertFalse(self._legal(day(80)), "the letter is not even approved")
        with freeze_time(day(62)):
            letter.with_user(self.manager).with_context(
                force_report_rendering=False
            ).action_approve()
        self.assertEqual(letter.sent_date, day(62))
        self.assertEqual(letter.deadline_date, day(77), "fifteen days to pay, stored")
        self.assertFalse(self._legal(day(85)), "not delivered")
        with freeze_time(day(66)):
            self.env["property.dunning.delivery"].with_user(self.collector).create(
                {"action_id": letter.id, "delivery_date": day(66), "delivery_proof": "EMS1"}
            ).action_confirm()
        self.assertEqual(letter.delivery_date, day(66))
        state = self._state()
        with freeze_time(day(70)):
            state.invalidate_recordset(["next_level_id", "next_action_date"])
            self.assertEqual(state.next_level_id, self.levels[7])
            self.assertEqual(state.next_action_date, day(78), "the day after the deadline")
        self.assertFalse(self._legal(day(77)), "the deadline has not passed")
        referral = self._legal(day(78))
        self.assertTrue(referral, "delivered, deadline passed: the legal referral fires")
        state = self._state()
        self.assertEqual(state.level_id, self.levels[7])
        self.assertEqual(state.pause_reason, "legal")
        legal = self.env.ref("property_fee_collection.mail_activity_type_legal_referral")
        task = state.activity_ids.filtered(lambda a: a.activity_type_id == legal)
        self.assertEqual(task.user_id, self.manager)

    def test_a_rejected_lawyer_letter_never_leads_to_legal(self):
        self._bill(DUE, 300.0)
        letter = self._to_lawyer_letter()
        with freeze_time(day(61)):
            letter.with_user(self.manager).action_reject()
        state = self._state()
        self.assertEqual(state.level_id, self.levels[5])
        for offset in (75, 80, 90):
            self.assertFalse(self._legal(day(offset)))
        # the letter is proposed again after the ladder's normal spacing (30 days)
        self.assertFalse(self._dun(day(90)))
        again = self._dun(day(91))
        self.assertEqual(again.level_id, self.levels[6])
        self.assertEqual(again.approval_state, "to_approve")

    def test_resume_after_a_dispute_without_burst(self):
        """On L3 when the dispute starts; 20 days later the ladder continues where it was: the
        final notice and the visit keep their spacing."""
        self._bill(DUE, 300.0)
        self._dun(day(10))  # caught up: second notice
        state = self._state()
        self.assertEqual(state.level_id, self.levels[3])
        with freeze_time(day(12)):  # a complaint marked "payment dispute"
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "电梯经常停运，拒缴物业费",
                    "description": "<p>3号电梯一周停了三次</p>",
                    "partner_id": self.owner.id,
                    "unit_id": self.unit.id,
                    "payment_dispute": True,
                }
            )
        self.assertEqual(state.pause_reason, "dispute")
        with freeze_time(day(32)):
            ticket.payment_dispute = False  # days 12 … 31 held (20 days)
        seen = {}
        for offset in range(32, 80):
            actions = self._dun(day(offset))
            if actions:
                self.assertFalse(actions.catch_up)
                seen[actions.level_id.sequence] = offset
        # on day 32 the ladder clock is at 12 (32 days overdue, 20 held): final notice at 17
        # (day 37), visit at 30 (day 50) — 7 and 13 days apart, as on the ladder
        self.assertEqual(seen, {4: 37, 5: 50})

    def test_due_date_sends_a_notice_not_a_demand(self):
        self._bill(day(15), 300.0)
        self._dun(day(0))  # L0, 15 days before
        notice = self._dun(day(15))
        self.assertEqual(notice.level_id, self.levels[1])
        self.assertEqual(notice.level_id.letter_kind, "notice")
        self.assertFalse(notice.is_written_demand, "a notice does not restart the limitation")
        cases = [
            ("en_US", "Payment Notice", ("Payment Demand", "within 15 days")),
            ("zh_CN", "缴费通知单", ("催缴函", "15日内", "15 天内")),
        ]
        for lang, title, absent in cases:
            with self.subTest(lang=lang):
                self.owner.lang = lang
                html = self._letter_html(notice)
                self.assertIn(title, html)
                for text in absent:
                    self.assertNotIn(text, html)
        for offset in range(16, 15 + 17):
            self._dun(day(offset))
        demand = self._dun(day(15 + 17))
        self.assertEqual(demand.level_id, self.levels[4], "the written demand on day +17")
        self.assertTrue(demand.is_written_demand)
        self.owner.lang = "en_US"
        self.assertIn("Payment Demand", self._letter_html(demand))

    def _letter_html(self, action):
        report = "property_fee_collection.report_property_dunning_letter"
        return self.env["ir.actions.report"]._render_qweb_html(report, action.ids)[0].decode()

    def test_lawyer_letter_pdf_in_chinese(self):
        self.owner.lang = "zh_CN"
        first = self._bill(DUE, 300.0)
        self._bill(day(30), 200.0)
        self._pay(first, 50.0, day(40))
        letter = self._to_lawyer_letter()
        self.policy.write({"law_firm": "广东正言律师事务所", "lawyer_name": "陈律师"})
        with freeze_time(day(62)):
            letter.with_user(self.manager).with_context(
                force_report_rendering=True
            ).action_approve()
        attachment = letter.letter_attachment_id
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertPdfText(
            attachment.raw,
            "律师函",
            "张伟",
            "广东正言律师事务所",
            "陈律师",
            "第九百四十四条",
            "物业管理条例",
            "450.00",  # 250 + 200 unpaid, from the receivable ledger
            "50.00",  # paid
            "2026/11/17",  # the deadline stored on the action
        )
        self.assertEqual(letter.deadline_date, date(2026, 11, 17))

    def test_letters_are_rendered_in_the_background_one_failure_isolated(self):
        second = self.env["res.partner"].create({"name": "李四", "phone": "13900000009"})
        unit = self._create_unit(self.building, "1-1-102", state="occupied")
        self._add_stay(unit, second)
        first_bill = self._bill(day(0), 300.0)
        second_bill = self._bill(day(0), 200.0, partner=second, unit=unit)
        letters = self._dun(day(20))  # final written notices
        self.assertEqual(len(letters), 2)
        self.assertTrue(all(letters.mapped("letter_pending")))
        Action = type(self.env["property.dunning.action"])
        Actions = self.env["property.dunning.action"].with_context(force_report_rendering=True)
        original = Action._send_letters

        def failing(actions):
            if second in actions.partner_id:
                raise ValueError("wkhtmltopdf crashed")
            return original(actions)

        with (
            patch.object(Action, "_send_letters", failing),
            mute_logger("odoo.addons.property_fee_collection.models.property_dunning_action"),
        ):
            self.assertEqual(Actions._cron_send_letters(), 1)
        ok, failed = letters.sorted(lambda a: a.partner_id == second)
        self.assertPdfText(ok.letter_attachment_id.raw, "张伟", first_bill.name, "300.00")
        self.assertFalse(ok.letter_pending)
        self.assertFalse(failed.letter_attachment_id)
        self.assertTrue(failed.letter_pending, "stays queued for the next run")
        self.assertEqual(Actions._cron_send_letters(), 1)
        self.assertPdfText(failed.letter_attachment_id.raw, "李四", second_bill.name, "200.00")
