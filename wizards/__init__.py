from . import property_unit_transfer
from . import property_billing_run_wizard
