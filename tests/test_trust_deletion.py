from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestBilledDeletion(TrustCommon):
    """Finding 3: what was billed cannot be deleted (archive instead); bill lines keep their
    unit and fee type."""

    def test_bill_lines_restrict_deletion_in_the_database(self):
        Line = self.env["account.move.line"]
        self.assertEqual(Line._fields["property_unit_id"].ondelete, "restrict")
        self.assertEqual(Line._fields["property_fee_type_id"].ondelete, "restrict")

    def test_billed_records_cannot_be_deleted(self):
        cases = [
            (self.fee_assignment, "fee standard"),
            (self.fee, "fee type"),
            (self.unit.occupancy_ids, "occupancy"),
            (self.unit, "unit"),
            (self.building, "building"),
            (self.project, "project"),
            (self.owner, "payer"),
        ]
        for record, label in cases:
            with self.subTest(label), self.assertRaises(UserError) as err:
                record.with_user(self.manager).unlink()
            self.assertRegex(str(err.exception), "archive|Archive|end date")
        line = self.bill.invoice_line_ids
        self.assertEqual(line.property_unit_id, self.unit)
        self.assertEqual(line.property_fee_type_id, self.fee)

    def test_archiving_keeps_history(self):
        self.fee_assignment.with_user(self.finance).action_archive()
        self.fee.with_user(self.manager).action_archive()
        self.unit.with_user(self.manager).action_archive()
        self.assertFalse(self.fee.active)
        self.assertEqual(self.bill.invoice_line_ids.property_fee_type_id, self.fee)

    def test_unbilled_records_can_still_be_deleted(self):
        unit = self._create_unit(self.building, "1-1-999")
        standard = self.env["property.fee.assignment"].create(
            {
                "fee_type_id": self.fee.id,
                "unit_id": unit.id,
                "price": 5.0,
                "date_from": "2030-01-01",
            }
        )
        standard.with_user(self.finance).unlink()
        unit.with_user(self.manager).unlink()
        self.assertFalse(unit.exists())
