from datetime import date
from unittest import mock

from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from .common_dunning import DunningCommon


@tagged("post_install", "-at_install")
class TestSmsStaysLocal(DunningCommon):
    """Finding 8: dunning SMS are queued; nothing contacts Odoo's SMS service (IAP) until the
    company connects its gateway."""

    def _queue_sms(self):
        self.env["ir.config_parameter"].set_param("property_fee_collection.sms_gateway", "queue")
        self._bill(date(2026, 12, 15), 300.0)
        self._dun(date(2026, 11, 30))  # L0: SMS 15 days before the due date
        return self.env["sms.sms"].search([("partner_id", "=", self.owner.id)])

    def test_sms_are_queued_not_sent(self):
        sms = self._queue_sms()
        self.assertTrue(sms)
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        with mock.patch.object(
            SmsApi, "_send_sms_batch", side_effect=AssertionError("IAP contacted")
        ) as send:
            self.env["sms.sms"]._process_queue()
            sms.send()
        send.assert_not_called()
        self.assertEqual(set(sms.exists().mapped("state")), {"outgoing"})

    def test_connected_gateway_sends(self):
        sms = self._queue_sms()
        self.env["ir.config_parameter"].set_param("property_fee_collection.sms_gateway", "odoo")
        result = [{"uuid": s.uuid, "state": "success", "credit": 1} for s in sms]
        with mock.patch.object(SmsApi, "_send_sms_batch", return_value=result) as send:
            sms.send(unlink_sent=False)
        send.assert_called_once()
