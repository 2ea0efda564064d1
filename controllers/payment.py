"""Pay property bills online from the owner portal with Odoo's payment providers.

One click pays one bill, or every open bill of a unit. The amount is always the one the
server computes from the bills at that moment (the browser's is only compared with it); the
transaction carries the bills (``invoice_ids``), so ``account_payment`` posts the payment and
reconciles it with exactly those bills when the transaction is post-processed, and
``payment.transaction._post_process`` (models/payment_transaction.py) brings the payer's
dunning state along at once.
"""

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.http import request

from odoo.addons.payment.controllers.portal import PaymentPortal

from .portal import PropertyPortal

AMOUNT_TOLERANCE = 0.005


class PropertyPaymentPortal(PropertyPortal, PaymentPortal):
    # === What is paid ===
    def _property_bill_payment(self, bill_id):
        bill = self._property_bill(bill_id)
        return bill, f"/my/property/bills/{bill.id}"

    def _property_unit_payment(self, unit_id):
        unit, _periods = self._property_unit(unit_id)
        return self._property_unit_bills(unit), f"/my/property/units/{unit.id}"

    def _property_check_payable(self, bills):
        """The bills can be paid online now (else a translated ValidationError)."""
        if not self._property_online_payment_enabled():
            raise ValidationError(request.env._("Online payment is not enabled."))
        if not bills or bills.currency_id.is_zero(sum(bills.mapped("amount_residual"))):
            raise ValidationError(request.env._("Nothing is left to pay on these bills."))
        if len(bills.company_id) > 1 or len(bills.currency_id) > 1:
            raise ValidationError(
                request.env._("These bills belong to different companies: pay them one by one.")
            )
        pending = bills.sudo().transaction_ids.filtered(
            lambda tx: tx.state in ("pending", "authorized")
            and tx.provider_code not in ("none", "custom")
        )
        if pending:
            raise ValidationError(
                request.env._(
                    "A payment of %(bills)s is being processed: wait for its result before "
                    "paying again.",
                    bills=", ".join(pending.invoice_ids.mapped("name")),
                )
            )

    def _property_payment_form_values(self, bills, transaction_route, landing_route):
        """Values of Odoo's payment form (``payment.form``) for paying ``bills`` in full."""
        partner_sudo = request.env.user.partner_id
        company = bills.company_id
        currency = bills.currency_id
        amount = sum(bills.mapped("amount_residual"))
        report = {}
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id, partner_sudo.id, amount, currency_id=currency.id, report=report
            )
        )
        methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers_sudo.ids, partner_sudo.id, currency_id=currency.id, report=report
            )
        )
        tokens_sudo = (
            request.env["payment.token"]
            .sudo()
            ._get_available_tokens(providers_sudo.ids, partner_sudo.id)
        )
        return {
            "company_mismatch": not self._can_partner_pay_in_company(partner_sudo, company),
            "expected_company": company,
            "show_tokenize_input_mapping": self._compute_show_tokenize_input_mapping(
                providers_sudo
            ),
            "amount": amount,
            "currency": currency,
            "partner_id": partner_sudo.id,
            "providers_sudo": providers_sudo,
            "payment_methods_sudo": methods_sudo,
            "tokens_sudo": tokens_sudo,
            "availability_report": report,
            "transaction_route": transaction_route,
            "landing_route": landing_route,
            "access_token": None,
        }

    def _property_render_pay(self, bills, back_url, transaction_route, subject, **values):
        values = self._property_values(
            "property_pay", bills=bills, back_url=back_url, subject=subject, error=None, **values
        )
        try:
            self._property_check_payable(bills)
        except ValidationError as error:
            values["error"] = error.args[0]
        else:
            values.update(self._property_payment_form_values(bills, transaction_route, back_url))
        return request.render("property_fee_collection.portal_property_pay", values)

    # === Pages ===
    @http.route("/my/property/bills/<int:bill_id>/pay", type="http", auth="user", website=True)
    def portal_property_bill_pay(self, bill_id, **kw):
        bill, back_url = self._property_bill_payment(bill_id)
        return self._property_render_pay(
            bill, back_url, f"/my/property/bills/{bill.id}/transaction", bill.name
        )

    @http.route("/my/property/units/<int:unit_id>/pay", type="http", auth="user", website=True)
    def portal_property_unit_pay(self, unit_id, **kw):
        unit, _periods = self._property_unit(unit_id)
        bills = self._property_unit_bills(unit)
        return self._property_render_pay(
            bills,
            f"/my/property/units/{unit.id}",
            f"/my/property/units/{unit.id}/transaction",
            unit.display_name,
            unit=unit,
            other_units=bills.property_unit_ids - unit,
        )

    # === Transactions (called by the payment form) ===
    @http.route("/my/property/bills/<int:bill_id>/transaction", type="jsonrpc", auth="user")
    def portal_property_bill_transaction(self, bill_id, access_token=None, **kwargs):
        bills, landing = self._property_bill_payment(bill_id)
        return self._property_transaction(bills, landing, **kwargs)

    @http.route("/my/property/units/<int:unit_id>/transaction", type="jsonrpc", auth="user")
    def portal_property_unit_transaction(self, unit_id, access_token=None, **kwargs):
        bills, landing = self._property_unit_payment(unit_id)
        return self._property_transaction(bills, landing, **kwargs)

    def _property_transaction(self, bills, landing, **kwargs):
        """A draft transaction paying ``bills`` in full; its processing values."""
        self._validate_transaction_kwargs(kwargs)
        self._property_check_payable(bills)
        amount = sum(bills.mapped("amount_residual"))
        currency = bills.currency_id
        sent = self._cast_as_float(kwargs.pop("amount", None))
        if sent is None or abs(sent - amount) > AMOUNT_TOLERANCE:
            raise ValidationError(
                request.env._(
                    "The amount to pay has changed (now %(amount)s): reload the page.",
                    amount=currency.format(amount),
                )
            )
        provider = (
            request.env["payment.provider"]
            .sudo()
            .browse(self._cast_as_int(kwargs.get("provider_id")))
        )
        if not provider.exists() or provider.company_id != bills.company_id:
            raise Forbidden()
        for key in ("landing_route", "csrf_token", "is_validation"):
            kwargs.pop(key, None)
        partner = request.env.user.partner_id
        tx_sudo = self._create_transaction(
            amount=amount,
            currency_id=currency.id,
            partner_id=partner.id,
            landing_route=landing,
            custom_create_values={"invoice_ids": [Command.set(bills.ids)]},
            **kwargs,
        )
        return tx_sudo._get_processing_values()
