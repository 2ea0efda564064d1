import { registry } from "@web/core/registry";

// Owner portal on a phone (390 × 844): from the portal home to a bill, then paying it
// with Odoo's demo payment provider. Filing a complaint is added once the complaint
// (helpdesk) work is merged.
registry.category("web_tour.tours").add("property_portal_pay_bill_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the property bills from the portal home",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/property/bills']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the open bill",
            trigger: ".o_property_bill_row:has(.text-bg-danger)",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The bill shows the amount to pay", trigger: ".o_property_bill_residual" },
        { content: "The payment notice is one tap away", trigger: "a.o_property_notice" },
        {
            content: "Pay the bill",
            trigger: "a.o_property_pay_bill",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Enter the (test) card details",
            trigger: "input[name='customer_input']",
            run: "edit 4242 4242 4242 4242",
        },
        {
            content: "Confirm the payment",
            trigger: "button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the bill: paid",
            trigger: ".o_property_bill_paid",
            timeout: 20000,
        },
        {
            content: "Back to the portal home",
            trigger: "a[href='/my/home'], .breadcrumb a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "File a complaint",
            trigger: "#property_portal_complaints_slot a[href='/new/ticket']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Subject",
            trigger: "input[name='subject']",
            run: "edit 楼道灯不亮",
        },
        {
            content: "Description",
            trigger: "textarea[name='description']",
            run: "edit 3号楼2单元楼道灯坏了一周",
        },
        {
            content: "Send the complaint",
            trigger: "button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is registered with its number",
            trigger: "span:contains('TS')",
        },
    ],
});
