from . import property_project
from . import property_building
from . import property_unit
from . import property_unit_occupancy
from . import property_fee_type
from . import res_partner
from . import account_move
from . import account_move_line
