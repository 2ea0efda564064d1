from . import property_unit_transfer
from . import property_billing_run_wizard
from . import property_late_fee_waive
from . import property_dunning_run_wizard
from . import account_payment_register
from . import property_dunning_delivery

# === Front desk (收费台) ===
from . import property_cashier_desk
from . import property_cashier_desk_line
from . import property_receipt_void
from . import property_complaint_followup
from . import property_portal_invite
from . import portal_wizard_user
from . import property_payer_tag_assign
from . import property_task_sheet
from . import property_arrears_list
from . import property_fee_disclosure
from . import property_collection_rate_as_of
from . import property_dunning_golive
