from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common_collection import CollectionCommon

DUE = date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestLegalCase(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill = cls._bill(DUE, 300.0)

    def _climb_to_legal(self, start=date(2026, 7, 1), days=90):
        """Run the ladder day by day, approving and delivering the lawyer's letter, until
        the legal level is reached."""
        for offset in range(days):
            day = start + timedelta(days=offset)
            actions = self._dun(day)
            letters = actions.filtered(lambda a: a.level_id.channel_lawyer)
            if letters:
                with freeze_time(day):
                    letters.with_user(self.manager).action_approve()
                    letters.with_user(self.manager)._record_delivery(day, "EMS 1000 0000 0001")
            if self._state().level_id.channel_legal:
                return day
        self.fail("the ladder never reached the legal level")

    def test_legal_referral_opens_a_case_for_the_general_manager(self):
        self.env.company.property_general_manager_id = self.gm
        self._climb_to_legal()
        state = self._state()
        case = self.Case.search([("state_id", "=", state.id)])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.state, "proposed")
        self.assertEqual((case.partner_id, case.project_id), (self.owner, self.project))
        self.assertEqual(case.amount_claimed, 300.0)
        self.assertEqual(case.receivable_ids, self.bill.property_receivable_ids)
        letter = case.letter_action_id
        self.assertTrue(letter.level_id.channel_lawyer, "the lawyer's letter the ladder sent")
        self.assertEqual(case.letter_proof, "EMS 1000 0000 0001")
        self.assertEqual(case.letter_deadline, letter.delivery_date + timedelta(days=15))
        decision = case.activity_ids
        self.assertEqual(decision.user_id, self.gm)
        self.assertEqual(state.pause_reason, "legal")
        # a second referral does not open a second case
        self.Case._create_from_referral(case.referral_action_id)
        self.assertEqual(self.Case.search_count([("state_id", "=", state.id)]), 1)

    def test_stages_and_who_decides(self):
        self._dun(date(2026, 3, 1))
        state = self._state()
        with self.assertRaises(UserError):
            state.with_user(self.collector).action_refer_to_legal()
        case = self.Case.browse(state.with_user(self.manager).action_refer_to_legal()["res_id"])
        self.assertEqual(state.pause_reason, "legal")
        for user in (self.collector, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "general"):
                case.with_user(user).action_approve_suit()
        with self.assertRaises(AccessError):
            case.with_user(self.manager).write({"state": "filed"})
        case.with_user(self.gm).action_approve_suit()
        self.assertEqual((case.state, case.decided_by_id), ("letter", self.gm))
        # filing needs the delivered letter and its deadline passed
        with self.assertRaisesRegex(UserError, "delivered"):
            case.with_user(self.manager).action_next_stage()
        today = fields.Date.context_today(case)
        case.with_user(self.manager).write(
            {
                "letter_date": today - timedelta(days=20),
                "letter_delivery_date": today - timedelta(days=18),
                "letter_proof": "EMS 2000",
                "letter_deadline": today,
            }
        )
        with self.assertRaisesRegex(UserError, "file after"):
            case.with_user(self.manager).action_next_stage()
        case.with_user(self.manager).letter_deadline = today - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "court"):
            case.with_user(self.manager).action_next_stage()
        case.with_user(self.manager).write(
            {
                "forum": "arbitration",
                "court_name": "杭州仲裁委员会",
                "date_filed": today,
                "lawyer_id": self.env["res.partner"].create({"name": "明理律师事务所"}).id,
                "cost_lawyer": 2000.0,
                "cost_court": 150.0,
            }
        )
        case.with_user(self.manager).action_next_stage()
        self.assertEqual(case.state, "filed")
        self.assertEqual(case.cost_total, 2150.0)
        # hearings are activities
        case.with_user(self.manager).activity_schedule(
            "property_fee_collection.mail_activity_type_court_hearing",
            date_deadline=today + timedelta(days=30),
        )
        self.assertEqual(case.next_hearing, today + timedelta(days=30))
        case.with_user(self.manager).write(
            {"date_judgment": today, "judgment_result": "won", "amount_awarded": 300.0}
        )
        case.with_user(self.manager).action_next_stage()
        with self.assertRaisesRegex(UserError, "enforcement"):
            case.with_user(self.manager).action_next_stage()
        case.with_user(self.manager).date_enforcement = today
        case.with_user(self.manager).action_next_stage()
        self.assertEqual(case.state, "enforcement")
        self._pay(self.bill, 300.0, today)
        self.assertEqual(case.amount_recovered, 300.0)
        case.with_user(self.manager).close_reason = "强制执行到位"
        case.with_user(self.manager).action_close()
        self.assertEqual(case.state, "closed")
        self.assertFalse(case.is_open)
        with self.assertRaises(UserError):
            case.sudo().unlink()

    def test_general_manager_drops_a_case(self):
        self._dun(date(2026, 3, 1))
        state = self._state()
        case = self.Case.browse(state.with_user(self.manager).action_refer_to_legal()["res_id"])
        with self.assertRaisesRegex(UserError, "why"):
            case.with_user(self.gm).action_drop()
        case.with_user(self.gm).decision_note = "金额较小，继续协商"
        case.with_user(self.gm).action_drop()
        self.assertEqual(case.state, "dropped")
        self.assertNotEqual(state.pause_reason, "legal", "dunning resumes")

    def test_evidence_pack_renders_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.env["property.fee.assignment"].create(
            {
                "fee_type_id": self.fee.id,
                "project_id": self.project.id,
                "price": 3.0,
                "date_from": date(2025, 1, 1),
            }
        )
        self.bill.property_notice_state = "sent"
        self._dun(date(2026, 3, 1))
        state = self._state()
        self.env["property.collection.activity"].with_user(self.collector).create(
            {
                "partner_id": self.owner.id,
                "project_id": self.project.id,
                "unit_ids": [Command.set(self.unit.ids)],
                "outcome": "e_refuses",
                "note": "业主称电梯故障未修，拒绝缴费",
            }
        )
        case = self.Case._open_case(state)
        case.with_user(self.manager).with_context(
            force_report_rendering=True
        ).action_evidence_pack()
        attachment = case.evidence_attachment_id
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertPdfText(
            attachment.raw, "证据材料", "收费标准", "张伟", "1-1-101", self.bill.name, "电梯故障"
        )
