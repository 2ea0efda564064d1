import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Everyday screens of each role open without an error (an access error shows a dialog and
// fails the tour). Menus are found by xml id, records by the test data's names.
const M = "property_fee_collection.";

function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Property Fees app",
            trigger: `.o_app[data-menu-xmlid='${M}property_fee_collection_menu_root']`,
            run: "click",
        },
        { trigger: ".o_action_manager .o_view_controller" },
    ];
}

function openMenu(section, item, view = ".o_list_view") {
    return [
        {
            content: `Open menu ${item}`,
            trigger: `.o_menu_sections button[data-menu-xmlid='${M}${section}']`,
            run: "click",
        },
        { trigger: `.dropdown-item[data-menu-xmlid='${M}${item}']`, run: "click" },
        { content: `${item} is shown`, trigger: `.o_action_manager ${view}` },
    ];
}

function openRow(text, check) {
    return [
        { content: `Open ${text}`, trigger: `.o_list_view .o_data_cell:contains('${text}')`, run: "click" },
        { content: `${check} is shown`, trigger: `.o_form_view ${check}` },
    ];
}

const COLLECTION = "property_fee_collection_menu_collection";
const REGISTER = "property_fee_collection_menu_register";
const BILLING = "property_fee_collection_menu_billing";

function dunningToContact() {
    return [
        ...openMenu(COLLECTION, "property_dunning_state_menu"),
        ...openRow("张伟", "div[name='overdue_amount']"),
        {
            content: "Open the payer's contact",
            trigger: ".o_form_view .oe_title a.o_form_uri",
            run: "click",
        },
        {
            content: "Property page of the contact",
            trigger: ".o_notebook a.nav-link[name='property_fee_collection']",
            run: "click",
        },
        { content: "Contact with arrears", trigger: ".o_form_view div[name='property_arrears_amount']" },
    ];
}

function logCall() {
    return [
        ...openMenu(COLLECTION, "property_dunning_state_menu"),
        ...openRow("张伟", "button[name='action_log_call']"),
        { trigger: ".o_form_view button[name='action_log_call']", run: "click" },
        { content: "Log form in a dialog", trigger: ".modal .o_form_view div[name='outcome']" },
        { trigger: ".modal .o_form_button_cancel", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ];
}

registry.category("web_tour.tours").add("property_collector_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu(COLLECTION, "property_dunning_state_menu_today"),
        ...logCall(),
        ...dunningToContact(),
        ...openMenu(COLLECTION, "property_dunning_action_menu"),
        ...openRow("张伟", "div[name='amount']"),
        ...openMenu(COLLECTION, "property_collection_activity_menu"),
        ...openRow("张伟", "div[name='outcome']"),
        ...openMenu(REGISTER, "property_unit_menu", ".o_view_controller"),
    ],
});

registry.category("web_tour.tours").add("property_customer_service_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...dunningToContact(),
        ...openMenu(REGISTER, "property_unit_occupancy_menu"),
        ...openRow("张伟", "div[name='partner_id']"),
        ...openMenu(COLLECTION, "property_collection_activity_menu"),
        ...openRow("张伟", "div[name='outcome']"),
    ],
});

registry.category("web_tour.tours").add("property_finance_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu(BILLING, "property_bill_menu"),
        ...openRow("张伟", "div[name='invoice_line_ids']"),
        ...openMenu(BILLING, "property_billing_run_menu", ".o_view_controller"),
        ...openMenu(BILLING, "property_meter_reading_menu"),
        ...dunningToContact(),
        {
            content: "Hardship records page",
            trigger: ".o_notebook a.nav-link[name='property_hardship']",
            run: "click",
        },
        { trigger: ".o_form_view div[name='property_hardship_ids']" },
    ],
});

registry.category("web_tour.tours").add("property_manager_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openMenu(COLLECTION, "property_dunning_action_menu_approve"),
        ...openMenu(COLLECTION, "property_dunning_action_menu"),
        ...openRow("张伟", "div[name='move_ids']"),
        ...dunningToContact(),
        ...openMenu(COLLECTION, "property_payment_promise_menu"),
    ],
});

registry.category("web_tour.tours").add("property_portal_owner_tour", {
    url: "/my/invoices",
    steps: () => [
        {
            content: "Open the owner's bill",
            trigger: "a[href*='/my/invoices/']:contains('INV/')",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The bill is shown", trigger: ".o_portal_sidebar" },
    ],
});
