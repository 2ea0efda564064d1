from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import PropertyCommon

IMPORT_OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "tracking_disable": True,
}


@tagged("post_install", "-at_install")
class TestPropertyImport(PropertyCommon):
    """The sample files in demo/import/ load with Odoo's standard import (README)."""

    def _import(self, model, path):
        content = file_open(f"property_fee_collection/demo/import/{path}", "rb").read()
        wizard = self.env["base_import.import"].create(
            {"res_model": model, "file": content, "file_type": "text/csv", "file_name": path}
        )
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        fields = ["/".join(match) for match in preview["matches"].values()]
        self.assertEqual(len(fields), len(preview["headers"]), "every column is recognised")
        result = wizard.execute_import(fields, preview["headers"], dict(IMPORT_OPTIONS))
        self.assertFalse(result["messages"], result["messages"])
        return self.env[model].browse(result["ids"])

    @freeze_time("2025-06-01")
    def test_import_sample_owners_and_units(self):
        building = self._create_building(self.project, "3号楼", "3")
        owners = self._import("res.partner", "owners.csv")
        self.assertEqual(len(owners), 5)
        self.assertEqual(owners[0].name, "孙丽华")
        self.assertEqual(owners[0].phone, "13912340001")

        units = self._import("property.unit", "units.csv")
        self.assertEqual(
            units.mapped("name"), ["3-1-1201", "3-1-1202", "3-2-1201", "3-2-1202", "3-B1-09"]
        )
        self.assertEqual(units.building_id, building)
        self.assertEqual(units.mapped("unit_type"), ["residential"] * 4 + ["storage"])
        self.assertEqual(
            units.mapped("state"), ["occupied", "occupied", "vacant", "unsold", "occupied"]
        )
        self.assertAlmostEqual(sum(units.mapped("area")), 98.5 + 118.2 + 98.5 + 118.2 + 8.6)
        by_code = {u.name: u for u in units}
        rented = by_code["3-1-1202"]
        self.assertEqual(len(rented.occupancy_ids), 2)
        self.assertEqual(rented.owner_id.name, "周建国")
        self.assertEqual(rented.payer_id.name, "吴晓梅", "the tenant pays from 2025-01-01")
        self.assertEqual(
            rented.occupancy_ids.filtered(lambda o: o.role == "tenant").date_to, date(2026, 12, 31)
        )
        self.assertFalse(by_code["3-2-1202"].occupancy_ids)
        self.assertEqual(by_code["3-B1-09"].owner_id.name, "冯志强")
