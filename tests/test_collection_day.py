from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common_collection import CollectionCommon

NOW = "2026-11-20 03:00:00"  # 11:00 in Shanghai


@tagged("post_install", "-at_install")
class TestCollectorsDay(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector2 = cls._create_user("collector2_c", "collector")
        cls.project.write({"user_ids": [Command.link(cls.collector2.id)]})
        cls.building2 = cls._create_building(
            cls.project, "2号楼", "2", collector_id=cls.collector.id
        )
        cls.unit3 = cls._create_unit(cls.building2, "2-1-101", area=90.0, state="occupied")
        cls._add_stay(cls.unit3, cls.tenant)
        cls.Day = cls.env["property.collection.day"]
        cls.Log = cls.env["property.collection.activity"]

    def _log(self, user, partner, outcome="b_no_date", **vals):
        return self.Log.with_user(user).create(
            {"partner_id": partner.id, "project_id": self.project.id, "outcome": outcome, **vals}
        )

    def test_units_assigned_per_collector(self):
        self.assertEqual(self.unit.collector_id, self.collector, "the building's collector")
        self.unit2.assigned_collector_id = self.collector2
        self.assertEqual(self.unit2.collector_id, self.collector2)
        self.building.collector_id = self.manager
        self.assertEqual(self.unit.collector_id, self.manager)
        self.assertEqual(self.unit2.collector_id, self.collector2, "the unit's assignment stays")
        self._bill(date(2026, 10, 1), 200.0, partner=self.owner2, unit=self.unit2)
        self._dun(date(2026, 10, 20))
        self.assertEqual(self._state(self.owner2).collector_id, self.collector2)

    @freeze_time(NOW)
    def test_day_signed_off_cannot_change(self):
        call = self._log(self.collector, self.owner, note="答应月底前缴费")
        action = self.Day.with_user(self.collector).action_my_day()
        day = self.Day.browse(action["res_id"])
        self.assertEqual((day.collector_id, day.date), (self.collector, fields.Date.today()))
        self.assertEqual(day.activity_ids, call)
        day.with_user(self.collector).action_submit()
        self.assertEqual(day.state, "submitted")
        with self.assertRaises(UserError):
            day.with_user(self.collector).action_sign()
        with self.assertRaises(AccessError):
            day.with_user(self.collector).write({"state": "signed"})
        day.with_user(self.manager).action_sign()
        self.assertEqual((day.state, day.signed_by_id), ("signed", self.manager))
        self.assertTrue(day.date_signed)
        # the day's records are fixed, for everyone
        for user in (self.collector, self.manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "signed off"):
                call.with_user(user).write({"note": "改过的记录"})
        with self.assertRaisesRegex(UserError, "signed off"):
            call.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "signed off"):
            self._log(self.collector, self.owner2)
        with self.assertRaises(UserError):
            day.with_user(self.manager).unlink()
        # other collectors' days are not touched
        self._log(self.collector2, self.owner2)
        # only the general manager reopens a day
        with self.assertRaises(UserError):
            day.with_user(self.manager).action_reopen()
        day.with_user(self.gm).action_reopen()
        call.with_user(self.collector).write({"note": "补充：已发缴费链接"})

    @freeze_time(NOW)
    def test_managers_sign_off_others_only(self):
        self._log(self.manager, self.owner)
        day = self.Day.with_user(self.manager).create(
            {"collector_id": self.manager.id, "date": fields.Date.today()}
        )
        with self.assertRaisesRegex(UserError, "Another manager"):
            day.with_user(self.manager).action_sign()
        day.with_user(self.manager2).action_sign()
        with self.assertRaises(AccessError):
            self.Day.with_user(self.collector).create(
                {"collector_id": self.collector2.id, "date": fields.Date.today()}
            )

    @freeze_time(NOW)
    def test_daily_report_figures(self):
        today = fields.Date.today()
        bill = self._bill(today - timedelta(days=30), 300.0)
        self._bill(today - timedelta(days=30), 250.0, partner=self.tenant, unit=self.unit3)
        self._log(
            self.collector,
            self.owner,
            outcome="a_promise",
            promise_date=today + timedelta(days=3),
            promise_amount=300.0,
        )
        self._log(self.collector, self.owner2, outcome="c_unreachable")
        self._log(self.collector2, self.owner2, outcome="c_unreachable")  # not theirs
        # yesterday's call is another day
        self._log(self.collector, self.owner2, date=datetime.now() - timedelta(days=1))
        self._pay(bill, 120.0, today)
        day = self.Day.browse(self.Day.with_user(self.collector).action_my_day()["res_id"])
        self.assertEqual(
            (day.contact_count, day.promise_count, day.amount_promised, day.amount_collected),
            (2, 1, 300.0, 120.0),
        )
        report = self.env.ref("property_fee_collection.property_collection_day_report_daily")
        html, _kind = report.with_user(self.manager)._render_qweb_html(report.report_name, day.ids)
        for expected in ("张伟", "李娜", "120.00"):
            self.assertIn(expected, html.decode())

    @freeze_time(NOW)
    def test_task_sheet_per_collector_and_building(self):
        today = fields.Date.today()
        self._bill(today - timedelta(days=60), 300.0)
        self._bill(today - timedelta(days=30), 300.0)
        self._bill(today - timedelta(days=30), 180.0, partner=self.owner2, unit=self.unit2)
        self._bill(today - timedelta(days=30), 250.0, partner=self.tenant, unit=self.unit3)
        self._bill(today + timedelta(days=10), 999.0, partner=self.tenant, unit=self.unit3)
        self.unit2.assigned_collector_id = self.collector2
        sheet = self.env["property.task.sheet"].with_user(self.collector).create({})
        sheets = sheet._sheets()
        self.assertEqual([building for building, _rows in sheets], [self.building, self.building2])
        rows = {row["unit"]: row for _building, rows in sheets for row in rows}
        self.assertEqual(set(rows), {self.unit, self.unit3}, "not the units of collector2")
        self.assertEqual((rows[self.unit]["amount"], rows[self.unit]["months"]), (600.0, 2))
        self.assertEqual(rows[self.unit3]["amount"], 250.0, "only what is overdue")
        report = self.env.ref("property_fee_collection.property_task_sheet_report")
        html, _kind = report.with_user(self.collector)._render_qweb_html(
            report.report_name, sheet.ids
        )
        for expected in ("1-1-101", "2-1-101", "张伟", "王芳", "600.00"):
            self.assertIn(expected, html.decode())
        self.assertNotIn("1-1-102", html.decode())

    @freeze_time(NOW)
    def test_monthly_plan_from_the_ledger(self):
        today = fields.Date.today()
        bill = self._bill(today.replace(day=1) - timedelta(days=40), 700.0)
        other = self._bill(
            today.replace(day=1) - timedelta(days=40), 500.0, partner=self.owner2, unit=self.unit2
        )
        self.unit2.assigned_collector_id = self.collector2
        plan = (
            self.env["property.collection.plan"]
            .with_user(self.manager)
            .create({"collector_id": self.collector.id, "month": today, "target_amount": 500.0})
        )
        self.assertEqual(plan.month, today.replace(day=1))
        self._pay(bill, 600.0, today)
        self._pay(other, 500.0, today)  # collector2's unit
        self._pay(bill, 100.0, today.replace(day=1) - timedelta(days=1))  # last month
        plan.invalidate_recordset()
        self.assertEqual(plan.collected_amount, 600.0)
        self.assertAlmostEqual(plan.achievement, 120.0)
        self.assertEqual((plan.over_plan_amount, plan.commission), (100.0, 2.0))
        with self.assertRaises(UserError):
            plan.with_user(self.collector).action_confirm()
        plan.with_user(self.manager).action_confirm()
        with self.assertRaises(AccessError):
            plan.with_user(self.manager).write({"target_amount": 100.0})
        own = self.env["property.collection.plan"].with_user(self.collector2).search([])
        self.assertFalse(own, "collectors see only their own plans")
