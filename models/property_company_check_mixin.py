from odoo import models


class PropertyCompanyCheckMixin(models.AbstractModel):
    """Odoo's company check (``_check_company_auto``) made set-based for batches.

    Core checks every record on its own (one ``filtered_domain`` per record and field); the
    dunning run creates its states and actions by the thousand. The same check is done here
    once per company and field over all the records' values: a company domain is a test of
    each value on its own, so the values of a whole group pass exactly when each record's
    values do. When a group does not pass, Odoo's own check runs and names the records.
    """

    _name = "property.company.check.mixin"
    _description = "Company Check of Record Batches"

    def _check_company(self, fnames=None):
        if len(self) < 2 or "company_id" not in self._fields:
            return super()._check_company(fnames)
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        checked = [
            self._fields[name]
            for name in fnames
            if self._fields[name].relational and self._fields[name].check_company
        ]
        if any(field.company_dependent for field in checked):
            return super()._check_company(fnames)
        companies = self.company_id
        groups = self.grouped("company_id") if len(companies) > 1 else {companies: self}
        for company, records in groups.items():
            for field in checked:
                corecords = records.sudo()[field.name]
                if not corecords:
                    continue
                domain = corecords._check_company_domain(company)
                if domain and corecords != corecords.with_context(
                    active_test=False
                ).filtered_domain(domain):
                    return super()._check_company(fnames)
        return None
