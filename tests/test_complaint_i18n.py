from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations


@tagged("post_install", "-at_install")
class TestComplaintTranslations(TransactionCase):
    """The OCA helpdesk ships no Chinese: ours (i18n_oca/) reaches every complaint screen."""

    def test_oca_model_terms_in_chinese(self):
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        fields = env["helpdesk.ticket"].fields_get(
            ["number", "name", "team_id", "priority", "stage_id"], ["string", "selection"]
        )
        self.assertEqual(fields["number"]["string"], "工单编号")
        self.assertEqual(fields["name"]["string"], "标题")
        self.assertEqual(fields["team_id"]["string"], "团队")
        self.assertEqual(dict(fields["priority"]["selection"])["3"], "非常高")
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected").name, "不予受理")
        self.assertEqual(
            env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").name, "网上（业主门户）"
        )
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").name, "服务台")
        self.assertEqual(env.ref("helpdesk_mgmt.helpdesk_all_ticket_menu").name, "全部工单")
        self.assertIn("工单", env.ref("helpdesk_mgmt.closed_ticket_template").subject)
        # the portal pages (QWeb views) of the owners
        portal_form = env.ref("helpdesk_mgmt.portal_create_ticket").arch_db
        self.assertIn("提交新的投诉或报修", portal_form)
        self.assertNotIn("Send a new ticket", portal_form)
        # helpdesk_mgmt_rating
        rating = env["helpdesk.ticket"].fields_get(["positive_rate_percentage"], ["string"])
        self.assertEqual(rating["positive_rate_percentage"]["string"], "好评率")
        # and this addon's complaint stages, categories and selections
        satisfaction = env["helpdesk.ticket"].fields_get(["satisfaction"], ["selection"])
        self.assertEqual(dict(satisfaction["satisfaction"]["selection"])["5"], "非常满意")
        self.assertEqual(
            env.ref("property_fee_collection.helpdesk_ticket_stage_followup").name, "回访"
        )
        self.assertEqual(
            env.ref("property_fee_collection.helpdesk_ticket_category_developer_quality").name,
            "房屋质量",
        )

    def test_oca_code_terms_in_chinese(self):
        # Python: self.env._() inside helpdesk_mgmt
        dashboard = (
            self.env["helpdesk.ticket.team"].with_context(lang="zh_CN")._retrieve_dashboard()
        )
        self.assertEqual(
            [line["name"] for line in dashboard], ["无团队的未关闭工单", "未关闭的工单"]
        )
        # JavaScript / OWL templates of helpdesk_mgmt, as sent to the web client
        messages = code_translations.get_web_translations("helpdesk_mgmt", "zh_CN")["messages"]
        self.assertTrue(messages)
        self.assertTrue(all(message["string"] for message in messages))
