from . import property_unit_transfer
