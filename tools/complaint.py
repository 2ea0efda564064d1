"""Complaint (投诉) rules without database: the stage flow, which deadline rule applies, what
a follow-up visit score means, and a first guess of the category from a collector's notes.

The models call these with plain values (stage keys, ids, strings); tests run them from tables.
"""

from collections import namedtuple

# === Stage flow ===
RECEIVED = "received"
ACKNOWLEDGED = "acknowledged"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
RESOLVED = "resolved"
FOLLOWUP = "followup"
CLOSED = "closed"
CANCELLED = "cancelled"

STAGES = (RECEIVED, ACKNOWLEDGED, ASSIGNED, IN_PROGRESS, RESOLVED, FOLLOWUP, CLOSED, CANCELLED)
# A payment dispute pauses dunning while the complaint is in one of these stages.
OPEN_STAGES = (RECEIVED, ACKNOWLEDGED, ASSIGNED, IN_PROGRESS)
DONE_STAGES = (RESOLVED, FOLLOWUP, CLOSED, CANCELLED)

# Who may move a complaint: "desk" = customer service (客服) and managers, "handler" = the
# responsible person or a member of the lead department (and the desk), "manager" = managers.
DESK, HANDLER, MANAGER = "desk", "handler", "manager"

TRANSITIONS = {
    # (from, to): who may do it
    (RECEIVED, ACKNOWLEDGED): DESK,
    (RECEIVED, CANCELLED): DESK,
    (ACKNOWLEDGED, ASSIGNED): DESK,
    (ACKNOWLEDGED, CANCELLED): DESK,
    (ASSIGNED, IN_PROGRESS): HANDLER,
    (ASSIGNED, ACKNOWLEDGED): DESK,  # handed back to the desk
    (IN_PROGRESS, RESOLVED): HANDLER,
    (IN_PROGRESS, ASSIGNED): DESK,  # re-dispatch
    (RESOLVED, FOLLOWUP): DESK,
    (RESOLVED, IN_PROGRESS): DESK,  # reopen
    (RESOLVED, CLOSED): MANAGER,  # closing without a follow-up visit
    (FOLLOWUP, CLOSED): DESK,
    (FOLLOWUP, IN_PROGRESS): DESK,  # reopen after an unsatisfied visit
    (CLOSED, IN_PROGRESS): DESK,  # reopen
    (CANCELLED, RECEIVED): MANAGER,  # restore a complaint cancelled by mistake
}


def transition_role(from_stage, to_stage):
    """Who may move a complaint from ``from_stage`` to ``to_stage`` (a stage key, or None for
    a stage outside the complaint flow); None when the flow does not allow the move."""
    if not from_stage:
        return DESK
    return TRANSITIONS.get((from_stage, to_stage))


def dispute_pauses(payment_dispute, stage, active=True):
    """A complaint marked as payment dispute pauses dunning until it is resolved or closed."""
    return bool(payment_dispute and active and stage in OPEN_STAGES)


# === Follow-up visit (回访) ===
SATISFACTION = (
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
)
SATISFIED_FROM = 3


def is_satisfied(score):
    """Scores 3–5 close the complaint; 1–2 reopen or escalate it."""
    return int(score) >= SATISFIED_FROM


# === Deadline rules ===
Rule = namedtuple("Rule", "id category priority sequence")


def pick_rule(rules, category, priority):
    """The deadline rule that applies to a complaint of ``category`` and ``priority``.

    A rule matches when each of its criteria is empty or equal to the complaint's. The most
    specific match wins: category and urgency > category only > urgency only > neither; then
    the lowest sequence, then the lowest id. Returns the rule's id, or None.
    """
    matching = [
        rule
        for rule in rules
        if (not rule.category or rule.category == category)
        and (not rule.priority or rule.priority == priority)
    ]
    if not matching:
        return None
    best = min(
        matching,
        key=lambda r: (not r.category, not r.priority, r.sequence, r.id),
    )
    return best.id


def working_hours(days, hours, hours_per_day):
    """Working time of a deadline: ``days`` working days of ``hours_per_day`` plus ``hours``
    (one working day is the complaint procedure's "24 hours" counted on working days)."""
    return max(days, 0) * hours_per_day + max(hours, 0)


# === Category guess (outcome E: the payer refuses over service) ===
SECURITY = "security"
CLEANING = "cleaning"
LANDSCAPING = "landscaping"
ENGINEERING = "engineering"
CUSTOMER_SERVICE = "customer_service"
FINANCE = "finance"
DEVELOPER_QUALITY = "developer_quality"

CATEGORIES = (
    SECURITY,
    CLEANING,
    LANDSCAPING,
    ENGINEERING,
    CUSTOMER_SERVICE,
    FINANCE,
    DEVELOPER_QUALITY,
)

# Ordered: the first category with a keyword in the notes wins (developer quality before
# engineering: "漏水" in a new building is usually the developer's).
KEYWORDS = (
    (
        DEVELOPER_QUALITY,
        ("房屋质量", "开发商", "交房", "渗水", "裂缝", "空鼓", "墙体", "防水", "质量问题"),
    ),
    (SECURITY, ("保安", "安保", "门禁", "被盗", "偷", "监控", "巡逻", "陌生人", "停车乱")),
    (CLEANING, ("保洁", "卫生", "垃圾", "清洁", "打扫", "异味", "楼道脏")),
    (LANDSCAPING, ("绿化", "草坪", "树", "花园", "修剪", "浇水")),
    (
        ENGINEERING,
        ("电梯", "漏水", "维修", "水管", "停电", "停水", "路灯", "下水道", "堵塞", "报修"),
    ),
    (FINANCE, ("收费", "账单", "多收", "物业费太贵", "滞纳金", "发票", "计费")),
    (CUSTOMER_SERVICE, ("态度", "客服", "服务差", "没人管", "不理", "投诉没用")),
)

# Reason codes of the collection log (property.collection.activity) that name a category.
REASON_CATEGORIES = {"quality": DEVELOPER_QUALITY, "service": CUSTOMER_SERVICE}


def guess_category(notes, reason=None):
    """First guess of a complaint's category from a collector's notes and reason code."""
    text = (notes or "").lower()
    for category, words in KEYWORDS:
        if any(word in text for word in words):
            return category
    return REASON_CATEGORIES.get(reason or "", CUSTOMER_SERVICE)
