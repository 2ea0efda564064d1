import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The cashier's path at the front desk (收费台): find the unit by the owner's phone, tick the
// parking fee, take cash and confirm: the receipt is made and printed.
registry.category("web_tour.tours").add("property_fee_collection_frontdesk_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Property Fees app",
            trigger:
                ".o_app[data-menu-xmlid='property_fee_collection.property_fee_collection_menu_root']",
            run: "click",
        },
        {
            content: "Open the Front Desk menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='property_fee_collection.property_fee_collection_menu_frontdesk']",
            run: "click",
        },
        {
            content: "Collect by unit",
            trigger: ".dropdown-item[data-menu-xmlid='property_fee_collection.property_cashier_desk_menu']",
            run: "click",
        },
        {
            content: "Find the unit by the owner's phone",
            trigger: ".o_form_view div[name='unit_id'] input",
            run: "edit 13900001111",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('TD-1-101')",
            run: "click",
        },
        {
            content: "The payer's open items are listed",
            trigger: ".o_form_view div[name='line_ids'] .o_data_row:nth-child(2)",
        },
        {
            content: "Choose the parking fee",
            trigger: ".o_form_view div[name='fee_type_id'] input",
            run: "edit Tour Parking",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Parking')",
            run: "click",
        },
        {
            content: "Tick the parking fee",
            trigger: ".o_form_view button[name='action_select_fee']",
            run: "click",
        },
        {
            content: "Only the parking fee is ticked",
            trigger: ".o_form_view div[name='amount_total']:contains('150.00')",
        },
        {
            content: "Pay by WeChat",
            trigger: ".o_form_view div[name='channel'] input[data-value='wechat']",
            run: "click",
        },
        {
            content: "Collect and print the receipt",
            trigger: ".o_form_view button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The receipt was made and the paid item left the desk",
            trigger: ".o_form_view div[name='last_receipt_id']:contains('SJ')",
        },
        {
            trigger: ".o_form_view div[name='amount_open']:contains('300.00')",
        },
    ],
});
