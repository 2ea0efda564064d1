import functools
import logging
import subprocess
from collections import OrderedDict

from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml

_logger = logging.getLogger(__name__)


@functools.lru_cache(1)
def wkhtmltopdf_patched():
    """Whether the installed wkhtmltopdf is the build with patched Qt (the one that can turn
    several HTML documents into one PDF). Debian's package is not."""
    info = _wkhtml()
    if info.state != "ok":
        return False
    try:
        out = subprocess.run(
            [info.bin, "--version"], capture_output=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" in out.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Bulk printing on the unpatched-Qt wkhtmltopdf (Debian's): that build refuses more
        than one document per call ("…使用未补丁的 QT 转换多个文档"), so several records are
        rendered one by one and ``_render_qweb_pdf`` merges the PDFs with Odoo's PDF tools
        (``odoo.tools.pdf``). With the patched build Odoo renders them in one call."""
        ids = list(res_ids or [])
        if len(ids) > 1 and len(set(ids)) == len(ids) and not wkhtmltopdf_patched():
            streams = OrderedDict()
            for res_id in ids:
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(
                        report_ref, dict(data or {}), res_ids=[res_id]
                    )
                )
            return streams
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
