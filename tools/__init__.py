# Pure-Python rules (no ORM, no database): calendar and arithmetic used by the models.
from . import billing
from . import late_fee
from . import occupancy
from . import rmb
from . import installment
from . import rating
from . import call_window
from . import ladder
