from datetime import date

from odoo.fields import Command

from .common import PropertyCommon


class BillingCommon(PropertyCommon):
    """A small estate with fee standards, for billing tests (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.tax = cls.env["account.tax"].create(
            {"name": "物业服务 6%", "amount": 6.0, "type_tax_use": "sale", "company_id": company.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "物业服务费", "type": "service", "taxes_id": [Command.set(cls.tax.ids)]}
        )
        cls.product_untaxed = cls.env["product.product"].create(
            {"name": "其他收费", "type": "service", "taxes_id": [Command.clear()]}
        )
        FeeType = cls.env["property.fee.type"]
        cls.fee_service = FeeType.create(
            {
                "name": "物业服务费",
                "code": "WYF",
                "product_id": cls.product.id,
                "pricing_method": "per_area",
                "unit_price": 2.5,
                "due_days": 15,
                "vacancy_discount_enabled": True,
                "vacancy_discount_percent": 30.0,
            }
        )
        cls.fee_parking = FeeType.create(
            {
                "name": "停车管理费",
                "code": "TCF",
                "product_id": cls.product_untaxed.id,
                "pricing_method": "fixed",
                "unit_price": 150.0,
            }
        )
        cls.fee_water = FeeType.create(
            {
                "name": "水费",
                "code": "SF",
                "product_id": cls.product_untaxed.id,
                "pricing_method": "metered",
                "meter_type": "water",
                "unit_price": 4.2,
            }
        )
        cls.fee_shared = FeeType.create(
            {
                "name": "水电公摊",
                "code": "GT",
                "product_id": cls.product_untaxed.id,
                "pricing_method": "apportioned",
            }
        )
        cls.unit1 = cls._create_unit(cls.building, "1-1-101", area=89.5, state="occupied")
        cls.unit2 = cls._create_unit(cls.building, "1-1-102", area=120.3, state="occupied")
        cls.stay1 = cls._add_stay(cls.unit1, cls.owner, date_from=date(2020, 1, 1))
        cls.stay2 = cls._add_stay(cls.unit2, cls.owner2, date_from=date(2020, 1, 1))
        cls.assign_service = cls._assign(cls.fee_service, date(2020, 1, 1))

    @classmethod
    def _assign(cls, fee_type, date_from, date_to=None, price=0.0, **target):
        vals = {
            "fee_type_id": fee_type.id,
            "project_id": cls.project.id,
            "price": price,
            "date_from": date_from,
            "date_to": date_to,
        }
        vals.update({key: rec.id if hasattr(rec, "id") else rec for key, rec in target.items()})
        return cls.env["property.fee.assignment"].create(vals)

    def _run(self, month, **vals):
        run = self.env["property.billing.run"].create(
            {"period_start": month, "project_ids": [Command.set(self.project.ids)], **vals}
        )
        run._process()
        return run

    def _early_bird_annual_run(self):
        """The 2027 annual prepayment billed on 5 January, during a 10 % early-bird campaign
        (1–15 January)."""
        self.env["property.early.bird.campaign"].create(
            {
                "name": "2027早鸟",
                "date_from": date(2027, 1, 1),
                "date_to": date(2027, 1, 15),
                "discount_percent": 10.0,
            }
        )
        return self._run(date(2027, 1, 1), mode="annual", invoice_date=date(2027, 1, 5))

    def _bill_of(self, run, partner):
        return run.move_ids.filtered(lambda m: m.partner_id == partner)

    def _lines(self, move, unit=None, fee_type=None):
        return move.invoice_line_ids.filtered(
            lambda ln: (not unit or ln.property_unit_id == unit)
            and (not fee_type or ln.property_fee_type_id == fee_type)
        )
