from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools.rmb import amount_to_chinese


@tagged("post_install", "-at_install")
class TestRmbTools(BaseCase):
    def test_amount_to_chinese(self):
        cases = [
            ("10005.07", "壹万零伍元零柒分"),
            ("0.50", "伍角整"),
            ("0.05", "伍分"),
            ("0.55", "伍角伍分"),
            ("0", "零元整"),
            ("1", "壹元整"),
            ("10", "壹拾元整"),
            ("15.30", "壹拾伍元叁角整"),
            ("20.05", "贰拾元零伍分"),
            ("325.04", "叁佰贰拾伍元零肆分"),
            ("1010.00", "壹仟零壹拾元整"),
            ("1409.50", "壹仟肆佰零玖元伍角整"),
            ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
            ("6007.14", "陆仟零柒元壹角肆分"),
            ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
            ("107000.53", "壹拾万柒仟元伍角叁分"),
            ("100000", "壹拾万元整"),
            ("100010000", "壹亿零壹万元整"),
            ("100000000.00", "壹亿元整"),
            ("1000000001", "壹拾亿零壹元整"),
            ("4691.40", "肆仟陆佰玖拾壹元肆角整"),
            ("1234567890.12", "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"),
            ("20000500", "贰仟万零伍佰元整"),
            ("-88.80", "负捌拾捌元捌角整"),
            ("0.005", "壹分"),  # rounded half-up to the fen
            ("2.345", "贰元叁角伍分"),
            ("1001", "壹仟零壹元整"),
            ("105000", "壹拾万伍仟元整"),
            ("200000300", "贰亿零叁佰元整"),
            ("999900010000", "玖仟玖佰玖拾玖亿零壹万元整"),
            ("200000000007", "贰仟亿零柒元整"),
        ]
        for amount, expected in cases:
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_chinese(amount), expected)
        self.assertEqual(amount_to_chinese(544.82), "伍佰肆拾肆元捌角贰分")
        self.assertEqual(amount_to_chinese(Decimal("3")), "叁元整")
