"""Who owns, occupies and pays for a unit on a given day.

Plain functions over ``Stay`` tuples so that the rules can be tested from a table without a
database. A stay's ``date_to`` is inclusive; ``None`` means open-ended.

Payer rule: among the stays active on a day, a tenant flagged "bills to this party" pays,
else an occupant flagged so, else the owner (who stays jointly liable in every case), else
the fallback (the developer for unsold units) when one is given.
"""

from collections import namedtuple

from . import periods

OWNER, TENANT, OCCUPANT = "owner", "tenant", "occupant"
ROLES = (OWNER, TENANT, OCCUPANT)
PAYER_PRIORITY = (TENANT, OCCUPANT, OWNER)

Stay = namedtuple("Stay", "role partner date_from date_to is_payer", defaults=(None, False))
Segment = namedtuple("Segment", "partner date_from date_to")


def is_active(stay, day):
    """True when ``stay`` covers ``day``."""
    return stay.date_from <= day and (stay.date_to is None or day <= stay.date_to)


def find_overlap(stays):
    """Return the first pair of stays with the same role whose periods overlap, else None."""
    ordered = sorted(stays, key=lambda s: (s.role, s.date_from))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.role == second.role and periods.overlap(
            first.date_from, first.date_to, second.date_from, second.date_to
        ):
            return first, second
    return None


def owner_at(stays, day):
    """The owner on ``day``, or None."""
    for stay in stays:
        if stay.role == OWNER and is_active(stay, day):
            return stay.partner
    return None


def payer_at(stays, day, fallback=None):
    """The party billed for ``day`` (see module docstring)."""
    active = [s for s in stays if is_active(s, day)]
    for role in PAYER_PRIORITY:
        for stay in active:
            if stay.role == role and (stay.is_payer or role == OWNER):
                return stay.partner
    return fallback


def payer_segments(stays, date_from, date_to, fallback=None):
    """Split ``[date_from, date_to]`` into consecutive segments with one payer each.

    Returns a list of ``Segment``; a segment's partner is None where nobody pays. Used to
    prorate a billing period between parties by days (move-in/out, ownership transfer).
    """
    cuts = periods.boundaries((stay.date_from, stay.date_to) for stay in stays)
    return [
        Segment(partner, start, end)
        for start, end, partner in periods.segments(
            date_from, date_to, cuts, lambda day: payer_at(stays, day, fallback)
        )
    ]
