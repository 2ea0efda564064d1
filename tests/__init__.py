from . import test_occupancy_tools
from . import test_property_register
from . import test_property_security
from . import test_property_import
from . import test_property_tour
from . import test_billing_tools
from . import test_billing_run
from . import test_billing_inputs
