import time
from datetime import date

from odoo.tests import tagged

from odoo.addons.property_fee_collection.models.ir_actions_report import wkhtmltopdf_patched

from .common import pdf_page_texts
from .common_billing import BillingCommon

NOV = date(2026, 11, 1)
DEC = date(2026, 12, 1)


@tagged("post_install", "-at_install")
class TestPaymentNotices(BillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.report = cls.env.ref("property_fee_collection.account_move_report_payment_notice")

    def test_notice_content(self):
        self.owner.lang = "zh_CN"
        self.env.company.property_payment_link = "https://pay.example.cn/bill/{bill}"
        self._assign(self.fee_water, date(2020, 1, 1))
        self.env["property.meter.reading"].create(
            {
                "unit_id": self.unit1.id,
                "date": date(2026, 12, 1),
                "previous_reading": 875,
                "current_reading": 893,
            }
        )
        november = self._bill_of(self._run(NOV), self.owner)
        december = self._bill_of(self._run(DEC), self.owner)
        values = december._property_notice_values()
        self.assertEqual(values["arrears_total"], november.amount_residual)
        total = november.amount_residual + december.amount_residual
        self.assertAlmostEqual(values["total"], total)
        self.assertTrue(values["qr_src"].startswith("data:image/png;base64,"))
        html = self.report._render_qweb_html(self.report.report_name, december.ids)[0].decode()
        water = december.invoice_line_ids.filtered(
            lambda line: line.property_fee_type_id == self.fee_water
        )
        self.assertEqual(water.quantity, 18.0)
        for expected in (
            "缴费通知单",
            "往期欠费",
            "合计应缴",
            "上次读数",
            "本次读数",
            "单价",
            "875",
            "893",
            "4.2",
            november.name,
            values["total_words"],
            "data:image/png;base64,",
            "转账时请在附言中注明账单编号",  # the company's payment methods, in Chinese
            "丽景苑",
        ):
            self.assertIn(expected, html)
        self.assertNotIn("Pay at the property service centre", html)
        self.assertNotIn("→", html, "readings have their own columns")

    def test_print_notices_skips_layout_dialog(self):
        run = self._run(NOV)
        action = run.action_print_notices()
        self.assertEqual(action["type"], "ir.actions.report")
        action = run.move_ids.action_property_print_notices()
        self.assertEqual(action["type"], "ir.actions.report")

    def test_bulk_print_50_notices_in_one_pdf(self):
        """50 notices in one PDF on the wkhtmltopdf installed here (Debian's unpatched-Qt
        build): rendered bill by bill and merged."""
        self.env.company.property_payment_link = "https://pay.example.cn/bill/{bill}"
        partners = self.env["res.partner"].create(
            [{"name": f"业主{i:02d}", "lang": "zh_CN"} for i in range(48)]
        )
        units = self.env["property.unit"].create(
            [
                {"name": f"1-2-{i + 1:03d}", "building_id": self.building.id, "area": 80.0 + i}
                for i in range(48)
            ]
        )
        self.env["property.unit.occupancy"].create(
            [
                {"unit_id": unit.id, "partner_id": partner.id, "date_from": date(2020, 1, 1)}
                for unit, partner in zip(units, partners, strict=True)
            ]
        )
        (self.owner | self.owner2).lang = "zh_CN"
        bills = self._run(NOV).move_ids.sorted("name")
        self.assertEqual(len(bills), 50)
        self.assertFalse(wkhtmltopdf_patched(), "this machine has Debian's wkhtmltopdf")
        start = time.time()
        pdf, kind = self.report.with_context(force_report_rendering=True)._render_qweb_pdf(
            self.report.report_name, bills.ids
        )
        self.assertEqual(kind, "pdf")
        pages = pdf_page_texts(pdf)
        self.assertEqual(len(pages), 50, f"rendered in {time.time() - start:.0f}s")
        for text, bill in zip(pages, bills, strict=True):
            self.assertIn(bill.name, text)
            self.assertIn("缴费通知单", text)
            self.assertIn(f"{bill.amount_total:,.2f}", text)
            self.assertIn(bill.partner_id.name, text)

    def test_patched_build_renders_in_one_call(self):
        """With the patched build, Odoo's own multi-document rendering is used unchanged."""
        bills = self._run(NOV).move_ids
        calls = []
        Report = type(self.env["ir.actions.report"])
        original = Report._run_wkhtmltopdf

        def fake_run(report, bodies, **kwargs):
            calls.append(len(bodies))
            return original(report, bodies[:1], **kwargs)

        wkhtmltopdf_patched.cache_clear()
        try:
            self.patch(
                type(self.env["ir.actions.report"]),
                "_run_wkhtmltopdf",
                fake_run,
            )
            from odoo.addons.property_fee_collection.models import ir_actions_report

            self.patch(ir_actions_report, "wkhtmltopdf_patched", lambda: True)
            self.report.with_context(force_report_rendering=True)._render_qweb_pdf(
                self.report.report_name, bills.ids
            )
        finally:
            wkhtmltopdf_patched.cache_clear()
        self.assertEqual(calls, [2])


@tagged("post_install", "-at_install")
class TestPaymentText(BillingCommon):
    def test_default_payment_text_in_chinese(self):
        """The company setting itself reads in Chinese for a Chinese user (written in every
        installed language at installation and for new companies)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        company = self.env["res.company"].create({"name": "新物业公司"})
        self.assertIn(
            "物业服务中心", company.with_context(lang="zh_CN").property_payment_instructions
        )
        self.assertIn(
            "property service centre",
            company.with_context(lang="en_US").property_payment_instructions,
        )
        self.assertIn("物业服务中心", company._property_payment_text("zh_CN"))
