"""Billing calendar and arithmetic: plain functions, no database.

Amounts are ``Decimal`` internally and rounded to the fen (0.01) half-up, as Chinese bills are.
"""

from calendar import monthrange
from collections import namedtuple
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .periods import intersect

CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "half_year": 6, "year": 12}
FEN = Decimal("0.01")

Piece = namedtuple("Piece", "partner date_from date_to price")


def to_decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_fen(value):
    """Round to 0.01 half-up (分)."""
    return to_decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def add_months(day, months):
    """``day`` shifted by ``months``, clamped to the end of the month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def month_bounds(day):
    """First and last day of the month of ``day``."""
    return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])


def is_cycle_start(cycle, month_start):
    """True when a cycle of ``cycle`` starts in the month of ``month_start``."""
    return (month_start.month - 1) % CYCLE_MONTHS[cycle] == 0


def days_between(date_from, date_to):
    """Number of days of the inclusive range."""
    return (date_to - date_from).days + 1


def prorate(full_amount, piece_from, piece_to, cycle_from, cycle_to):
    """Share of ``full_amount`` (for the whole cycle) for the days of the piece, to the fen."""
    if piece_from == cycle_from and piece_to == cycle_to:
        return round_fen(full_amount)
    days = days_between(piece_from, piece_to)
    return round_fen(to_decimal(full_amount) * days / days_between(cycle_from, cycle_to))


def cycle_amount(method, rate, months, area=0.0, vacancy_discount=0.0):
    """Amount of a whole cycle before proration.

    per_area: area × rate per ㎡ per month × months; fixed: rate per month × months.
    ``vacancy_discount`` is a percentage taken off (0 = none).
    """
    rate = to_decimal(rate)
    if method == "per_area":
        amount = to_decimal(area) * rate * months
    elif method == "fixed":
        amount = rate * months
    else:
        raise ValueError(f"no cycle amount for pricing method {method!r}")
    if vacancy_discount:
        amount = amount * (100 - to_decimal(vacancy_discount)) / 100
    return amount


def split_pieces(payer_segments, price_segments):
    """Intersect payer segments (partner, from, to) with price segments (from, to, price).

    Returns the ``Piece`` list in date order; days without payer or price are left out.
    """
    pieces = []
    for partner, p_from, p_to in payer_segments:
        for s_from, s_to, price in price_segments:
            overlap = intersect(p_from, p_to, s_from, s_to)
            if overlap and partner:
                pieces.append(Piece(partner, overlap[0], overlap[1], price))
    return sorted(pieces, key=lambda piece: piece.date_from)


def apportion(total, weights):
    """Split ``total`` over ``weights`` so that the parts, in fen, sum exactly to the total.

    Largest-remainder method: every part is rounded down to the fen, then the missing fen
    go one by one to the parts with the largest remainders (ties: first weight first).
    """
    total = round_fen(total)
    weights = [to_decimal(w) for w in weights]
    weight_sum = sum(weights)
    if not weights or weight_sum <= 0:
        raise ValueError("apportioning needs positive weights")
    cents = int(total / FEN)
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    missing = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [Decimal(f) * FEN for f in floors]


def discount(amount, percent):
    """The discount (positive, in fen) of ``percent`` % on ``amount``."""
    return round_fen(to_decimal(amount) * to_decimal(percent) / 100)
