import random
import time

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

# two workers reserving at the same moment: one transaction fails to serialize and is retried
RESERVE_ATTEMPTS = 8


class PropertyBillingSequence(models.Model):
    """Blocks of bill numbers reserved by billing workers.

    Workers bill in parallel and reserve their numbers in a short transaction of their own,
    so that no lock is held while bills are created and posted. The counter never goes below
    the journal's last number in the database. Numbers a worker reserved but did not use
    (a payer whose bill failed) are used for its next bills or handed back (see
    ``BillNumbers``); only a crash leaves a gap, which the run lists.
    """

    _name = "property.billing.sequence"
    _description = "Bill Number Reservations"
    _log_access = False

    key = fields.Char(required=True, index=True)
    # the journal is in the key (a plain reference: reservations run in a transaction of
    # their own, which may not see a journal created in the current one)
    company_id = fields.Many2one("res.company", index=True, ondelete="cascade")
    last = fields.Integer(required=True)

    _key_uniq = models.Constraint("UNIQUE (key)", "One counter per numbering prefix.")

    # === Display name (breadcrumbs, links) ===
    @api.depends("key")
    def _compute_display_name(self):
        for sequence in self:
            sequence.display_name = sequence.key or ""

    @api.model
    def _reserve(self, journal, key, database_last, count):
        """First number of ``count`` consecutive numbers reserved for ``key``."""
        if not self.env.registry.ready:
            # module installation (demo data): this table is not committed yet, so a separate
            # transaction would not see it; nothing runs in parallel at that time anyway
            return self._reserve_in(self.env.cr, journal, key, database_last, count)
        return self._in_own_transaction(self._reserve_in, journal, key, database_last, count)

    @api.model
    def _in_own_transaction(self, function, *args):
        """``function(cr, *args)`` in a short transaction of its own, committed.

        Transactions are REPEATABLE READ: when another worker changed the counter after this
        transaction began, PostgreSQL refuses the update ("could not serialize access due to
        concurrent update") — found by two workers billing one run in parallel. Nothing else
        is in the transaction: it is simply run again.
        """
        for attempt in range(RESERVE_ATTEMPTS):
            try:
                with self.env.registry.cursor() as cr:
                    return function(cr, *args)
            except SerializationFailure:
                if attempt == RESERVE_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))

    @api.model
    def _reserve_in(self, cr, journal, key, database_last, count):
        cr.execute(
            SQL(
                """INSERT INTO property_billing_sequence (key, company_id, last)
                   VALUES (%s, %s, %s)
                   ON CONFLICT (key) DO UPDATE
                       SET last = GREATEST(property_billing_sequence.last, EXCLUDED.last)""",
                key,
                journal.company_id.id,
                database_last,
            ),
            log_exceptions=False,
        )
        cr.execute(
            SQL(
                """UPDATE property_billing_sequence SET last = last + %s
                    WHERE key = %s RETURNING last""",
                count,
                key,
            ),
            log_exceptions=False,
        )
        return cr.fetchone()[0] - count + 1

    @api.model
    def _release(self, key, first, count):
        """Hand back the numbers ``first .. first + count - 1`` if nobody reserved after them.

        Returns True when they were handed back (no gap), False when a later block exists.
        """
        if not self.env.registry.ready:
            return self._release_in(self.env.cr, key, first, count)
        return self._in_own_transaction(self._release_in, key, first, count)

    @api.model
    def _release_in(self, cr, key, first, count):
        cr.execute(
            SQL(
                """UPDATE property_billing_sequence SET last = last - %s
                    WHERE key = %s AND last = %s RETURNING id""",
                count,
                key,
                first + count - 1,
            ),
            log_exceptions=False,
        )
        return bool(cr.fetchone())


class BillNumbers:
    """The bill numbers of one worker for one journal and bill date.

    ``take(n)`` hands out numbers, first those left over from failed bills, then a freshly
    reserved block; ``give_back(names)`` keeps unused numbers for the next bills;
    ``release()`` returns what is left to the counter at the end and gives the names that
    could not be returned (a gap).
    """

    def __init__(self, env, journal, day):
        self.env = env
        self.journal = journal
        probe = env["account.move"].new(
            {"journal_id": journal.id, "date": day, "move_type": "out_invoice"}
        )
        self.format, self.values = probe._get_next_sequence_format()
        self.key = f"{journal.id}:" + self.name(0)
        self.free = []  # unused numbers, ascending
        self.handed_out = {}  # name: number

    def name(self, number):
        return self.format.format(**dict(self.values, seq=number))

    def take(self, count):
        numbers, self.free = self.free[:count], self.free[count:]
        missing = count - len(numbers)
        if missing:
            first = self.env["property.billing.sequence"]._reserve(
                self.journal, self.key, self.values["seq"], missing
            )
            numbers += range(first, first + missing)
        names = [self.name(number) for number in numbers]
        self.handed_out.update(zip(names, numbers, strict=True))
        return names

    def give_back(self, names):
        self.free = sorted(set(self.free) | {self.handed_out.pop(name) for name in names})

    def release(self):
        """Hand the unused numbers back; returns the names that stay a gap."""
        if not self.free:
            return []
        first, count = self.free[0], len(self.free)
        contiguous = self.free == list(range(first, first + count))
        if contiguous and self.env["property.billing.sequence"]._release(self.key, first, count):
            self.free = []
            return []
        gap, self.free = [self.name(number) for number in self.free], []
        return gap
