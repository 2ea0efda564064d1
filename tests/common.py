import io
import shutil
import subprocess
import tempfile
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import get_db_name
from odoo.tools.pdf import PdfFileReader

GROUP = "property_fee_collection.property_fee_collection_group_"


def ensure_chinese(dbname):
    """Chinese (zh_CN) active with the translations of every installed module — what a
    database made by ``odoo db init --language zh_CN`` has, and one made by a plain
    ``odoo db init`` lacks. Done once per database, committed: the tests need it before their
    transaction starts (a language is loaded in a minute, not per test class)."""
    with Registry(dbname).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if env["res.lang"]._get_data(code="zh_CN").active:
            return
        env["res.lang"]._activate_lang("zh_CN")
        modules = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        env["ir.module.module"]._load_module_terms(modules, ["zh_CN"])


def load_chart(env, company):
    """Give ``company`` a chart of accounts: the Chinese one (l10n_cn) when installed, else
    Odoo's generic one (a database made only by ``odoo db init``)."""
    installed = env["ir.module.module"].search_count(
        [("name", "=", "l10n_cn"), ("state", "=", "installed")]
    )
    env["account.chart.template"].try_loading(
        "cn" if installed else "generic_coa", company, install_demo=False
    )
    chinese_company(env, company)


def chinese_company(env, company):
    """A company in China keeping its books in yuan (the generic chart sets US dollars)."""
    cny = env.ref("base.CNY")
    cny.active = True
    if company.currency_id != cny:
        company.currency_id = cny
    if company.country_id != env.ref("base.cn"):
        company.country_id = env.ref("base.cn")


def pdf_texts(pdf):
    """``[(reader, text)]``: a PDF's text read back by PyPDF2 (Odoo's PDF tools), and by
    ``pdftotext`` when installed; all white space removed (Chinese text has none)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    texts = [("PyPDF2", "".join(page.extract_text() for page in reader.pages))]
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            output = subprocess.run(
                [pdftotext, "-enc", "UTF-8", handle.name, "-"], check=True, capture_output=True
            ).stdout.decode()
        texts.append(("pdftotext", output))
    return [(name, "".join(text.split())) for name, text in texts]


def pdf_page_texts(pdf):
    """The text of each page (PyPDF2), white space removed."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return ["".join(page.extract_text().split()) for page in reader.pages]


class PropertyCommon(TransactionCase):
    """Factories for the property register; tests never rely on demo data."""

    @classmethod
    def setUpClass(cls):
        ensure_chinese(get_db_name())
        super().setUpClass()
        # the tests' own accounting: a Chinese company with a chart of accounts, in yuan
        if not cls.env.company.chart_template:
            load_chart(cls.env, cls.env.company)
        chinese_company(cls.env, cls.env.company)
        # Chinese is the database's default language (as with ``db init --language zh_CN``):
        # new contacts and users get it, and portal URLs carry no language prefix
        if cls.env["ir.default"]._get("res.partner", "lang") != "zh_CN":
            cls.env["ir.default"].set("res.partner", "lang", "zh_CN")
        if not cls._registry_patched and not getattr(cls, "registry_test_mode", False):
            # cursors the code opens itself (bill-number reservations) are the test's
            # transaction too, rolled back with it: nothing is committed by these tests
            # (HttpCase does the same after this, for its server's requests)
            cls.registry_enter_test_mode_cls()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.project = cls._create_project("丽景苑", "LJY")
        cls.building = cls._create_building(cls.project, "1号楼", "1")
        cls.owner = cls.env["res.partner"].create({"name": "张伟", "phone": "13800000001"})
        cls.owner2 = cls.env["res.partner"].create({"name": "李娜", "phone": "13800000002"})
        cls.tenant = cls.env["res.partner"].create({"name": "王芳", "phone": "13800000003"})

    def assertPdfText(self, pdf, *expected):
        """``pdf`` is a real PDF (rendered with ``force_report_rendering``, not the HTML
        tests get otherwise) whose text, read back, contains every ``expected`` string."""
        self.assertTrue(pdf.startswith(b"%PDF-"), f"not a PDF: {pdf[:60]!r}")
        for reader, text in pdf_texts(pdf):
            for needle in expected:
                with self.subTest(reader=reader, expected=needle):
                    self.assertIn(needle, text)

    @classmethod
    def _create_project(cls, name, code, company=None, **vals):
        return cls.env["property.project"].create(
            {"name": name, "code": code, "company_id": (company or cls.env.company).id, **vals}
        )

    @classmethod
    def _create_building(cls, project, name, code=None, **vals):
        return cls.env["property.building"].create(
            {"name": name, "code": code, "project_id": project.id, **vals}
        )

    @classmethod
    def _create_unit(cls, building, code, area=100.0, **vals):
        return cls.env["property.unit"].create(
            {"name": code, "building_id": building.id, "area": area, **vals}
        )

    @classmethod
    def _add_stay(cls, unit, partner, role="owner", date_from=date(2020, 1, 1), **vals):
        return cls.env["property.unit.occupancy"].create(
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": role,
                "date_from": date_from,
                **vals,
            }
        )

    @classmethod
    def _create_user(cls, login, role=None, company=None, groups=None, **kw):
        groups = groups or (f"{GROUP}{role}" if role else "base.group_user")
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            **kw,
        )
