import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("property_fee_collection_complaint_tour", {
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
            content: "Open the Complaints menu",
            trigger:
                ".o_menu_sections [data-menu-xmlid='property_fee_collection.helpdesk_ticket_menu_complaints']",
            run: "click",
        },
        {
            content: "All complaints",
            trigger:
                ".dropdown-item[data-menu-xmlid='property_fee_collection.helpdesk_ticket_menu_all']",
            run: "click",
        },
        {
            content: "The complaint register is shown",
            trigger: ".o_list_view .o_list_renderer th[data-name='number']",
        },
        {
            content: "Register a new complaint",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "The complaint form is open",
            trigger: ".o_form_view div[name='partner_id']",
        },
        {
            content: "Title",
            trigger: ".o_form_view div[name='name'] input",
            run: "edit Tour: street lamp out",
        },
        {
            content: "Complainant",
            trigger: ".o_form_view div[name='partner_id'] input",
            run: "edit Tour Owner",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Owner')",
            run: "click",
        },
        {
            content: "The unit of the complainant is filled in",
            trigger: ".o_form_view div[name='unit_id'] input:value('T-2-201')",
        },
        {
            content: "Category",
            trigger: ".o_form_view div[name='category_id'] input",
            run: "edit Tour Lights",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Lights')",
            run: "click",
        },
        {
            content: "The department of the category leads",
            trigger: ".o_form_view div[name='team_id'] input:value('Tour Engineering')",
        },
        {
            content: "What the owner says",
            trigger: ".o_form_view .o_field_html[name='description'] .odoo-editor-editable",
            run: "editor The lamp in front of building 2 has been out for a week.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Acknowledge",
            trigger: ".o_form_view .o_form_saved button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "Responsible person",
            trigger: ".o_form_view:has(button[name='action_dispatch']) div[name='user_id'] input",
            run: "edit Tour Engineer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Engineer')",
            run: "click",
        },
        {
            content: "Dispatch to the department",
            trigger: ".o_form_view button[name='action_dispatch']",
            run: "click",
        },
        {
            content: "Dispatched: the department can start",
            trigger: ".o_form_view button[name='action_start']",
        },
    ],
});
