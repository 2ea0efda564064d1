from collections import defaultdict
from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import billing

AREA_METHODS = ("per_area", "fixed")


class PropertyBillingRun(models.Model):
    """Charge computation of billing runs: which unit pays what, to whom, for which days."""

    _inherit = "property.billing.run"

    def _get_scope_units(self):
        projects = self.project_ids or self.env["property.project"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "active")]
        )
        return self.env["property.unit"].search([("project_id", "in", projects.ids)], order="id")

    def _fee_window(self, fee_type):
        """Billed period of an area/fixed fee type in this run, or None if not due now."""
        if self.mode == "annual":
            return self.period_start, billing.add_months(self.period_start, 12) - billing.ONE_DAY
        if not billing.is_cycle_start(fee_type.billing_cycle, self.period_start):
            return None
        months = billing.CYCLE_MONTHS[fee_type.billing_cycle]
        return self.period_start, billing.add_months(self.period_start, months) - billing.ONE_DAY

    def _compute_charges(self, units=None):
        """Everything to bill, grouped by (project, payer), and the problems found.

        A handful of queries for the whole scope (or for ``units``); the rest is computed in
        memory.
        """
        units = self._get_scope_units() if units is None else units
        billed = self._get_billed_periods(units)
        self = self.with_context(property_stays=units._get_stays_map())
        groups, errors = defaultdict(list), []
        self._area_charges(units, billed, groups, errors)
        self._metered_charges(units, billed, groups, errors)
        self._apportioned_charges(units, billed, groups, errors)
        return groups, errors

    def _get_billed_periods(self, units):
        """``{(unit_id, fee_type_id): [(from, to), ...]}`` of periods already billed."""
        if not units:
            return {}
        self.env["account.move.line"].flush_model(
            ["property_billed", "property_unit_id", "property_period_end"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT property_unit_id, property_fee_type_id,
                          property_period_start, property_period_end
                     FROM account_move_line
                    WHERE property_billed IS TRUE
                      AND property_unit_id = ANY(%s)
                      AND property_period_end >= %s""",
                units.ids,
                billing.add_months(self.period_start, -24),
            )
        )
        billed = defaultdict(list)
        for unit_id, fee_id, date_from, date_to in rows:
            billed[unit_id, fee_id].append((date_from, date_to))
        return billed

    @staticmethod
    def _is_billed(billed, unit, fee_type, date_from, date_to):
        return any(
            billing.intersect(date_from, date_to, b_from, b_to)
            for b_from, b_to in billed.get((unit.id, fee_type.id), ())
        )

    def _area_charges(self, units, billed, groups, errors):
        fee_types = self.env["property.fee.type"].search(
            [("company_id", "=", self.company_id.id), ("pricing_method", "in", AREA_METHODS)]
        )
        windows = defaultdict(lambda: self.env["property.fee.type"])
        for fee_type in fee_types:
            window = self._fee_window(fee_type)
            if window:
                windows[window] |= fee_type
        for (w_from, w_to), window_fees in windows.items():
            prices = self.env["property.fee.assignment"]._get_price_segments(
                units, w_from, w_to, window_fees
            )
            payers = {}
            unit_by_id = {unit.id: unit for unit in units}
            fee_by_id = {fee.id: fee for fee in window_fees}
            for (unit_id, fee_id), segments in prices.items():
                unit, fee_type = unit_by_id[unit_id], fee_by_id[fee_id]
                if self._is_billed(billed, unit, fee_type, w_from, w_to):
                    continue
                if unit.id not in payers:
                    payers[unit.id] = [tuple(s) for s in self._payer_segments(unit, w_from, w_to)]
                self._add_area_charges(
                    unit, fee_type, (w_from, w_to), segments, payers[unit.id], groups, errors
                )

    def _add_area_charges(self, unit, fee_type, window, segments, payer_segments, groups, errors):
        problem = self._check_fee(unit, fee_type, segments)
        pieces = billing.split_pieces(payer_segments, segments)
        if not problem and not pieces:
            problem = self.env._("No owner or payer for the billed period.")
        if problem:
            errors.append(self._problem(unit, fee_type, problem))
            return
        months = (
            billing.CYCLE_MONTHS["year"]
            if self.mode == "annual"
            else billing.CYCLE_MONTHS[fee_type.billing_cycle]
        )
        vacancy = (
            fee_type.vacancy_discount_percent
            if fee_type.vacancy_discount_enabled and unit.state == "vacant"
            else 0.0
        )
        for piece in pieces:
            full = billing.cycle_amount(
                fee_type.pricing_method, piece.price, months, unit.area, vacancy
            )
            amount = billing.prorate(full, piece.date_from, piece.date_to, *window)
            groups[unit.project_id, piece.partner].append(
                self._charge(unit, fee_type, piece.date_from, piece.date_to, amount, window)
            )

    def _check_fee(self, unit, fee_type, segments=()):
        if not fee_type.product_id or not fee_type.product_id.active:
            return self.env._("Fee type %(fee)s has no active product.", fee=fee_type.name)
        if any(not price for _from, _to, price in segments):
            return self.env._(
                "No rate for %(fee)s: set a rate on the fee type or its assignment.",
                fee=fee_type.name,
            )
        return None

    def _problem(self, unit, fee_type, reason):
        return {
            "run_id": self.id,
            "project_id": unit.project_id.id,
            "unit_id": unit.id,
            "fee_type_id": fee_type.id,
            "partner_id": unit.payer_id.id,
            "reason": reason,
        }

    def _charge(self, unit, fee_type, date_from, date_to, amount, window, quantity=1.0):
        return {
            "unit": unit,
            "fee_type": fee_type,
            "product": fee_type.product_id,
            "date_from": date_from,
            "date_to": date_to,
            "price_unit": amount,
            "quantity": quantity,
            "due": window[0] + timedelta(days=fee_type.due_days),
            "annual": billing.days_between(*window) >= 365,
        }

    def _metered_charges(self, units, billed, groups, errors):
        readings = self.env["property.meter.reading"].search(
            [
                ("unit_id", "in", units.ids),
                ("date", "<=", self.period_end),
                ("consumption", ">", 0),
            ]
        )
        if not readings:
            return
        fee_types = self.env["property.fee.type"].search(
            [("company_id", "=", self.company_id.id), ("pricing_method", "=", "metered")]
        )
        by_meter = {fee.meter_type: fee for fee in fee_types}
        first = min(readings.mapped("date"))
        prices = self.env["property.fee.assignment"]._get_price_segments(
            readings.unit_id, first, self.period_end, fee_types
        )
        for reading in readings:
            fee_type = by_meter.get(reading.meter_type)
            unit = reading.unit_id
            if not fee_type or self._is_billed(billed, unit, fee_type, reading.date, reading.date):
                continue
            segments = prices.get((unit.id, fee_type.id), [])
            price = next((p for f, t, p in segments if f <= reading.date <= t), 0.0)
            problem = self._check_fee(unit, fee_type, [(reading.date, reading.date, price)])
            payer = self._payer_at(unit, reading.date)
            if not problem and not payer:
                problem = self.env._("No owner or payer on the reading date.")
            if problem:
                errors.append(self._problem(unit, fee_type, problem))
                continue
            charge = self._charge(
                unit,
                fee_type,
                reading.date,
                reading.date,
                price,
                (reading.date, reading.date),
                quantity=reading.consumption,
            )
            charge["reading"] = reading
            groups[unit.project_id, payer].append(charge)

    def _apportioned_charges(self, units, billed, groups, errors):
        bills = self.env["property.apportion.bill"].search(
            [("project_id", "in", units.project_id.ids), ("date_to", "<=", self.period_end)]
        )
        for shared in bills:
            fee_type = shared.fee_type_id
            for unit, amount in shared._get_shares().items():
                if self._is_billed(billed, unit, fee_type, shared.date_from, shared.date_to):
                    continue
                payer = self._payer_at(unit, shared.date_to)
                problem = self._check_fee(unit, fee_type)
                if not problem and not payer:
                    problem = self.env._("No owner or payer at the end of the shared period.")
                if problem:
                    errors.append(self._problem(unit, fee_type, problem))
                    continue
                window = (shared.date_to, shared.date_to)
                groups[unit.project_id, payer].append(
                    self._charge(unit, fee_type, shared.date_from, shared.date_to, amount, window)
                )

    def _payer_segments(self, unit, date_from, date_to):
        stays = self.env.context.get("property_stays")
        return unit._get_payer_segments(
            date_from, date_to, stays.get(unit.id, []) if stays is not None else None
        )

    def _payer_at(self, unit, day):
        """The unit's payer on ``day`` (a partner record, or None)."""
        segments = self._payer_segments(unit, day, day)
        return segments[0].partner if segments and segments[0].partner else None

    def _prepare_bill(self, project, partner, charges, cache):
        """Bill values for one payer: lines named in the payer's language, early-bird lines."""
        if not partner:
            raise UserError(self.env._("No payer."))
        lang = partner.lang or self.env.lang
        for charge in charges:
            charge["name"] = self._line_label(charge, lang, cache)
        charges = charges + self._early_bird_charges(project, charges, lang)
        due = max(self.invoice_date, min(charge["due"] for charge in charges))
        return self.env["account.move"]._property_prepare_bill_vals(
            partner, project, charges, (self.invoice_date, due), cache
        )

    def _line_label(self, charge, lang, cache):
        key = ("label", charge["fee_type"].id, lang)
        if key not in cache:
            cache[key] = charge["fee_type"].with_context(lang=lang).name
        period = f"{charge['date_from']}~{charge['date_to']}"
        if charge.get("reading"):
            reading = charge["reading"]
            return (
                f"{cache[key]} {charge['unit'].name} {reading.previous_reading:g}→"
                f"{reading.current_reading:g} ({reading.consumption:g}) {reading.date}"
            )
        return f"{cache[key]} {charge['unit'].name} {period}"

    def _early_bird_charges(self, project, charges, lang):
        annual = [c for c in charges if c.get("annual")]
        if not annual:
            return []
        campaigns = self.env["property.early.bird.campaign"]._get_active(
            self.company_id, project, self.invoice_date
        )
        discounts = []
        for campaign in campaigns:
            eligible = [c for c in annual if campaign._applies_to_fee(c["fee_type"])]
            if not eligible:
                continue
            for fee_type in {c["fee_type"] for c in eligible}:
                base = sum(
                    billing.to_decimal(c["price_unit"]) * billing.to_decimal(c["quantity"])
                    for c in eligible
                    if c["fee_type"] == fee_type
                )
                discounts.append(campaign._discount_charge(fee_type, base, lang))
            annual = [c for c in annual if c not in eligible]
        return discounts
