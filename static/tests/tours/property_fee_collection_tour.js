import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("property_fee_collection_transfer_tour", {
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
            content: "Open the tour project",
            trigger: ".o_list_view .o_data_cell:contains('Tour Estate')",
            run: "click",
        },
        {
            content: "Show its units",
            trigger: ".o_form_view button[name='action_view_units']",
            run: "click",
        },
        {
            content: "Open unit T-1-101",
            trigger: ".o_list_view .o_data_cell:contains('T-1-101')",
            run: "click",
        },
        {
            content: "Start an ownership transfer",
            trigger: ".o_form_view button[name='action_transfer_ownership']",
            run: "click",
        },
        {
            content: "Pick the new owner",
            trigger: ".modal div[name='new_owner_id'] input",
            run: "edit Tour New Owner",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour New Owner')",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The unit now shows the new owner",
            trigger: ".o_form_view div[name='owner_id']:contains('Tour New Owner')",
        },
    ],
});
