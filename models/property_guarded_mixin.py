from odoo import api, models
from odoo.exceptions import AccessError


class PropertyGuardedMixin(models.AbstractModel):
    """Fields that change only through the methods that check the role.

    State, approval, delivery, evidence and money fields are listed in ``_guarded_fields``.
    A plain ``write`` (or a ``create`` that sets them, see ``_guard_create_vals``) by a user
    is refused; the buttons, wizards and crons check the role themselves and then write with
    ``sudo()`` from a private method, which RPC cannot call. There is deliberately no context
    flag to lift the guard: a client could send it.
    """

    _name = "property.guarded.mixin"
    _description = "Fields Changed Only Through Their Methods"

    # field names; a model may also override ``_guarded_fields_for_user``
    _guarded_fields = ()

    def _guarded_fields_for_user(self):
        """Guarded fields for the current user (managers may be allowed more)."""
        return set(self._guarded_fields)

    def _guard_check(self, fnames):
        if self.env.su:
            return
        touched = sorted(set(fnames) & self._guarded_fields_for_user())
        if touched:
            labels = "、".join(self._fields[f]._description_string(self.env) for f in touched)
            raise AccessError(
                self.env._(
                    "%(model)s: %(fields)s can only be changed with its buttons (approve, "
                    "mark delivered, evaluate …), which check your role and record who did it "
                    "and when.",
                    model=self.env["ir.model"]._get(self._name).display_name,
                    fields=labels,
                )
            )

    @api.model
    def _guard_create_vals(self, vals):
        """Field names of ``vals`` that a user may not set at creation (default: guarded
        fields given a value other than their default)."""
        guarded = self._guarded_fields_for_user()
        refused = []
        for fname in guarded & set(vals):
            field = self._fields[fname]
            default = field.default(self) if field.default else False
            if vals[fname] not in (default, False, None, 0, [], ()):
                refused.append(fname)
        return refused

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._guard_check(self._guard_create_vals(vals))
        return super().create(vals_list)

    def write(self, vals):
        self._guard_check(vals)
        return super().write(vals)
