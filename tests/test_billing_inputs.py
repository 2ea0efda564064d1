from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common_billing import BillingCommon

NOV = date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestBillingInputs(BillingCommon):
    def test_negative_rate_rejected(self):
        with self.assertRaises(ValidationError) as err:
            self.fee_service.unit_price = -1.0
        self.assertIn("cannot be negative", str(err.exception))
        with self.assertRaises(ValidationError):
            self._assign(self.fee_parking, date(2026, 1, 1), price=-5.0)

    def test_fee_type_without_product_rejected(self):
        with self.assertRaises(ValidationError) as err:
            self.env["property.fee.type"].create(
                {"name": "垃圾清运费", "code": "LJ", "pricing_method": "fixed"}
            )
        self.assertIn("needs a product", str(err.exception))
        with self.assertRaises(ValidationError):
            self.env["property.fee.type"].create(
                {
                    "name": "电费",
                    "code": "DF",
                    "product_id": self.product.id,
                    "pricing_method": "metered",
                }
            )

    def test_period_end_before_start_rejected(self):
        with self.assertRaises(ValidationError) as err:
            self._assign(self.fee_parking, date(2026, 5, 1), date_to=date(2026, 4, 30))
        self.assertIn("end date cannot be before", str(err.exception))
        with self.assertRaises(ValidationError):
            self.env["property.apportion.bill"].create(
                {
                    "name": "x",
                    "fee_type_id": self.fee_shared.id,
                    "project_id": self.project.id,
                    "date_from": date(2026, 10, 31),
                    "date_to": date(2026, 10, 1),
                    "amount": 10.0,
                }
            )

    def test_overlapping_assignments_rejected(self):
        with self.assertRaises(ValidationError) as err:
            self._assign(self.fee_service, date(2026, 6, 1))
        self.assertIn("overlaps", str(err.exception))

    def test_reading_below_previous_or_with_gap_rejected(self):
        Reading = self.env["property.meter.reading"]
        Reading.create(
            {
                "unit_id": self.unit1.id,
                "date": date(2026, 9, 1),
                "previous_reading": 50,
                "current_reading": 80,
            }
        )
        with self.assertRaises(ValidationError) as err:
            Reading.create(
                {"unit_id": self.unit1.id, "date": date(2026, 10, 1), "current_reading": 79}
            )
        self.assertIn("lower than the previous reading", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            Reading.create(
                {
                    "unit_id": self.unit1.id,
                    "date": date(2026, 10, 1),
                    "previous_reading": 85,
                    "current_reading": 90,
                }
            )
        self.assertIn("without gaps", str(err.exception))
        # a batch (editable list, import) chains the previous readings itself
        batch = Reading.create(
            [
                {"unit_id": self.unit1.id, "date": date(2026, 11, 1), "current_reading": 95},
                {"unit_id": self.unit1.id, "date": date(2026, 10, 1), "current_reading": 88},
            ]
        )
        self.assertEqual(batch.sorted("date").mapped("previous_reading"), [80.0, 88.0])

    def test_billed_reading_is_locked(self):
        self._assign(self.fee_water, date(2020, 1, 1))
        reading = self.env["property.meter.reading"].create(
            {
                "unit_id": self.unit1.id,
                "date": date(2026, 11, 1),
                "previous_reading": 10,
                "current_reading": 20,
            }
        )
        self._run(NOV)
        with self.assertRaises(UserError):
            reading.current_reading = 25
        with self.assertRaises(UserError):
            reading.unlink()

    def test_notice_pdf_renders_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.owner.lang = "zh_CN"
        self.env.company.partner_id.bank_ids = [
            Command.create({"acc_number": "6222 0000 1111", "acc_holder_name": "丽景物业"})
        ]
        self.fee_service.write(
            {"late_fee_enabled": True, "late_fee_rate": 0.03, "late_fee_cap_percent": 10}
        )
        bill = self._bill_of(self._run(NOV), self.owner)
        report = self.env.ref("property_fee_collection.account_move_report_payment_notice")
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, bill.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertPdfText(
            pdf,
            "缴费通知单",
            "张伟",
            bill.name,
            "1-1-101",
            "237.18",
            "622200001111",
            "0.03",
            "2026/11/16",
        )

    def test_send_notices_queues_mails(self):
        self.owner.write({"email": "zhangwei@example.cn", "lang": "zh_CN"})
        run = self._run(NOV)
        run.action_send_notices()
        self.assertEqual(set(run.move_ids.mapped("property_notice_state")), {"to_send"})
        run.move_ids.with_context(force_report_rendering=True)._property_send_notices()
        sent = self._bill_of(run, self.owner)
        self.assertEqual(sent.property_notice_state, "sent")
        self.assertEqual(self._bill_of(run, self.owner2).property_notice_state, "no_email")
        mail = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "=", sent.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
        self.assertPdfText(mail.attachment_ids.raw, "缴费通知单", "张伟", sent.name, "237.18")

    def test_wizard_preview_and_confirm(self):
        self._create_unit(self.building, "1-1-103", area=50.0)  # no payer: a problem
        wizard = Form(self.env["property.billing.run.wizard"])
        wizard.period_start = NOV
        wizard = wizard.save()
        wizard.project_ids = self.project
        wizard.action_preview()
        self.assertEqual(wizard.preview_payer_count, 2)
        self.assertEqual(wizard.preview_unit_count, 2)
        self.assertAlmostEqual(wizard.preview_amount, 223.75 + 300.75)
        self.assertEqual(wizard.preview_problem_count, 1)
        self.assertIn("1-1-103", wizard.preview_html)
        self.assertFalse(
            self.env["account.move"].search([("property_project_id", "=", self.project.id)])
        )
        action = wizard.action_confirm()
        run = self.env["property.billing.run"].browse(action["res_id"])
        self.assertEqual(run.state, "done_errors")
        self.assertEqual(len(run.move_ids), 2)
        self.assertEqual(run.payer_done, 2)
        self.assertEqual(run.progress, 100.0)
