from . import helpdesk_portal
from . import portal
from . import payment
