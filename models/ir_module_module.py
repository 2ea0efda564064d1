"""Chinese for the OCA helpdesk modules the complaints are built on.

The OCA modules ship no zh_CN. Their translations live in this addon, in
``i18n_oca/<module>/i18n_extra/zh_CN.po`` (the layout of a module folder), and reach Odoo in
the two places Odoo reads translations from:

* code terms (Python ``_()``, JS, QWeb of ``static/``) are read at run time from the module's
  own folder: ``odoo.tools.file_path`` looks for ``<module>/i18n_extra/zh_CN.po`` under every
  entry of the module package's ``__path__``, so this addon adds its ``i18n_oca/<module>``
  folder to that list when it is imported (a second entry, after the module's own folder:
  the module's files still win for everything else);
* model terms (field labels, selections, menus, views, mail templates, stage names …) are
  loaded into the database by Odoo whenever it loads the module's translations (install,
  update, a language being added) — and, because this addon may be installed after the OCA
  module, also whenever this addon's translations are loaded (``_load_module_terms`` below).
"""

import os
import sys

from odoo import models
from odoo.tools.translate import code_translations

OCA_TRANSLATED_MODULES = ("helpdesk_mgmt", "helpdesk_mgmt_rating")
I18N_OCA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n_oca")
ADDON = "property_fee_collection"


def add_oca_translation_paths():
    for module in OCA_TRANSLATED_MODULES:
        package = sys.modules.get(f"odoo.addons.{module}")
        overlay = os.path.join(I18N_OCA_DIR, module)
        if package is None or not os.path.isdir(overlay) or overlay in package.__path__:
            continue
        package.__path__.append(overlay)
        # translations read before this folder was known are read again
        for cache in (code_translations.python_translations, code_translations.web_translations):
            for key in [key for key in cache if key[0] == module]:
                del cache[key]


add_oca_translation_paths()


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        add_oca_translation_paths()
        if ADDON in modules:
            installed = self.search(
                [("name", "in", OCA_TRANSLATED_MODULES), ("state", "=", "installed")]
            ).mapped("name")
            modules = list(modules) + [name for name in installed if name not in modules]
        return super()._load_module_terms(modules, langs, overwrite=overwrite)
