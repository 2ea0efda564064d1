from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools.rmb_uppercase import (
    integer_uppercase,
    rmb_uppercase,
)


@tagged("post_install", "-at_install")
class TestRmbUppercase(BaseCase):
    def test_amounts(self):
        cases = [
            (0, "零元整"),
            (1, "壹元整"),
            (10, "壹拾元整"),
            (15, "壹拾伍元整"),
            (100, "壹佰元整"),
            (1001, "壹仟零壹元整"),
            (1010, "壹仟零壹拾元整"),
            (1234.56, "壹仟贰佰叁拾肆元伍角陆分"),
            (105000, "壹拾万伍仟元整"),
            (100005, "壹拾万零伍元整"),
            (100000000, "壹亿元整"),
            (100010000, "壹亿零壹万元整"),
            (200000300, "贰亿零叁佰元整"),
            (0.5, "伍角"),
            (0.05, "伍分"),
            (10.5, "壹拾元伍角"),
            (1000.05, "壹仟元零伍分"),
            (300.2, "叁佰元贰角"),
            (2.345, "贰元叁角伍分"),  # rounded half-up to the fen
            (-0.5, "负伍角"),
            ("88.80", "捌拾捌元捌角"),
        ]
        for amount, expected in cases:
            with self.subTest(amount=amount):
                self.assertEqual(rmb_uppercase(amount), expected)

    def test_integer_range(self):
        self.assertEqual(integer_uppercase(9999_0001_0000), "玖仟玖佰玖拾玖亿零壹万")
        self.assertEqual(integer_uppercase(2000_0000_0007), "贰仟亿零柒")
        for bad in (-1, 10**12):
            with self.subTest(number=bad), self.assertRaises(ValueError):
                integer_uppercase(bad)
