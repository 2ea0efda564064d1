# Demo-only code (helpers called from the demo XML files); not used by the product.
from . import property_demo
from . import helpdesk_ticket_demo
from . import property_portal_demo
from . import property_collection_demo
from . import property_report_demo
from . import property_dunning_demo
