"""The receivable ledger's arithmetic (应收台账): plain functions on whole fen, no database.

A property bill becomes ledger items: one per billed line (unit × fee type × service period)
and one per late-fee line. Discount lines (early-bird …) reduce the items of their fee type;
taxes are included; the items of a bill always add up to the bill's total. What reached the
bill (payments, credit notes, waivers, write-offs) is allocated to its items by one rule,
so that the items' residuals always add up to the bill's residual.

All amounts here are integers in fen (分), so sums are exact.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

Line = namedtuple("Line", "key cents fee_type_id is_item")
Item = namedtuple("Item", "key cents order chosen_by limits", defaults=((), None))
Receipt = namedtuple("Receipt", "key cents date kind source", defaults=(None,))
Allocation = namedtuple("Allocation", "item receipt cents date kind")

# payment allocation rules inside a bill (res.company.property_allocation_rule)
RULE_OLDEST = "oldest"  # oldest service period first, then fee-type priority
RULE_PRIORITY = "priority"  # fee-type priority first, then oldest service period


def to_cents(amount):
    """An amount in yuan (float, str or Decimal) as whole fen, rounded half-up."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


def from_cents(cents):
    return Decimal(cents) / 100


def split_evenly(total, weights):
    """Split ``total`` fen over positive ``weights`` (largest remainder, ties: first first)."""
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        return [0] * len(weights)
    exact = [Decimal(total) * w / weight_sum for w in weights]
    parts = [int(e) for e in exact]  # toward zero: works for negative totals too
    missing = total - sum(parts)
    step = 1 if missing >= 0 else -1
    order = sorted(range(len(weights)), key=lambda i: (-abs(exact[i] - parts[i]), i))
    for i in order[: abs(missing)]:
        parts[i] += step
    return parts


def bill_items(lines, bill_total):
    """The ledger amounts of a bill's items: ``{key: cents}``.

    ``lines``: the bill's product lines as ``Line`` (cents tax included; ``is_item`` for
    billed and late-fee lines). Every other line (a discount) is spread over the items of
    the same fee type in proportion to their amounts, else over all items. The amounts then
    add up to ``bill_total`` (a rounding difference of the taxes goes to the largest item).
    """
    items = [line for line in lines if line.is_item]
    amounts = {line.key: line.cents for line in items}
    if not items:
        return amounts
    for other in (line for line in lines if not line.is_item):
        targets = [i for i in items if i.fee_type_id == other.fee_type_id] or items
        for item, part in zip(
            targets, split_evenly(other.cents, [max(i.cents, 0) for i in targets]), strict=True
        ):
            amounts[item.key] += part
    difference = bill_total - sum(amounts.values())
    if difference:
        largest = max(items, key=lambda i: (amounts[i.key], -items.index(i)))
        amounts[largest.key] += difference
    return amounts


def item_order(rule, period_start, priority, key):
    """Sort key of an item inside its bill under ``rule`` (see module constants)."""
    period = period_start.toordinal() if period_start else 0
    if rule == RULE_PRIORITY:
        return (priority, period, key)
    return (period, priority, key)


def allocate(items, receipts):
    """What each receipt settles of each item: a list of ``Allocation``.

    ``items``: ``Item(key, cents, order, chosen_by, limits)`` — ``chosen_by`` lists the
    receipts (their ``source``) the cashier explicitly applied to this item; ``limits``
    (optional, ``{source: cents}``) caps what a chosen receipt gives the item (a credit
    note crediting an exact amount per item). ``receipts``: what reached the bill, as
    ``Receipt(key, cents, date, kind, source)``, in the order they were reconciled. Each
    receipt settles first the items chosen for it, then the others in ``order``; an item
    never receives more than its amount.
    """
    left = {item.key: max(item.cents, 0) for item in items}
    ordered = sorted(items, key=lambda item: item.order)
    # what each (item, source) limit still allows, over all the receipts of that source
    limit_left = {
        (item.key, source): cents for item in items for source, cents in (item.limits or {}).items()
    }
    allocations = []
    for receipt in receipts:
        amount = receipt.cents
        chosen = [i for i in ordered if receipt.source and receipt.source in i.chosen_by]
        for item in chosen + [i for i in ordered if i not in chosen]:
            if amount <= 0:
                break
            part = min(amount, left[item.key])
            limited = item in chosen and (item.key, receipt.source) in limit_left
            if limited:
                part = min(part, limit_left[item.key, receipt.source])
            if part > 0:
                allocations.append(
                    Allocation(item.key, receipt.key, part, receipt.date, receipt.kind)
                )
                left[item.key] -= part
                amount -= part
                if limited:
                    limit_left[item.key, receipt.source] -= part
    return allocations
