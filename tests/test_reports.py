import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_reports import ReportCommon

D = date
RATE_FIELDS = [
    "billed:sum",
    "reduced:sum",
    "receivable:sum",
    "collected:sum",
    "collection_rate:avg",
    "arrears_start:sum",
    "prior_reduced:sum",
    "prior_collected:sum",
    "recovery_rate:avg",
    "arrears_end:sum",
]


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestCollectionRates(ReportCommon):
    """收缴率 and 清欠率 of the hand-computed estate (see ReportCommon)."""

    def _monthly(self, day=None, project=None):
        rows = self._rates(
            [("period_type", "=", "month"), ("project_id", "=", (project or self.project).id)],
            ["period:month"],
            RATE_FIELDS,
            day=day,
        )
        return {period: dict(zip(RATE_FIELDS, values, strict=True)) for period, *values in rows}

    def _check(self, row, **expected):
        for key, value in expected.items():
            spec = f"{key}:avg" if key.endswith("_rate") else f"{key}:sum"
            self.assertAlmostEqual(row[spec], value, places=2, msg=key)

    def test_monthly_rates_as_recorded(self):
        months = self._monthly()
        # December 2025: 500 billed, 50 waived (not a collection), 100 + 150 paid later
        self._check(
            months[D(2025, 12, 1)],
            billed=500,
            reduced=50,
            receivable=450,
            collected=250,
            collection_rate=55.56,
            arrears_start=0,
        )
        # January: 900 billed, a credit note of 20; paid 300 (101, parking first), 180 (102)
        # and 250 (201, from the prepayment) → 730 / 880
        self._check(
            months[D(2026, 1, 1)],
            billed=900,
            reduced=20,
            receivable=880,
            collected=730,
            collection_rate=82.95,
            # prior arrears: December's 500 unpaid on 1 January; 50 waived and 100 paid
            arrears_start=500,
            prior_reduced=50,
            prior_collected=100,
            recovery_rate=22.22,
            # still owed at the end of January: 350 of December, 150 of January
            arrears_end=500,
        )
        # February: 750 billed; 250 prepaid (201) and 120 paid in March (102) → 370 / 750
        self._check(
            months[D(2026, 2, 1)],
            receivable=750,
            collected=370,
            collection_rate=49.33,
            arrears_start=500,
            prior_collected=150,
            recovery_rate=30.0,
            arrears_end=850,
        )
        # March: 300 billed, nothing paid; 120 of February recovered
        self._check(
            months[D(2026, 3, 1)],
            receivable=300,
            collected=0,
            collection_rate=0,
            arrears_start=850,
            prior_collected=120,
            recovery_rate=14.12,
            arrears_end=1030,
        )

    def test_year_to_date(self):
        rows = self._rates(
            [("period_type", "=", "year"), ("project_id", "=", self.project.id)],
            ["period:year"],
            RATE_FIELDS,
        )
        years = {period: dict(zip(RATE_FIELDS, values, strict=True)) for period, *values in rows}
        # 2026: 880 + 750 + 300 receivable, 730 + 370 collected
        self._check(years[D(2026, 1, 1)], receivable=1930, collected=1100, collection_rate=56.99)
        # arrears of 2025 at 1 January: 500; 50 waived, 100 + 150 recovered during 2026
        self._check(
            years[D(2026, 1, 1)],
            arrears_start=500,
            prior_reduced=50,
            prior_collected=250,
            recovery_rate=55.56,
        )
        # 2025: December's 450 (after the waiver), 250 of it collected in 2026
        self._check(years[D(2025, 1, 1)], receivable=450, collected=250, collection_rate=55.56)

    def test_as_of_a_date(self):
        # end of January: February's bills and everything later are left out
        months = self._monthly(day="2026-01-31")
        self.assertNotIn(D(2026, 2, 1), months)
        self._check(months[D(2026, 1, 1)], receivable=880, collected=730, recovery_rate=22.22)
        self._check(months[D(2025, 12, 1)], receivable=450, collected=100)
        # a day inside February: bills of 1 February and the payment of 5 February count,
        # the payment of 3 March does not
        months = self._monthly(day="2026-02-10")
        self._check(
            months[D(2026, 2, 1)],
            receivable=750,
            collected=250,
            collection_rate=33.33,
            prior_collected=150,
            recovery_rate=30.0,
        )
        # the end of December 2025: nothing of December was collected yet
        months = self._monthly(day="2025-12-31")
        self._check(months[D(2025, 12, 1)], receivable=500, collected=0, collection_rate=0)

    def test_as_of_wizard_opens_the_report_at_that_date(self):
        wizard = (
            self.env["property.collection.rate.as.of"]
            .with_user(self.finance)
            .create({"date": D(2026, 1, 31), "report": "recovery"})
        )
        action = wizard.action_open()
        self.assertEqual(action["res_model"], "property.collection.rate.report")
        self.assertEqual(action["context"]["report_date"], "2026-01-31")
        self.assertEqual(action["context"]["search_default_monthly"], 1, "default filters kept")
        self.assertIn("2026-01-31", action["name"])

    def test_by_building_and_fee_type(self):
        rows = self._rates(
            [("period_type", "=", "month"), ("period", "=", D(2026, 1, 1))],
            ["building_id", "fee_type_id"],
            ["receivable:sum", "collected:sum", "collection_rate:avg"],
        )
        figures = {(b.name, f.code): (r, c, rate) for b, f, r, c, rate in rows}
        self.assertEqual(figures[self.building.name, "WYF"], (480.0, 330.0, 68.75))
        self.assertEqual(figures[self.building.name, "TCF"], (150.0, 150.0, 100.0))
        self.assertEqual(figures[self.building2.name, "WYF"], (250.0, 250.0, 100.0))
        self.assertEqual(figures[self.building_b.name, "WYF"], (999.0, 0.0, 0.0))

    def test_pivot_as_the_web_client_asks(self):
        """The pivot's one request: grouping sets of rows × columns with the rate measures;
        every level, totals included, gets the rate of its sums."""
        groups = self.Rates.with_user(self.finance).formatted_read_grouping_sets(
            [
                ("is_late_fee", "=", False),
                ("period_type", "=", "month"),
                ("project_id", "=", self.project.id),
                ("period", ">=", D(2026, 1, 1)),
            ],
            [[], ["building_id"], ["period:month"], ["building_id", "period:month"]],
            ["receivable:sum", "collected:sum", "collection_rate:avg", "__count"],
        )
        total = groups[0][0]
        self.assertEqual(total["receivable:sum"], 1930.0)
        self.assertEqual(total["collection_rate:avg"], 56.99)
        by_building = {g["building_id"][1]: g for g in groups[1]}
        self.assertEqual(by_building["丽景苑 2号楼"]["collection_rate:avg"], 100.0)

    def test_summary_follows_the_ledger(self):
        """A payment reaches the figures when the summary is refreshed (the cron, triggered
        after the commit); the incremental refresh equals a rebuild."""
        self._pay(self.mar_101, 300.0, D(2026, 3, 21))
        self.assertTrue(self.env["property.receivable.summary.queue"].search_count([]))
        self.assertEqual(self._monthly()[D(2026, 3, 1)]["collected:sum"], 0.0, "not yet")
        self.Summary._refresh()
        self.assertFalse(self.env["property.receivable.summary.queue"].search_count([]))
        self.assertEqual(self._monthly()[D(2026, 3, 1)]["collection_rate:avg"], 100.0)
        fields = ["project_id", "building_id", "fee_type_id", "period_month:day", "event_month:day"]
        incremental = sorted(
            self.Summary._read_group([], [*fields, "kind"], ["amount:sum"]), key=str
        )
        self.Summary._refresh_all()
        rebuilt = sorted(self.Summary._read_group([], [*fields, "kind"], ["amount:sum"]), key=str)
        self.assertEqual(incremental, rebuilt)

    def test_unposting_a_bill_removes_it_from_the_figures(self):
        self.mar_101.button_draft()
        self.Summary._refresh()
        self.assertNotIn(D(2026, 3, 1), {p for p, v in self._monthly().items() if v["billed:sum"]})


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestAgingAndTargets(ReportCommon):
    def test_aging_buckets(self):
        Aging = self.env["property.arrears.aging.report"].with_user(self.finance)
        rows = Aging._read_group(
            [("project_id", "=", self.project.id)],
            ["bucket"],
            ["residual:sum", "unit_count:count_distinct"],
        )
        buckets = {bucket: (amount, units) for bucket, amount, units in rows}
        # 95 days: December of 101 (200); 33–64 days: January of 101 (150), February of
        # 101 (300) and of 102 (80); due 25 March: not due (300)
        self.assertEqual(buckets["d91_180"], (200.0, 1))
        self.assertEqual(buckets["d31_90"], (530.0, 2))
        self.assertEqual(buckets["not_due"], (300.0, 1))
        self.assertNotIn("d0_30", buckets)
        by_payer = dict(
            Aging._read_group(
                [("project_id", "=", self.project.id), ("bucket", "!=", "not_due")],
                ["partner_id"],
                ["residual:sum"],
            )
        )
        self.assertEqual(by_payer, {self.owner: 650.0, self.owner2: 80.0})
        item = Aging.search([("receivable_id.move_id", "=", self.dec_101.id)])
        self.assertEqual((item.days_overdue, item.bucket), (95, "d91_180"))
        # the same by building, from the summary
        Buildings = self.env["property.arrears.aging.building.report"].with_user(self.finance)
        rows = Buildings._read_group(
            [("project_id", "=", self.project.id)], ["building_id", "bucket"], ["residual:sum"]
        )
        self.assertEqual(
            {(b.name, bucket): amount for b, bucket, amount in rows},
            {("1号楼", "d91_180"): 200.0, ("1号楼", "d31_90"): 530.0, ("1号楼", "not_due"): 300.0},
        )

    def test_rates_against_targets(self):
        self.env["property.collection.target"].create({"project_id": self.project.id, "year": 2026})
        Targets = self.env["property.collection.target.report"].with_user(self.finance)
        rows = {row.period: row for row in Targets.search([("project_id", "=", self.project.id)])}
        january, february, march = (rows[D(2026, m, 1)] for m in (1, 2, 3))
        self.assertEqual((january.collection_rate, january.ytd_rate), (82.95, 82.95))
        # arrears rate: unpaid at month end ÷ receivable of the 12 months ending there
        self.assertEqual(january.annual_receivable, 1330.0)  # December 450 + January 880
        self.assertEqual(january.arrears_rate, 37.59)  # 500 / 1330
        self.assertEqual(february.ytd_rate, 67.48)  # 1100 / 1630
        self.assertEqual((march.collection_rate, march.ytd_rate), (0.0, 56.99))
        self.assertEqual(march.arrears_rate, 43.28)  # 1030 / 2380
        self.assertTrue(march.is_current_month)
        self.assertEqual((march.collection_target, march.arrears_target), (95.0, 5.0))
        self.assertTrue(march.below_target)
        self.assertEqual(
            Targets.search([("is_current_month", "=", True)]).project_id,
            self.project | self.project2,
        )

    def test_target_validation(self):
        Target = self.env["property.collection.target"]
        Target.create({"project_id": self.project.id, "year": 2026})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Target.create({"project_id": self.project.id, "year": 2026})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Target.create({"project_id": self.project2.id, "collection_rate_target": 120})


@tagged("post_install", "-at_install")
class TestCollectorKpis(ReportCommon):
    def test_attempts_reach_promises_and_recovery(self):
        # 18 January 10:00 in Shanghai: 张伟 promises 100 by the 25th, pays 100 on the 20th
        self._log(
            self.owner,
            datetime(2026, 1, 18, 2, 0),
            "a_promise",
            promise_date=D(2026, 1, 25),
            promise_amount=100.0,
        )
        self._log(self.owner2, datetime(2026, 1, 19, 2, 0), "c_unreachable")
        # 李娜 reached on 28 January: her 150 of 5 February is recovered after contact, her
        # 120 of 3 March is not (34 days later)
        self._log(self.owner2, datetime(2026, 1, 28, 2, 0), "b_no_date")
        # the manager's call of 1 February takes over 张伟 (nothing paid after it)
        self._log(self.owner, datetime(2026, 2, 1, 2, 0), "wrong_number", collector=self.manager)
        with freeze_time("2026-01-26"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.Summary._refresh()
        Kpis = self.env["property.collector.kpi.report"].with_user(self.finance)
        rows = Kpis._read_group(
            [("project_id", "=", self.project.id)],
            ["collector_id", "month:month"],
            ["attempts:sum", "reach_rate:avg", "promises:sum", "kept_rate:avg", "recovered:sum"],
        )
        figures = {(user, month): values for user, month, *values in rows}
        self.assertEqual(figures[self.collector, D(2026, 1, 1)], [3, 66.67, 1, 100.0, 250.0])
        self.assertEqual(figures[self.manager, D(2026, 2, 1)], [1, 0.0, 0, False, 0.0])

    def _recovered(self):
        self.Summary._refresh()
        return self.env["property.collector.kpi.report"]._read_group(
            [("collector_id", "=", self.collector.id)], [], ["recovered:sum"]
        )[0][0]

    def test_window_is_a_company_setting(self):
        self._log(self.owner2, datetime(2026, 1, 28, 2, 0), "b_no_date")
        self.assertEqual(self._recovered(), 150.0, "3 March is 34 days after the contact")
        self.env.company.property_recovery_window_days = 40
        self.assertEqual(self._recovered(), 270.0, "150 on 5 February and 120 on 3 March")

    def test_kpis_follow_new_contacts_and_payments(self):
        """A later contact takes over the payments after it; a payment unreconciled is no
        longer recovered (the refresh recomputes the months concerned)."""
        self._log(self.owner2, datetime(2026, 1, 28, 2, 0), "b_no_date")
        self.assertEqual(self._recovered(), 150.0)
        self._log(self.owner2, datetime(2026, 2, 2, 2, 0), "b_no_date", collector=self.manager)
        self.assertEqual(self._recovered(), 0.0, "5 February is credited to the 2 February call")
        by_month = dict(
            self.env["property.collector.kpi.report"]._read_group(
                [("collector_id", "=", self.manager.id)], ["month:month"], ["recovered:sum"]
            )
        )
        self.assertEqual(by_month, {D(2026, 2, 1): 270.0}, "5 February and 3 March")
        payment = self.dec_102.line_ids.matched_credit_ids.filtered(
            lambda p: p.max_date == D(2026, 2, 5)
        )
        payment.credit_move_id.remove_move_reconcile()
        self.Summary._refresh()
        recovered = self.env["property.collector.kpi.report"]._read_group(
            [("collector_id", "=", self.manager.id)], [], ["recovered:sum"]
        )[0][0]
        self.assertEqual(recovered, 120.0, "the payment of 5 February is gone")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestReportAccess(ReportCommon):
    MODELS = (
        "property.collection.rate.report",
        "property.collection.target.report",
        "property.arrears.aging.report",
        "property.arrears.aging.building.report",
        "property.collector.kpi.report",
    )

    def test_collector_sees_only_their_projects(self):
        self._log(self.owner, datetime(2026, 1, 18, 2, 0), "b_no_date")
        self.env["property.collection.activity"].create(
            {
                "partner_id": self.stranger.id,
                "project_id": self.project2.id,
                "collector_id": self.manager.id,
                "outcome": "c_unreachable",
                "date": datetime(2026, 1, 20, 2, 0),
            }
        )
        self.Summary._refresh()
        for model in self.MODELS:
            with self.subTest(model=model):
                Report = self.env[model].with_user(self.collector)
                projects = {p for p, _count in Report._read_group([], ["project_id"], ["__count"])}
                self.assertEqual(projects, {self.project})
                mine = (
                    self.env[model]
                    .with_user(self.finance)
                    ._read_group([], ["project_id"], ["__count"])
                )
                self.assertEqual({p for p, _c in mine}, {self.project, self.project2})
        rates = self._rates(
            [("period_type", "=", "year")], [], ["receivable:sum"], user=self.collector
        )
        self.assertEqual(rates[0][0], 450.0 + 1930.0, "without the other project's 999")
        wizard = (
            self.env["property.arrears.list"]
            .with_user(self.collector)
            .create({"project_id": self.project2.id, "date": D(2026, 3, 20)})
        )
        with self.assertRaises(AccessError):
            wizard._sections()

    def test_other_company_sees_nothing(self):
        self.env["property.collection.target"].create({"project_id": self.project.id})
        other = self.env["res.company"].create({"name": "另一家物业公司"})
        user = self._create_user("finance_other", "finance", company=other)
        summaries = (
            "property.receivable.summary",
            "property.receivable.summary.day",
            "property.collector.kpi.summary",
            "property.collection.target",
        )
        for model in (*self.MODELS, *summaries):
            with self.subTest(model=model):
                self.assertEqual(self.env[model].with_user(user).search_count([]), 0)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestArrearsList(ReportCommon):
    def _wizard(self, user=None, **vals):
        return (
            self.env["property.arrears.list"]
            .with_user(user or self.finance)
            .create({"project_id": self.project.id, "date": D(2026, 3, 20), **vals})
        )

    def test_sections(self):
        sections = self._wizard()._sections()
        self.assertEqual([s["building"] for s in sections], [self.building, self.building2])
        rows = sections[0]["rows"]
        self.assertEqual(
            [
                (r["unit"].name, r["partner"], r["months"], r["month_count"], r["principal"])
                for r in rows
            ],
            [
                ("1-1-101", self.owner, "2025-12~2026-02", 3, 650.0),
                ("1-1-102", self.owner2, "2026-02", 1, 80.0),
            ],
        )
        self.assertEqual(rows[0]["days"], 95)
        self.assertFalse(sections[1]["rows"], "the tenant is paid up")
        # as of 31 January: 101 owed December 200 and January 150, 102 December's 150 (after
        # the waiver; paid on 5 February)
        early = self._wizard(date=D(2026, 1, 31))._sections()[0]["rows"]
        self.assertEqual(
            [(r["unit"].name, r["total"]) for r in early], [("1-1-101", 350.0), ("1-1-102", 150.0)]
        )
        # at least 60 days overdue: only 张伟
        late = self._wizard(min_overdue_days=60)._sections()[0]["rows"]
        self.assertEqual([r["partner"] for r in late], [self.owner])

    def test_xlsx_totals(self):
        content = self._wizard().with_context(lang="en_US")._xlsx_content()
        sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[2]
        self.assertEqual(header[:4], ("Building", "Unit", "Payer", "Phone"))
        data = [r for r in rows[3:] if r[1]]
        self.assertEqual(
            [(r[1], r[2], r[3], r[6]) for r in data],
            [("1-1-101", "张伟", "13800000001", 650.0), ("1-1-102", "李娜", "13800000002", 80.0)],
        )
        total = next(r for r in rows if r[0] == "Total")
        self.assertEqual(total[6:9], (730.0, 0.0, 730.0))
        self.assertEqual(sum(r[8] for r in data), total[8])
        action = self._wizard().action_export_xlsx()
        self.assertIn("download=true", action["url"])

    def test_pdf_list_has_names_and_phones(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "property_fee_collection.property_arrears_list_report", self._wizard().ids
            )[0]
            .decode()
        )
        for text in ("张伟", "13800000001", "1-1-101", "2025-12~2026-02"):
            self.assertIn(text, html)

    def test_public_notice_has_no_name_nor_phone(self):
        manager = self._create_user("manager_notice", "manager")
        wizard = self._wizard(user=manager)
        html = (
            self.env["ir.actions.report"]
            .with_user(manager)
            .with_context(lang="en_US")
            ._render_qweb_html(
                "property_fee_collection.property_arrears_notice_report", wizard.ids
            )[0]
            .decode()
        )
        for text in ("1-1-101", "1-1-102", "2025-12~2026-02", "650.00", "Article 944"):
            self.assertIn(text, html)
        for partner in (self.owner, self.owner2, self.tenant):
            for value in (partner.name, partner.phone, partner.email):
                if value:
                    self.assertNotIn(value, html)

    def test_late_fees(self):
        """Late fees show in their own column; a unit owing only late fees is listed, but not
        published."""
        late = self.env["property.receivable"]._accrue_late_fees(
            self.env.company, (D(2026, 2, 1), D(2026, 2, 28))
        )
        self.assertTrue(late)
        self._pay(self.feb_102, 80.0, D(2026, 3, 19))  # 李娜 pays her fees, not the late fee
        self.Summary._refresh()
        rows = self._wizard()._sections()[0]["rows"]
        by_unit = {r["unit"].name: r for r in rows}
        self.assertGreater(by_unit["1-1-101"]["late_fee"], 0)
        self.assertEqual(by_unit["1-1-102"]["principal"], 0)
        self.assertGreater(by_unit["1-1-102"]["late_fee"], 0)
        self.assertEqual(by_unit["1-1-102"]["months"], "")
        without = self._wizard(include_late_fees=False)._sections()[0]["rows"]
        self.assertEqual([r["unit"].name for r in without], ["1-1-101"])
        manager = self._create_user("manager_late", "manager")
        notice = self._wizard(user=manager)._notice_sections()[0]["rows"]
        self.assertEqual([r["unit"] for r in notice], ["1-1-101"])
        # late fees are outside the rates, and have their own line in the disclosure
        months = self._rates(
            [("period_type", "=", "month"), ("project_id", "=", self.project.id)],
            ["period:month"],
            ["receivable:sum"],
        )
        self.assertEqual(dict(months)[D(2026, 2, 1)], 750.0)
        disclosure = self.env["property.fee.disclosure"].create(
            {"project_id": self.project.id, "year": 2026}
        )
        mine = late.filtered(lambda m: m.property_project_id == self.project)
        self.assertAlmostEqual(
            disclosure._lines()["late_fee"]["billed"], sum(mine.mapped("amount_total"))
        )

    def test_public_notice_is_for_managers_only(self):
        report = self.env.ref("property_fee_collection.property_arrears_notice_report")
        self.assertFalse(report.attachment, "a printed notice is never stored")
        self.assertFalse(report.binding_model_id, "printed from the wizard only")
        wizard = self._wizard(user=self.collector)
        with self.assertRaises(AccessError):
            wizard.action_print_notice()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.collector)._render_qweb_html(
                "property_fee_collection.property_arrears_notice_report", wizard.ids
            )

    def test_paused_payers_are_left_out(self):
        self.owner2.property_hardship = True
        self._dun(D(2026, 3, 20))
        rows = self._wizard()._sections()[0]["rows"]
        self.assertEqual([r["partner"] for r in rows], [self.owner])
        rows = self._wizard(exclude_paused=False)._sections()[0]["rows"]
        self.assertEqual([r["partner"] for r in rows], [self.owner, self.owner2])


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestFeeDisclosure(ReportCommon):
    def test_year_by_fee_type(self):
        wizard = (
            self.env["property.fee.disclosure"]
            .with_user(self.finance)
            .create({"project_id": self.project.id, "year": 2026})
        )
        data = wizard._lines()
        fees = {line["name"]: line for line in data["fees"]}
        service, parking = fees["物业服务费"], fees["停车管理费"]
        # service: 300+200+250 (Jan) + 300+200+250 (Feb) + 300 (Mar); 20 credited;
        # collected 150 + 180 + 250 (Jan) + 120 + 250 (Feb)
        self.assertEqual(
            (service["billed"], service["reduced"], service["collected"], service["unpaid"]),
            (1800.0, 20.0, 950.0, 830.0),
        )
        self.assertEqual((parking["receivable"], parking["rate"]), (150.0, 100.0))
        self.assertEqual((data["total"]["receivable"], data["total"]["rate"]), (1930.0, 56.99))
        self.assertEqual(
            (data["arrears"]["start"], data["arrears"]["collected"], data["arrears"]["rate"]),
            (500.0, 250.0, 55.56),
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "property_fee_collection.property_fee_disclosure_report", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("56.99", html)
        self.assertNotIn("张伟", html)
