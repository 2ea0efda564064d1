"""19.0.1.2.0: ladder rules and collection work (issues 12 and 14).

The default ladder is noupdate data: its records are brought to the new defaults only where
they still have the values shipped before (a company's own changes are kept):
- L1 on the due date sends a payment notice, not a demand letter;
- L2 first call from day +1, due within three days of the due date (seed 003);
- L4 written demand gives 10 days, L6 lawyer's letter (its own PDF, legal basis) 15 days;
- the default call windows gain the seeds' later weekend start (10:30).
Existing payers keep their place: their ladder clock starts at their last action, payers
waiting for a lawyer's letter's approval stand on the level before it (the approval no longer
moves them before it is given), and the last contact day is read from the collection log.
"""

from datetime import date

from odoo import SUPERUSER_ID, api

from odoo.addons.property_fee_collection.tools import ladder

OLD_CALL_WINDOW = "09:30-12:00, 15:00-21:00"


def _ref(env, name):
    return env.ref(f"property_fee_collection.{name}", raise_if_not_found=False)


def _update_default_ladder(env):
    old_letter = _ref(env, "property_dunning_action_report_letter")
    levels = {n: _ref(env, f"property_dunning_level_{n}") for n in range(8)}
    level = levels[1]
    if level and level.days == 0 and level.channel_letter and level.report_id == old_letter:
        level.letter_kind = "notice"
    level = levels[2]
    if level and level.days == 3 and level.activity_days == 1:
        level.write({"days": 1, "activity_days": 2})
    level = levels[4]
    if level and level.days == 17 and not level.deadline_days:
        level.deadline_days = 10
    level = levels[6]
    if level and level.channel_lawyer and level.report_id == old_letter:
        level.write(
            {
                "letter_kind": "lawyer",
                "deadline_days": 15,
                "report_id": _ref(env, "property_dunning_action_report_lawyer_letter").id,
                "legal_basis": "Civil Code of the People's Republic of China, Article 939: the "
                "property service contract binds every owner. Article 944: owners shall pay "
                "the property fee as agreed; an owner who does not pay when due may be asked "
                "to pay within a reasonable time, after which the property service provider "
                "may sue or apply for arbitration. Regulations on Property Management, Article "
                "64: an owner who does not pay the property service fee when due may be sued "
                "before the people's court. Civil Code, Article 195: this demand interrupts "
                "the limitation period.",
            }
        )
    policy = _ref(env, "property_dunning_policy_default")
    if policy and policy.call_window == OLD_CALL_WINDOW:
        policy.call_window = "09:30-12:00, 15:00-21:00; Sat-Sun 10:30-12:00, 15:00-21:00"


def _place_existing_payers(env):
    env.flush_all()
    cr = env.cr
    # the ladder clock of payers already on the ladder starts at their last action
    cr.execute(
        """UPDATE property_dunning_state SET ladder_anchor_date = last_action_date
            WHERE level_id IS NOT NULL AND ladder_anchor_date IS NULL"""
    )
    # actions already out: sent on their date (and the letters' deadlines from there)
    cr.execute(
        """UPDATE property_dunning_action a
              SET sent_date = a.date,
                  deadline_date = CASE WHEN l.deadline_days > 0
                                       THEN a.date + l.deadline_days END
             FROM property_dunning_level l
            WHERE l.id = a.level_id AND a.sent_date IS NULL
              AND a.approval_state IN ('none', 'approved')"""
    )
    # the last contact attempt of each payer
    cr.execute(
        """UPDATE property_dunning_state s
              SET last_contact_date = c.day
             FROM (SELECT state_id,
                          MAX((date AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date) AS day
                     FROM property_collection_activity
                    WHERE state_id IS NOT NULL
                      AND activity_type IN ('call', 'sms', 'wechat', 'visit')
                 GROUP BY state_id) c
            WHERE c.state_id = s.id"""
    )
    env.invalidate_all()
    States = env["property.dunning.state"]
    # payers the previous version left behind their days overdue (one level per run from
    # the first reminder) are caught up by the next run, as at go-live
    today = date.today()
    for state in States.search([("level_id", "!=", False), ("oldest_due_date", "!=", False)]):
        levels, rungs = States._ladder(state._policy())
        after_next = state._ladder_index(levels) + 2
        days = (today - state.oldest_due_date).days
        if after_next < len(rungs) and ladder.reached(rungs[after_next], days):
            state.catch_up_due = True
    # a level waiting for approval no longer moves the payer before it is approved
    waiting = env["property.dunning.action"].search([("approval_state", "=", "to_approve")])
    for action in waiting:
        state = action.state_id
        if state.level_id != action.level_id:
            continue
        levels = States._ladder(state._policy())[0]
        position = state._ladder_index(levels)
        state.write(
            {
                "level_id": levels[position - 1].id if position > 0 else False,
                "approval_pending": True,
            }
        )


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _update_default_ladder(env)
    _place_existing_payers(env)
