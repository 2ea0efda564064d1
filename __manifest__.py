{
    "name": "Property Fee Collection",
    "summary": "物业费收缴与催缴: property register, fee billing, dunning, collection work "
    "and complaints on Odoo invoices",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/property-fee-collection/property_fee_collection",
    "author": "Property Fee Collection Developers",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["account", "mail", "portal", "sms", "base_import"],
    "data": [
        "security/property_fee_collection_groups.xml",
        "security/ir.model.access.csv",
        "security/property_fee_collection_security.xml",
        "data/ir_cron_data.xml",
        "views/property_project_views.xml",
        "views/property_building_views.xml",
        "views/property_unit_views.xml",
        "views/property_unit_occupancy_views.xml",
        "views/property_fee_type_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "wizards/property_unit_transfer_views.xml",
        "views/property_fee_collection_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "property_fee_collection/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/property_project_demo.xml",
        "demo/property_unit_demo.xml",
        "demo/property_unit_occupancy_demo.xml",
    ],
}
