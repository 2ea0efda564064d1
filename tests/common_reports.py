from datetime import date

from freezegun import freeze_time

from .test_receivable import LedgerCommon

D = date


class ReportCommon(LedgerCommon):
    """A small estate whose figures are computed by hand (fees only, no late fees).

    Project 丽景苑: building 1号楼 (units 1-1-101 of 张伟, 1-1-102 of 李娜) and 2号楼 (unit
    2-1-201 of the tenant 王芳). Service periods and what happened to them:

    ======== ===================================== ==========================================
    period   billed                                settled
    ======== ===================================== ==========================================
    2025-12  101: 300 (due 12-15)                  101: paid 100 on 01-20
             102: 200 (due 12-15)                  102: waiver 50 on 01-10, paid 150 on 02-05
    2026-01  101: 300 fee + 150 parking (01-15)    101: paid 300 on 01-10 (parking first)
             102: 200                              102: credit note 20 on 01-12, paid 180 01-14
             201: 250                              201: prepaid 500 on 2025-12-28 (applied 01-01)
    2026-02  101: 300 (due 02-15)                  —
             102: 200                              102: paid 120 on 03-03
             201: 250                              201: rest of the prepayment (02-01)
    2026-03  101: 300 (due 03-25)                  —
    ======== ===================================== ==========================================

    Another project (翠湖花园) of the same company, whose team the collector is not in, has
    one unpaid bill of 999.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit102 = cls._create_unit(cls.building, "1-1-102", area=80.0, state="occupied")
        cls.building2 = cls._create_building(cls.project, "2号楼", "2")
        cls.unit201 = cls._create_unit(cls.building2, "2-1-201", area=90.0, state="occupied")
        cls.tenant.phone = "13800000003"
        cls.collector.tz = "Asia/Shanghai"
        cls.finance = cls._create_user("finance_r", "finance")
        cls.Summary = cls.env["property.receivable.summary"]
        cls.Rates = cls.env["property.collection.rate.report"]
        # 2025-12
        cls.dec_101 = cls._bill(D(2025, 12, 15), 300.0, period=D(2025, 12, 1))
        cls.dec_102 = cls._bill(
            D(2025, 12, 15), 200.0, partner=cls.owner2, unit=cls.unit102, period=D(2025, 12, 1)
        )
        prepayment = cls._payment_cls(500.0, D(2025, 12, 28), cls.tenant)
        # 2026-01
        cls.jan_101 = cls._bill_items(
            D(2026, 1, 15),
            [(cls.fee, 300.0, D(2026, 1, 1)), (cls.fee_parking, 150.0, D(2026, 1, 1))],
        )
        cls.jan_102 = cls._bill(
            D(2026, 1, 15), 200.0, partner=cls.owner2, unit=cls.unit102, period=D(2026, 1, 1)
        )
        cls.jan_201 = cls._bill(
            D(2026, 1, 15), 250.0, partner=cls.tenant, unit=cls.unit201, period=D(2026, 1, 1)
        )
        cls.jan_201._property_apply_prepayments()
        cls._pay_cls(cls.jan_101, 300.0, D(2026, 1, 10))
        cls._waive(cls.dec_102, 50.0, D(2026, 1, 10))
        cls._credit(cls.jan_102, 20.0, D(2026, 1, 12))
        cls._pay_cls(cls.jan_102, 180.0, D(2026, 1, 14))
        cls._pay_cls(cls.dec_101, 100.0, D(2026, 1, 20))
        # 2026-02
        cls.feb_101 = cls._bill(D(2026, 2, 15), 300.0, period=D(2026, 2, 1))
        cls.feb_102 = cls._bill(
            D(2026, 2, 15), 200.0, partner=cls.owner2, unit=cls.unit102, period=D(2026, 2, 1)
        )
        cls.feb_201 = cls._bill(
            D(2026, 2, 15), 250.0, partner=cls.tenant, unit=cls.unit201, period=D(2026, 2, 1)
        )
        cls.feb_201._property_apply_prepayments()
        cls._pay_cls(cls.dec_102, 150.0, D(2026, 2, 5))
        cls._pay_cls(cls.feb_102, 120.0, D(2026, 3, 3))
        # 2026-03
        cls.mar_101 = cls._bill(D(2026, 3, 25), 300.0, period=D(2026, 3, 1))
        # the project the collector does not work on
        cls.project2 = cls._create_project("翠湖花园", "CHHY")
        cls.building_b = cls._create_building(cls.project2, "A座", "A")
        cls.unit_b = cls._create_unit(cls.building_b, "A-1-101", state="occupied")
        cls.stranger = cls.env["res.partner"].create({"name": "赵敏", "phone": "13900000009"})
        cls.other_bill = cls._bill(
            D(2026, 1, 15), 999.0, partner=cls.stranger, unit=cls.unit_b, period=D(2026, 1, 1)
        )
        assert prepayment.state in ("in_process", "paid")
        cls.Summary._refresh()

    # === Helpers (class level: the estate is built once) ===
    @classmethod
    def _pay_cls(cls, bill, amount, day):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"payment_date": day, "amount": amount})
            ._create_payments()
        )

    @classmethod
    def _payment_cls(cls, amount, day, partner):
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": day,
            }
        )
        payment.action_post()
        return payment

    @classmethod
    def _credit(cls, bill, amount, day, waiver=False):
        credit = bill._reverse_moves([{"invoice_date": day, "property_waiver": waiver}])
        credit.invoice_line_ids.price_unit = amount
        credit.action_post()
        lines = (credit.line_ids | bill.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        lines.reconcile()
        return credit

    @classmethod
    def _waive(cls, bill, amount, day):
        return cls._credit(bill, amount, day, waiver=True)

    def _log(self, partner, when, outcome, collector=None, **vals):
        """A collection call at ``when`` (UTC) by the collector."""
        with freeze_time(when):
            return (
                self.env["property.collection.activity"]
                .with_user(collector or self.collector)
                .create(
                    {
                        "partner_id": partner.id,
                        "project_id": self.project.id,
                        "outcome": outcome,
                        "date": when,
                        **vals,
                    }
                )
            )

    def _rates(self, domain, groupby, aggregates, user=None, day=None):
        model = self.Rates.with_user(user or self.finance)
        if day:
            model = model.with_context(report_date=day)
        return model._read_group(
            [("is_late_fee", "=", False), *domain], groupby, aggregates, order=",".join(groupby)
        )
