"""Owner portal (业主门户): units, bills, arrears, payments and receipts, promises to pay.

Every page reads as the logged-in portal user (no sudo): the record rules of units, occupancy
periods, bills and ledger items decide what exists for them, and every search also names the
user's own commercial partner, so an internal user who happens to open /my sees only what is
billed to their own contact. An id that is not the user's gets 403, the same whether it exists
or not; an anonymous visitor is sent to the login page. Superuser rights are used only to
render PDFs (as Odoo's own portal does) and to read the payment behind a ledger allocation the
user may read.
"""

from collections import defaultdict

from werkzeug.exceptions import Forbidden

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

NOTICE_REPORT = "property_fee_collection.account_move_report_payment_notice"
RECEIPT_REPORT = "property_fee_collection.account_payment_report_portal_receipt"
OPEN_BILLS = [("payment_state", "in", ("not_paid", "partial"))]


class PropertyPortal(CustomerPortal):
    # === Home ===
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "property_unit_count" in counters:
            values["property_unit_count"] = len(self._property_occupancies().unit_id)
        if "property_bill_count" in counters:
            values["property_bill_count"] = request.env["account.move"].search_count(
                self._property_bill_domain()
            )
        if "property_open_bill_count" in counters:
            values["property_open_bill_count"] = len(self._property_open_items().move_id)
        if "property_payment_count" in counters:
            values["property_payment_count"] = len(self._property_payments())
        return values

    # === What the user may see (read as the user) ===
    def _property_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _property_occupancies(self):
        """The user's own occupancy periods (owner, tenant, occupant)."""
        return request.env["property.unit.occupancy"].search(
            [("partner_id", "child_of", self._property_partner().id)],
            order="date_from desc, id desc",
        )

    def _property_bill_domain(self):
        return [
            ("move_type", "=", "out_invoice"),
            ("property_project_id", "!=", False),
            ("state", "=", "posted"),
            ("commercial_partner_id", "=", self._property_partner().id),
        ]

    def _property_open_items(self, extra_domain=()):
        """Open ledger items billed to the user (late fees included), oldest first."""
        return request.env["property.receivable"].search(
            [
                ("partner_id", "=", self._property_partner().id),
                ("state", "=", "open"),
                ("residual", ">", 0),
                *extra_domain,
            ],
            order="due_date, period_start, is_late_fee, id",
        )

    def _property_payments(self):
        """``[(payment (sudo), allocations)]``: the payments that reached the user's ledger
        items, newest first; the allocations are read as the user."""
        allocations = request.env["property.receivable.allocation"].search(
            [("partner_id", "=", self._property_partner().id), ("kind", "=", "payment")],
            order="date desc, id desc",
        )
        by_payment = defaultdict(lambda: request.env["property.receivable.allocation"])
        for allocation in allocations:
            payment = allocation.sudo().partial_id.credit_move_id.move_id.origin_payment_id
            if payment and payment.partner_id.commercial_partner_id == self._property_partner():
                by_payment[payment] |= allocation
        return sorted(by_payment.items(), key=lambda pair: (pair[0].date, pair[0].id), reverse=True)

    def _property_unit(self, unit_id):
        """The unit, read as the user, if they are or were its owner, tenant or occupant."""
        occupancies = self._property_occupancies().filtered(lambda o: o.unit_id.id == unit_id)
        if not occupancies:
            raise Forbidden()
        return occupancies.unit_id, occupancies

    def _property_bill(self, bill_id):
        """The property bill, read as the user, if it is billed to them."""
        try:
            self._document_check_access("account.move", bill_id)
        except (AccessError, MissingError) as error:
            raise Forbidden() from error
        bill = request.env["account.move"].search(
            [("id", "=", bill_id), *self._property_bill_domain()]
        )
        if not bill:
            raise Forbidden()
        return bill

    def _property_unit_bills(self, unit):
        """The user's bills with an open item of ``unit`` (what "pay the unit" pays)."""
        return self._property_open_items([("unit_id", "=", unit.id)]).move_id.sorted(
            lambda b: (b.invoice_date_due or b.invoice_date, b.id)
        )

    @staticmethod
    def _property_online_payment_enabled():
        param = request.env["ir.config_parameter"].sudo()
        return param.get_param("account_payment.enable_portal_payment", "True") not in (
            "False",
            "0",
            "",
        )

    def _property_values(self, page_name, **values):
        return {
            **self._prepare_portal_layout_values(),
            "page_name": page_name,
            "partner": self._property_partner(),
            "currency": request.env.company.currency_id,
            "today": fields.Date.context_today(request.env.user),
            "online_payment": self._property_online_payment_enabled(),
            **values,
        }

    # === Units ===
    @http.route("/my/property/units", type="http", auth="user", website=True)
    def portal_property_units(self, **kw):
        occupancies = self._property_occupancies()
        open_items = self._property_open_items()
        units = occupancies.unit_id.sorted(lambda u: (u.project_id.name or "", u.name))
        values = self._property_values(
            "property_units",
            units=units,
            periods={
                unit: occupancies.filtered(lambda o, u=unit: o.unit_id == u) for unit in units
            },
            open_by_unit={
                unit: sum(open_items.filtered(lambda i, u=unit: i.unit_id == u).mapped("residual"))
                for unit in units
            },
        )
        return request.render("property_fee_collection.portal_property_units", values)

    @http.route("/my/property/units/<int:unit_id>", type="http", auth="user", website=True)
    def portal_property_unit(self, unit_id, **kw):
        unit, periods = self._property_unit(unit_id)
        items = self._property_open_items([("unit_id", "=", unit.id)])
        bills = request.env["account.move"].search(
            [*self._property_bill_domain(), ("property_unit_ids", "in", unit.ids)],
            order="invoice_date desc, id desc",
            limit=24,
        )
        pay_bills = items.move_id
        values = self._property_values(
            "property_unit",
            unit=unit,
            periods=periods,
            items=items,
            bills=bills,
            pay_bills=pay_bills,
            pay_amount=sum(pay_bills.mapped("amount_residual")),
            other_units=pay_bills.property_unit_ids - unit,
            is_billed=bool(
                request.env["account.move"].search_count(
                    [*self._property_bill_domain(), ("property_unit_ids", "in", unit.ids)],
                    limit=1,
                )
            ),
        )
        return request.render("property_fee_collection.portal_property_unit", values)

    # === Bills ===
    @http.route(
        ["/my/property/bills", "/my/property/bills/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_property_bills(self, page=1, filterby="all", **kw):
        Bill = request.env["account.move"]
        filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("To Pay"), "domain": OPEN_BILLS},
        }
        filterby = filterby if filterby in filters else "all"
        domain = self._property_bill_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/property/bills",
            url_args={"filterby": filterby},
            total=Bill.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        bills = Bill.search(
            domain,
            order="invoice_date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._property_values(
            "property_bills",
            bills=bills,
            pager=pager,
            searchbar_filters=filters,
            filterby=filterby,
            default_url="/my/property/bills",
        )
        return request.render("property_fee_collection.portal_property_bills", values)

    @http.route("/my/property/bills/<int:bill_id>", type="http", auth="user", website=True)
    def portal_property_bill(self, bill_id, **kw):
        bill = self._property_bill(bill_id)
        items = request.env["property.receivable"].search(
            [("move_id", "=", bill.id), ("partner_id", "=", self._property_partner().id)],
            order="is_late_fee, unit_id, period_start, id",
        )
        values = self._property_values(
            "property_bill",
            bill=bill,
            items=items,
            pending_txs=bill.sudo().transaction_ids.filtered(
                lambda tx: tx.state in ("pending", "authorized")
                and tx.provider_code not in ("none", "custom")
            ),
        )
        return request.render("property_fee_collection.portal_property_bill", values)

    @http.route("/my/property/bills/<int:bill_id>/notice", type="http", auth="user", website=True)
    def portal_property_bill_notice(self, bill_id, download=False, **kw):
        """The payment notice PDF (缴费通知单) of the bill."""
        bill = self._property_bill(bill_id)
        return self._show_report(
            model=bill.sudo(), report_type="pdf", report_ref=NOTICE_REPORT, download=download
        )

    # === Arrears ===
    @http.route("/my/property/arrears", type="http", auth="user", website=True)
    def portal_property_arrears(self, **kw):
        items = self._property_open_items()
        units = items.unit_id.sorted(lambda u: (u.project_id.name or "", u.name))
        by_unit = [(unit, items.filtered(lambda i, u=unit: i.unit_id == u)) for unit in units]
        without_unit = items.filtered(lambda i: not i.unit_id)
        if without_unit:
            by_unit.append((request.env["property.unit"], without_unit))
        values = self._property_values(
            "property_arrears",
            by_unit=by_unit,
            total=sum(items.mapped("residual")),
            overdue=sum(
                items.filtered(
                    lambda i: i.due_date and i.due_date < fields.Date.context_today(i)
                ).mapped("residual")
            ),
            late_fees=sum(items.filtered("is_late_fee").mapped("residual")),
        )
        return request.render("property_fee_collection.portal_property_arrears", values)

    # === Payments and receipts ===
    @http.route("/my/property/payments", type="http", auth="user", website=True)
    def portal_property_payments(self, **kw):
        values = self._property_values("property_payments", payments=self._property_payments())
        return request.render("property_fee_collection.portal_property_payments", values)

    @http.route(
        "/my/property/payments/<int:payment_id>/receipt", type="http", auth="user", website=True
    )
    def portal_property_receipt(self, payment_id, download=False, **kw):
        """收据: the receipt PDF of one of the user's payments."""
        payment = next((p for p, _a in self._property_payments() if p.id == payment_id), None)
        if not payment:
            raise Forbidden()
        report = request.env["ir.actions.report"].sudo().with_company(payment.company_id)
        pdf = report._render_qweb_pdf(RECEIPT_REPORT, payment.ids)[0]
        filename = request.env._(
            "Receipt %(name)s.pdf", name=(payment.name or "").replace("/", "-")
        )
        disposition = "attachment" if download else "inline"
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename, disposition_type=disposition)),
        ]
        return request.make_response(pdf, headers=headers)

    # === Promise to pay ===
    def _property_promise_projects(self):
        """``[(project, open amount)]`` of the projects where the user owes something."""
        items = self._property_open_items()
        return [
            (
                project,
                sum(items.filtered(lambda i, p=project: i.project_id == p).mapped("residual")),
            )
            for project in items.project_id.sorted("name")
        ]

    @http.route(
        "/my/property/promise",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_property_promise(self, project_id=None, promise_date=None, amount=None, **kw):
        projects = self._property_promise_projects()
        Promise = request.env["property.payment.promise"]
        values = self._property_values(
            "property_promise",
            projects=projects,
            max_date=fields.Date.add(
                fields.Date.context_today(request.env.user), days=Promise._portal_max_days()
            ),
            form={"project_id": project_id, "promise_date": promise_date, "amount": amount},
            error=None,
            promise=None,
        )
        if request.httprequest.method == "POST":
            project = next((p for p, _o in projects if str(p.id) == str(project_id)), None)
            try:
                if not project:
                    raise ValidationError(
                        request.env._("Choose the estate whose fees you promise to pay.")
                    )
                values["promise"] = Promise._portal_promise(
                    project, self._parse_date(promise_date), self._parse_amount(amount)
                )
            except ValidationError as error:
                values["error"] = error.args[0]
        values["pending"] = Promise._portal_pending()
        return request.render("property_fee_collection.portal_property_promise", values)

    @staticmethod
    def _parse_date(value):
        try:
            return fields.Date.to_date(value) if value else None
        except ValueError:
            return None

    @staticmethod
    def _parse_amount(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
