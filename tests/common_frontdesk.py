from .test_receivable import LedgerCommon


class FrontDeskCommon(LedgerCommon):
    """Cashier and finance lead users, and helpers to take payments at the front desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = cls._create_user("cashier_f", "finance")
        cls.lead = cls._create_user("lead_f", "manager")
        cls.Payment = cls.env["account.payment"]

    def _collect(self, items, channel="cash", prepaid=0.0, user=None, day=None, partner=None):
        return (
            self.Payment.with_user(user or self.cashier)
            ._property_collect(partner or self.owner, items, channel, prepaid=prepaid, date=day)
            .sudo()
        )
