# Demo-only code (helpers called from the demo XML files); not used by the product.
from . import property_demo
from . import property_dunning_demo
