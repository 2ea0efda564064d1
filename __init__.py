from . import controllers
from . import models
from . import report
from . import wizards
from . import demo


def post_init_hook(env):
    """After the translations are loaded: the companies that kept the default payment-methods
    text get it in every installed language (the default was written in one only)."""
    env["res.company"].search([])._property_translate_default_payment_text()
