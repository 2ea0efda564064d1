from . import property_unit_transfer
from . import property_billing_run_wizard
from . import property_late_fee_waive
from . import property_dunning_run_wizard
from . import account_payment_register
from . import property_dunning_golive
