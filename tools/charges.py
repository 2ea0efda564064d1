"""Charges: what a bill line will be, as a small typed value. No database.

A billing run computes every charge of its scope once, when it is planned; the charges travel
to the workers inside the run's chunks (as JSON) and become bill lines there. Late fees and
early-bird discounts are charges too.
"""

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from .billing import to_decimal

_DATES = ("date_from", "date_to", "due")


@dataclass(slots=True)
class Charge:
    """One bill line to be.

    A *billed* charge (``billing_line``) is a unit's fee for a service period: it counts for
    the one-bill-per-period rule. Discounts and late fees are not billed charges.
    """

    fee_type_id: int
    product_id: int
    price_unit: Decimal
    quantity: float = 1.0
    unit_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    due: date | None = None
    annual: bool = False
    reading_id: int | None = None
    billing_line: bool = True
    late_fee_source_id: int | None = None
    label: str = ""

    @property
    def amount(self):
        """Untaxed amount of the line (Decimal, not rounded)."""
        return to_decimal(self.price_unit) * to_decimal(self.quantity)

    def to_json(self):
        data = {name: getattr(self, name) for name in _FIELDS}
        data["price_unit"] = str(self.price_unit)
        for name in _DATES:
            data[name] = data[name] and data[name].isoformat()
        return data

    @classmethod
    def from_json(cls, data):
        values = {key: value for key, value in data.items() if key in _FIELDS}
        values["price_unit"] = Decimal(values["price_unit"])
        for name in _DATES:
            values[name] = values.get(name) and date.fromisoformat(values[name])
        return cls(**values)


_FIELDS = tuple(field.name for field in fields(Charge))


def total(charges):
    """Untaxed total of ``charges`` (Decimal)."""
    return sum((charge.amount for charge in charges), Decimal(0))


def early_bird_bases(charges, campaigns):
    """What each early-bird campaign discounts: ``[(campaign, fee_type_id, base), ...]``.

    ``campaigns`` is a list of ``(campaign, applies)`` pairs, best discount first, where
    ``applies(fee_type_id)`` tells whether the campaign covers a fee type. Only annual billed
    charges are discounted, each by one campaign at most (the first that covers it); the base
    is the annual amount per fee type.
    """
    left = [charge for charge in charges if charge.annual and charge.billing_line]
    result = []
    for campaign, applies in campaigns:
        eligible = [charge for charge in left if applies(charge.fee_type_id)]
        bases = {}
        for charge in eligible:
            bases[charge.fee_type_id] = bases.get(charge.fee_type_id, Decimal(0)) + charge.amount
        result.extend((campaign, fee_type_id, base) for fee_type_id, base in bases.items())
        left = [charge for charge in left if charge not in eligible]
    return result
