from odoo import fields, models


class PropertyPayerTag(models.Model):
    """A label staff give a payer to plan the collection work: 钉子户 (hard-core refuser,
    the legal route), 摇摆户 (swing household that follows refusers: visits and
    explanations), 核心人物 (opinion leader among owners: careful handling, 疏导)."""

    _name = "property.payer.tag"
    _description = "Payer Tag"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE (name)", "A payer tag with this name exists already.")
