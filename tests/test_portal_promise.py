import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common_portal import PortalCommon

TODAY = date(2026, 11, 20)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPortalPromise(PortalCommon):
    """A promise to pay from the portal: a date and an amount, recorded with channel
    "portal", pausing escalation like a promise a collector logs."""

    def _promise(self, user, days, amount, project=None):
        return (
            self.env["property.payment.promise"]
            .with_user(user)
            ._portal_promise(project or self.project, TODAY + timedelta(days=days), amount)
        )

    def test_promise_pauses_escalation(self):
        self._dun(TODAY)
        state = self._state()
        level = state.level_id
        self.assertTrue(level)
        promise = self._promise(self.portal_owner, 10, 300.0)
        self.assertEqual(
            (promise.channel, promise.state, promise.partner_id, promise.project_id),
            ("portal", "pending", self.owner, self.project),
        )
        self.assertEqual((promise.promise_date, promise.amount), (date(2026, 11, 30), 300.0))
        self.assertEqual(promise.date, TODAY)
        self.assertEqual(promise.state_id, state)
        self.assertEqual(promise.collector_id, state.collector_id)
        self.assertEqual(state.pause_reason, "promise")
        self.assertIn("owner portal", state.message_ids[0].body)
        # days later the owner would escalate; the promise holds the level
        with freeze_time(TODAY + timedelta(days=8)):
            actions = self._dun(TODAY + timedelta(days=8))
        self.assertNotIn(state, actions.state_id)
        self.assertEqual(state.level_id, level)

    def test_broken_promise_resumes(self):
        self.project.dunning_start_level_id = self.levels[0]  # go-live at the reminder
        self._dun(TODAY)
        promise = self._promise(self.portal_owner, 5, 300.0)
        with freeze_time(TODAY + timedelta(days=6)):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(promise.state, "broken")
        self.assertFalse(self._state().pause_reason)

    def test_kept_promise(self):
        promise = self._promise(self.portal_owner, 5, 300.0)
        self._pay(self.bill_o1, day=TODAY + timedelta(days=2))
        with freeze_time(TODAY + timedelta(days=6)):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual((promise.state, promise.paid_amount), ("kept", 300.0))

    def test_terms_are_checked(self):
        user = self.portal_owner
        cases = [
            (-1, 100.0, "past"),
            (31, 100.0, "no later than"),
            (5, 0.0, "positive"),
            (5, -5.0, "positive"),
            (5, 600.01, "at most"),
        ]
        for days, amount, message in cases:
            with self.subTest(days=days, amount=amount):
                with self.assertRaisesRegex(ValidationError, message):
                    self._promise(user, days, amount)
        # the limit of days is a system parameter
        self.env["ir.config_parameter"].set_param(
            "property_fee_collection.portal_promise_max_days", "45"
        )
        self.assertEqual(self._promise(user, 45, 600.0).promise_date, date(2027, 1, 4))
        # one pending promise per estate at a time
        with self.assertRaisesRegex(ValidationError, "already promised"):
            self._promise(user, 3, 100.0)

    def test_nothing_owed_nothing_to_promise(self):
        with self.assertRaisesRegex(ValidationError, "Nothing is owed"):
            self._promise(self.portal_nonpayer, 5, 100.0)
        self.assertFalse(self.env["property.payment.promise"].search([]))

    def test_promise_only_through_the_portal_method(self):
        vals = {
            "partner_id": self.owner.id,
            "project_id": self.project.id,
            "promise_date": TODAY + timedelta(days=3),
            "amount": 100.0,
        }
        with self.assertRaises(AccessError):
            self.env["property.payment.promise"].with_user(self.portal_owner).create(vals)
        # a collector cannot pass a promise off as the owner's own
        with self.assertRaises(AccessError):
            self.env["property.payment.promise"].with_user(self.collector).create(
                {**vals, "channel": "portal"}
            )
        promise = self.env["property.payment.promise"].with_user(self.collector).create(vals)
        self.assertEqual(promise.channel, "collector")
        with self.assertRaises(AccessError):
            promise.with_user(self.collector).write({"channel": "portal"})


@tagged("post_install", "-at_install")
class TestPortalPromisePage(HttpCase, PortalCommon):
    def _post(self, **data):
        page = self.url_open("/my/property/promise").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open("/my/property/promise", data={"csrf_token": token, **data}).text

    def test_promise_form(self):
        self.authenticate("portal_owner", "portal_owner")
        today = fields.Date.today()
        page = self._post(
            project_id=self.project.id, promise_date=str(today - timedelta(days=1)), amount="50"
        )
        self.assertIn("o_property_promise_error", page)
        self.assertFalse(self.env["property.payment.promise"].search([]))
        page = self._post(
            project_id=self.project.id, promise_date=str(today + timedelta(days=7)), amount="250"
        )
        self.assertIn("o_property_promise_done", page)
        promise = self.env["property.payment.promise"].search([])
        self.assertEqual((promise.channel, promise.amount), ("portal", 250.0))
        # another payer's estate cannot be named in the form
        self.authenticate("portal_nonpayer", "portal_nonpayer")
        page = self.url_open("/my/property/promise").text
        self.assertNotIn("o_property_promise_form", page)
