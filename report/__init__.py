from . import property_limitation_watch
from . import property_portal_receipt
