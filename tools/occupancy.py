"""Who owns, occupies and pays for a unit on a given day.

Plain functions over ``Stay`` tuples so that the rules can be tested from a table without a
database. A stay's ``date_to`` is inclusive; ``None`` means open-ended.

Payer rule: among the stays active on a day, a tenant flagged "bills to this party" pays,
else an occupant flagged so, else the owner (who stays jointly liable in every case), else
the fallback (the developer for unsold units) when one is given.
"""

from collections import namedtuple
from datetime import date, timedelta

OWNER, TENANT, OCCUPANT = "owner", "tenant", "occupant"
ROLES = (OWNER, TENANT, OCCUPANT)
PAYER_PRIORITY = (TENANT, OCCUPANT, OWNER)

Stay = namedtuple("Stay", "role partner date_from date_to is_payer", defaults=(None, False))
Segment = namedtuple("Segment", "partner date_from date_to")

ONE_DAY = timedelta(days=1)


def is_active(stay, day):
    """True when ``stay`` covers ``day``."""
    return stay.date_from <= day and (stay.date_to is None or day <= stay.date_to)


def periods_overlap(from1, to1, from2, to2):
    """True when two inclusive date ranges (``None`` = open end) share at least one day."""
    return from1 <= (to2 or date.max) and from2 <= (to1 or date.max)


def find_overlap(stays):
    """Return the first pair of stays with the same role whose periods overlap, else None."""
    ordered = sorted(stays, key=lambda s: (s.role, s.date_from))
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.role == second.role and periods_overlap(
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
    if date_to < date_from:
        raise ValueError("period end before start")
    cuts = {date_from, date_to + ONE_DAY}
    for stay in stays:
        for boundary in (stay.date_from, stay.date_to and stay.date_to + ONE_DAY):
            if boundary and date_from < boundary <= date_to:
                cuts.add(boundary)
    bounds = sorted(cuts)
    segments = []
    for start, next_start in zip(bounds, bounds[1:], strict=False):
        partner = payer_at(stays, start, fallback)
        end = next_start - ONE_DAY
        if segments and segments[-1].partner == partner:
            segments[-1] = segments[-1]._replace(date_to=end)
        else:
            segments.append(Segment(partner, start, end))
    return segments
