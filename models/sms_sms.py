import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

SMS_GATEWAY_PARAM = "property_fee_collection.sms_gateway"


class SmsSms(models.Model):
    """SMS stay queued until the company connects a gateway.

    With the system parameter ``property_fee_collection.sms_gateway`` missing or ``queue``
    (the default, and the demo's), nothing is sent: dunning SMS wait in Odoo's SMS queue
    (Settings → Technical → SMS) and no outside service is contacted. Set it to ``odoo`` to
    send through Odoo's SMS service (IAP credits) or the provider installed on top of it
    (e.g. ``sms_twilio``, chosen per company in the settings).
    """

    _inherit = "sms.sms"

    @api.model
    def _property_sms_sending_enabled(self):
        gateway = self.env["ir.config_parameter"].sudo().get_param(SMS_GATEWAY_PARAM, "queue")
        return gateway != "queue"

    @api.model
    def _process_queue(self):
        if not self._property_sms_sending_enabled():
            return None
        return super()._process_queue()

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        if not self._property_sms_sending_enabled():
            _logger.info("SMS gateway not connected: %s SMS kept in the queue", len(self))
            return None
        return super()._send(
            unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
        )
