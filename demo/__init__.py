# Demo-only code (used by demo/*.xml), as in Odoo's account/demo.
from . import helpdesk_ticket_demo
