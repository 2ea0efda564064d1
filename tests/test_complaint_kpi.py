from datetime import datetime

from odoo.tests import tagged

from .common_complaint import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintKpi(ComplaintCommon):
    """Complaint KPIs: volume by category, on-time rates, satisfaction (hand-counted)."""

    def _set(self, ticket, **vals):
        # as the complaint's own buttons would have recorded them (superuser)
        ticket.sudo().write(vals)

    def test_volume_on_time_and_satisfaction(self):
        Report = self.env["property.complaint.kpi.report"]
        on_time = self._register()
        late = self._register(category_id=self.category_cleaning.id)
        open_overdue = self._register()
        self._set(
            on_time,
            complaint_date=datetime(2026, 11, 2, 9),
            ack_deadline=datetime(2026, 11, 3, 9),
            acknowledged_date=datetime(2026, 11, 2, 10),
            resolve_deadline=datetime(2026, 11, 9, 18),
            resolved_date=datetime(2026, 11, 6, 12),
            satisfaction="5",
        )
        self._set(
            late,
            complaint_date=datetime(2026, 11, 10, 9),
            ack_deadline=datetime(2026, 11, 11, 9),
            acknowledged_date=datetime(2026, 11, 12, 9),
            resolve_deadline=datetime(2026, 11, 17, 18),
            resolved_date=datetime(2026, 11, 20, 12),
            satisfaction="2",
        )
        self._set(
            open_overdue,
            complaint_date=datetime(2026, 11, 20, 9),
            ack_deadline=datetime(2026, 11, 21, 9),
            acknowledged_date=datetime(2026, 11, 20, 15),
            resolve_deadline=datetime(2026, 11, 25, 18),
        )
        self.env.flush_all()
        tickets = (on_time | late | open_overdue).ids
        ((complaints, ack_rate, resolved, on_time_rate, overdue, satisfied_rate, score),) = (
            Report._read_group(
                [("id", "in", tickets)],
                [],
                [
                    "complaints:sum",
                    "ack_on_time_rate:avg",
                    "resolved:sum",
                    "on_time_rate:avg",
                    "overdue:sum",
                    "satisfaction_rate:avg",
                    "score:avg",
                ],
            )
        )
        self.assertEqual(complaints, 3)
        self.assertAlmostEqual(ack_rate, 66.67)  # 2 of 3 acknowledged in time
        self.assertEqual(resolved, 2)
        self.assertAlmostEqual(on_time_rate, 50.0)  # 1 of 2 resolved in time
        self.assertEqual(overdue, 1)
        self.assertAlmostEqual(satisfied_rate, 50.0)  # scores 5 and 2
        self.assertAlmostEqual(score, 3.5)
        by_category = dict(
            Report._read_group([("id", "in", tickets)], ["category_id"], ["complaints:sum"])
        )
        self.assertEqual(by_category[self.category_engineering], 2)
        self.assertEqual(by_category[self.category_cleaning], 1)

    def test_customer_service_sees_only_own_projects(self):
        mine = self._register()
        other = self._register(user=self.cs_b, unit_id=self.unit_b.id, partner_id=self.owner2.id)
        self.env.flush_all()
        seen = self.env["property.complaint.kpi.report"].with_user(self.cs_a).search([])
        self.assertIn(mine.id, seen.ids)
        self.assertNotIn(other.id, seen.ids)
