import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A collector's day (issue 12): the today list → log a call with outcome A → the promise →
// the next day, the reminder call brings the payer back to the today list.
const M = "property_fee_collection.";
const DAY = 24 * 60 * 60 * 1000;

function openCallsToday() {
    return [
        {
            content: "Open the Collection menu",
            trigger: `.o_menu_sections button[data-menu-xmlid='${M}property_fee_collection_menu_collection']`,
            run: "click",
        },
        {
            content: "My Calls Today",
            trigger: `.dropdown-item[data-menu-xmlid='${M}property_dunning_state_menu_today']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("property_collector_day_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Property Fees app",
            trigger: `.o_app[data-menu-xmlid='${M}property_fee_collection_menu_root']`,
            run: "click",
        },
        ...openCallsToday(),
        {
            content: "The overdue payer is due for a call today",
            trigger: ".o_list_view .o_data_cell:contains('Tour Day Payer')",
            run: "click",
        },
        {
            content: "Log the call",
            trigger: ".o_form_view button[name='action_log_call']",
            run: "click",
        },
        {
            content: "Choose the outcome",
            trigger: ".modal div[name='outcome'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Outcome A: will pay on a date",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Will pay on a date')",
            run: "click",
        },
        {
            content: "Promised for the day after tomorrow",
            trigger: ".modal div[name='promise_date'] input",
            run(helpers) {
                const { DateTime } = luxon;
                return helpers.edit(formatDate(DateTime.now().plus({ days: 2 })));
            },
        },
        {
            content: "Promised amount",
            trigger: ".modal div[name='promise_amount'] input",
            run: "edit 300",
        },
        {
            content: "Save the call",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        { trigger: "body:not(:has(.modal))" },
        {
            content: "The promise is recorded on the payer",
            trigger: ".o_form_view .o_notebook a.nav-link:contains('Promises')",
            run: "click",
        },
        {
            content: "… and pending",
            trigger: ".o_form_view div[name='promise_ids'] .o_data_row:contains('Pending')",
        },
        {
            content: "The reminder call is planned",
            trigger: ".o-mail-Activity:contains('Reminder')",
        },
        {
            content: "The next day",
            trigger: ".o_form_view",
            run() {
                // the browser lives one day later: "today" in the list's filters is tomorrow
                const RealDate = window.Date;
                class NextDay extends RealDate {
                    constructor(...args) {
                        super(...(args.length ? args : [RealDate.now() + DAY]));
                    }
                    static now() {
                        return RealDate.now() + DAY;
                    }
                }
                window.Date = NextDay;
            },
        },
        ...openCallsToday(),
        {
            content: "The reminder brings the payer back to the list the day before the promise",
            trigger: ".o_list_view .o_data_cell:contains('Tour Day Payer')",
            run: "click",
        },
        {
            content: "… with the reminder call",
            trigger: ".o-mail-Activity:contains('Reminder')",
        },
    ],
});
