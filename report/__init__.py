from . import property_limitation_watch
from . import property_report_rate_mixin
from . import property_receivable_summary
from . import property_receivable_summary_queue
from . import property_collection_rate_report
from . import property_collection_target_report
from . import property_arrears_aging_report
from . import property_collector_kpi_report
