from datetime import timedelta

from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import billing

# Billing months accepted (an annual run bills twelve months from its billing month).
FIRST_YEAR, LAST_YEAR = 2000, 2099
# The bill date may lie this many days before the billed period or after its end.
INVOICE_DATE_MARGIN = 31


class PropertyBillingRun(models.Model):
    """Input checks of billing runs and unusual meter readings (see property.meter.reading).

    Kept apart from the billing engine on purpose: they do not change how bills are built.
    """

    _inherit = "property.billing.run"

    @api.model
    def _check_period_values(self, period_start, invoice_date, mode):
        """Raise a ValidationError for a billing month or bill date out of range."""
        if not period_start:
            return
        if not FIRST_YEAR <= period_start.year <= LAST_YEAR:
            raise ValidationError(
                self.env._(
                    "The billing month %(month)s is out of range: bill months from "
                    "%(first)s to %(last)s.",
                    month=period_start.strftime("%Y-%m"),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
        if not invoice_date:
            return
        start = billing.month_bounds(period_start)[0]
        months = 12 if mode == "annual" else 1
        end = billing.add_months(start, months) - timedelta(days=1)
        earliest = start - timedelta(days=INVOICE_DATE_MARGIN)
        latest = end + timedelta(days=INVOICE_DATE_MARGIN)
        if not earliest <= invoice_date <= latest:
            raise ValidationError(
                self.env._(
                    "The bill date %(date)s is too far from the billed period %(start)s – "
                    "%(end)s: choose a date between %(earliest)s and %(latest)s.",
                    date=invoice_date,
                    start=start,
                    end=end,
                    earliest=earliest,
                    latest=latest,
                )
            )

    @api.constrains("period_start", "invoice_date", "mode")
    def _check_period(self):
        for run in self:
            run._check_period_values(run.period_start, run.invoice_date, run.mode)

    # === Unusual meter readings wait for confirmation ===
    def _metered_charges(self, units, billed, groups, errors):
        """Unconfirmed unusual readings are listed as problems and not billed."""
        Reading = self.env["property.meter.reading"]
        pending = Reading.search(
            Reading._to_confirm_domain() & Reading._billable_scope_domain(units, self.period_end)
        )
        if pending:
            fee_types = self.env["property.fee.type"].search(
                [("company_id", "=", self.company_id.id), ("pricing_method", "=", "metered")]
            )
            by_meter = {fee.meter_type: fee for fee in fee_types}
            for reading in pending:
                errors.append(
                    self._problem(
                        reading.unit_id,
                        by_meter.get(reading.meter_type, self.env["property.fee.type"]),
                        self.env._(
                            "Reading of %(date)s: consumption %(consumption)s is far outside "
                            "this unit's history; confirm or correct it before billing.",
                            date=reading.date,
                            consumption=reading.consumption,
                        ),
                    )
                )
        return super(
            PropertyBillingRun, self.with_context(property_billable_readings=True)
        )._metered_charges(units, billed, groups, errors)
