from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestCompanyIsolation(TrustCommon):
    """Finding 2: a user of another company reaches nothing of this company, technical
    records included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing_run = cls.env["property.billing.run"].create({"period_start": date(2027, 1, 1)})
        cls.chunk = cls.env["property.billing.run.chunk"].create(
            {
                "run_id": cls.billing_run.id,
                "payers": [{"project": cls.project.id, "partner": cls.owner.id, "charges": []}],
            }
        )
        cls.problem = cls.env["property.billing.run.error"].create(
            {"run_id": cls.billing_run.id, "unit_id": cls.unit.id, "reason": "x"}
        )
        cls.policy_c1 = cls.env["property.dunning.policy"].create(
            {"name": "一公司方案", "company_id": cls.env.company.id}
        )
        cls.level_c1 = cls.env["property.dunning.level"].create(
            {"policy_id": cls.policy_c1.id, "name": "L0", "days": 0, "channel_email": True}
        )
        cls.hardship = cls.env["property.hardship"].create(
            {"partner_id": cls.owner.id, "category": "illness", "reason": "重病"}
        )
        cls.counter = cls.env["property.billing.sequence"].create(
            {"key": f"{cls.bill.journal_id.id}:PFB/2027/01/0000", "last": 7}
        )

    def _assert_unreachable(self, records, user, write_vals):
        records = records.with_user(user)
        with self.assertRaises(AccessError):
            records.read(list(write_vals))
        with self.assertRaises(AccessError):
            records.write(write_vals)
        with self.assertRaises(AccessError):
            records.unlink()
        self.assertFalse(records.search([("id", "in", records.ids)]))

    def test_other_company_reaches_nothing(self):
        for user in (self.manager_c2, self.finance_c2):
            with self.subTest(user=user.login):
                self._assert_unreachable(self.chunk, user, {"state": "done"})
                self._assert_unreachable(self.problem, user, {"reason": "y"})
                self._assert_unreachable(self.policy_c1, user, {"name": "y"})
                self._assert_unreachable(self.level_c1, user, {"name": "y"})
                self._assert_unreachable(self.hardship, user, {"reason": "y"})
                self._assert_unreachable(self.billing_run, user, {"state": "done"})

    def test_bill_number_counter_is_not_reachable(self):
        counter = self.counter
        for user in (self.finance, self.manager, self.finance_c2):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    counter.with_user(user).read(["last"])
                with self.assertRaises(AccessError):
                    counter.with_user(user).write({"last": 1})
                with self.assertRaises(AccessError):
                    counter.with_user(user).unlink()

    def test_same_company_finance_still_works(self):
        self.assertEqual(self.chunk.with_user(self.finance).read(["state"])[0]["state"], "todo")

    def test_fee_standard_cannot_mix_companies(self):
        fee_c2 = (
            self.env["property.fee.type"]
            .with_company(self.company2)
            .create(
                {
                    "name": "物业服务费",
                    "code": "WYF2",
                    "company_id": self.company2.id,
                    "product_id": self.product.id,
                }
            )
        )
        with self.assertRaises(UserError) as err:
            self.env["property.fee.assignment"].create(
                {
                    "fee_type_id": fee_c2.id,
                    "project_id": self.project.id,
                    "date_from": date(2027, 1, 1),
                }
            )
        self.assertIn("compan", str(err.exception).lower())
