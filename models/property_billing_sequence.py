from odoo import api, fields, models
from odoo.tools import SQL


class PropertyBillingSequence(models.Model):
    """Blocks of bill numbers reserved by billing workers.

    Workers bill in parallel and reserve their numbers in a short transaction of their own,
    so that no lock is held while bills are created and posted. The counter never goes below
    the journal's last number in the database.
    """

    _name = "property.billing.sequence"
    _description = "Bill Number Reservations"
    _log_access = False

    key = fields.Char(required=True, index=True)
    last = fields.Integer(required=True)

    _key_uniq = models.Constraint("UNIQUE (key)", "One counter per numbering prefix.")

    @api.model
    def _reserve(self, key, database_last, count):
        """First number of ``count`` consecutive numbers reserved for ``key``."""
        if not self.env.registry.ready:
            # module installation (demo data): this table is not committed yet, so a separate
            # transaction would not see it; nothing runs in parallel at that time anyway
            return self._reserve_in(self.env.cr, key, database_last, count)
        with self.env.registry.cursor() as cr:
            return self._reserve_in(cr, key, database_last, count)

    @api.model
    def _reserve_in(self, cr, key, database_last, count):
        cr.execute(
            SQL(
                """INSERT INTO property_billing_sequence (key, last) VALUES (%s, %s)
                   ON CONFLICT (key) DO UPDATE
                       SET last = GREATEST(property_billing_sequence.last, EXCLUDED.last)""",
                key,
                database_last,
            )
        )
        cr.execute(
            SQL(
                """UPDATE property_billing_sequence SET last = last + %s
                    WHERE key = %s RETURNING last""",
                count,
                key,
            )
        )
        return cr.fetchone()[0] - count + 1
