from . import property_limitation_watch
