import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_fee_collection_dashboard_tour", {
    url: "/odoo/action-property_fee_collection.property_collection_dashboard_action",
    steps: () => [
        {
            content: "The collection dashboard is rendered",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
        },
        {
            content: "with its arrears trend chart",
            trigger: ".o_spreadsheet_dashboard_action .o-figure",
        },
        {
            content: "and without loading error",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
        },
    ],
});
