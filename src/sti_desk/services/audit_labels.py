"""Chinese names of the stored tables and columns, and of stored values, for audit messages a clerk can
read (审计日志、审计核对).

Every column of every table in ``db/tables`` has a name here (a unit test fails on a column without one):
``COLUMNS`` by column name, ``TABLE_COLUMNS`` where the same name means something else in one table
(``title`` is a project's 项目名称 but a person's 职称).
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..domain.entities import UNIT_TYPE_LABELS
from ..domain.lifecycle import STATE_LABELS
from ..domain.money import Money
from ..domain.permissions import Role
from ..domain.policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode
from ..domain.review import RULES
from .intake_types import KIND_LABELS
from .review_dto import ASSIGNMENT_STATUS_LABELS, ROUND_STATUS_LABELS

TABLES = {
    "projects": "项目", "units": "单位", "persons": "人员", "experts": "专家", "calls": "申报批次",
    "users": "用户", "budget_lines": "预算明细", "team_members": "项目团队成员", "expenditures": "支出",
    "screenings": "形式审查", "review_rounds": "评审轮次", "review_groups": "评审组",
    "review_assignments": "评审任务", "review_marks": "评分", "funding_decisions": "立项决定",
    "publicities": "公示", "objections": "公示异议", "expert_conflicts": "专家回避声明",
    "credit_records": "信用记录", "policy_versions": "政策参数版本", "project_events": "项目过程记录",
    "import_batches": "导入批次", "expert_status_log": "专家启用暂停记录", "review_draws": "专家抽取记录",
    "review_group_projects": "评审组项目", "review_replacements": "专家替补记录", "review_reopens": "评分重新开放记录",
}

#: what the entry records, by its stored action
ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "login": "登录", "import": "导入",
           "export": "导出", "backup": "备份", "restore": "恢复", "reset_password": "重置密码", "draw": "抽取专家",
           "set_deadline": "修改截止日期", "approve": "审批", "reopen": "重新开放", "transition": "阶段变更"}

#: audit entries that record an event rather than a row (``uow.audit``), by the entity they are filed under
EVENTS = {"review_round": "专家抽取（汇总）", "review_sheets": "离线评分表", "funding_list": "资助名单审批",
          "database": "数据库"}

COLUMNS = {
    # identity and names
    "id": "记录编号", "code": "编号", "name": "名称", "title": "名称", "year": "年度", "version": "版本号",
    "field": "技术领域", "specialty": "专长", "summary": "摘要", "note": "说明", "reason": "原因",
    # projects, calls, money
    "state": "阶段", "from_state": "原阶段", "to_state": "新阶段", "state_changed_at": "阶段变更时间",
    "unit_id": "单位", "leader_id": "负责人", "call_id": "申报批次", "project_id": "项目", "person_id": "人员",
    "start_date": "开始日期", "end_date": "结束日期", "requested_fen": "申请财政资金", "self_raised_fen": "自筹资金",
    "approved_fen": "立项金额", "fiscal_fen": "财政资金", "amount_fen": "金额", "cap_fen": "单项资助上限",
    "total_budget_fen": "批次总预算", "subject": "预算科目", "basis": "测算依据", "lump_sum_pledge": "包干制诚信承诺",
    "opens": "申报开始", "closes": "申报截止", "category": "项目类别", "funding_mode": "资助方式",
    "organisation_mode": "组织方式", "budget_scheme": "预算科目体系", "self_funding_ratio": "自筹比例",
    "disbursement_plan": "拨付计划", "rubric_json": "评分标准", "aggregation": "汇总规则",
    "experts_per_group": "每组评审专家", "voucher_no": "凭证号", "spent_on": "支出日期",
    # units, persons, credit
    "credit_code": "统一社会信用代码", "id_number": "身份证号", "workplace": "工作单位", "credit_level": "信用等级", "unit_type": "单位类型",
    "above_scale_industrial": "规上工业企业", "has_rd_institution": "研发机构", "rd_intensity": "研发投入强度",
    "address": "地址", "contact": "联系人", "phone": "联系电话", "level": "信用等级", "effective": "生效日期",
    "bar_until": "限制申报至", "subject_kind": "信用主体类型", "subject_id": "信用主体", "recorded_at": "登记时间",
    # users and the log itself
    "role": "角色", "active": "启用", "display_name": "姓名", "username": "用户名", "password_hash": "密码",
    "failed_attempts": "连续登录失败次数", "locked_until": "锁定至", "expert_id": "专家", "action": "操作",
    "entity": "对象", "entity_id": "对象编号", "before_json": "修改前", "after_json": "修改后",
    "prev_hash": "上一条记录哈希值", "hash": "哈希值",
    # screening
    "decision": "审查决定", "decision_note": "审查意见", "auto_passed": "自动检查通过", "results_json": "检查结果",
    "run_at": "检查时间", "decided_at": "决定时间", "decided_by": "决定人",
    # review
    "status": "状态", "number": "轮次", "round_id": "评审轮次", "group_id": "评审组", "assignment_id": "评审任务",
    "ordinal": "组序号", "seed": "随机种子", "inputs_digest": "抽取输入摘要", "draw_on": "抽取日期",
    "deadline": "评分截止日期", "per_group": "每组专家数", "reserves": "备选专家数", "max_group_size": "每组最多项目数",
    "sheet_secret": "评分表密钥", "record_json": "抽取记录", "criterion": "评分项", "points_tenths": "分数",
    "comment": "评审意见", "recommendation": "推荐意见", "total": "总分", "locked": "已锁定",
    "assigned_at": "分配时间", "saved_at": "保存时间", "submitted_at": "提交时间", "declined_at": "退出时间",
    "decline_reason": "退出原因", "replaced_by_id": "替补任务", "declined_expert_id": "退出的专家",
    "new_expert_id": "替补专家", "source": "替补来源", "skipped_json": "跳过的专家", "closed_at": "结束时间",
    "closed_by": "结束人", "expires": "失效日期",
    # decisions, publicity, objections
    "funded": "是否资助", "rank": "名次", "review_score": "评审得分", "warnings": "提示", "publicity_id": "公示",
    "start": "公示开始日期", "end": "公示截止日期", "working_days": "公示工作日数", "finished_at": "确认立项时间",
    "finished_by": "确认立项人", "objector": "异议人", "content": "异议内容", "received_on": "收到日期",
    "resolution": "处理意见", "upheld": "异议成立", "resolved_at": "处理时间", "resolved_by": "处理人",
    "recorded_by": "登记人",
    # policy, imports, events of a row's life
    "effective_from": "生效日期", "params_json": "参数值", "kind": "导入内容", "filename": "文件名",
    "sha256": "文件校验值（SHA-256）", "counts_json": "导入统计", "at": "时间", "by": "操作人",
    "created_at": "创建时间", "created_by": "创建人",
}

#: the same column name meaning something else in one table
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "projects": {"title": "项目名称", "summary": "项目摘要", "code": "项目编号"},
    "persons": {"title": "职称", "name": "姓名"},
    "calls": {"name": "批次名称", "code": "批次编号"},
    "units": {"name": "单位名称"},
    "team_members": {"role": "分工"},
    "review_groups": {"code": "组号"},
    "funding_decisions": {"approved_fen": "拟资助金额", "note": "审批意见", "warnings": "已确认的提示",
                          "round_id": "评审轮次"},
    "publicities": {"note": "备注", "finished_at": "公示结束时间", "finished_by": "公示结束人"},
    "project_events": {"action": "操作", "username": "操作人"},
    "users": {"expert_id": "关联专家"},
    "expert_status_log": {"active": "启用"},
    "policy_versions": {"note": "说明"},
    "import_batches": {"username": "导入人"},
}

#: what the event entries (``uow.audit``: imports, draws, approvals, backups …) record
EVENT_KEYS = {
    "file": "文件", "sha256": "文件校验值（SHA-256）", "kind": "导入内容", "created": "新增", "updated": "变更",
    "unchanged": "不变", "skipped": "跳过行数", "partial": "部分导入", "new_units": "新登记单位数",
    "new_persons": "新登记人员数", "created_ids": "新增记录编号", "skipped_rows": "跳过的行",
    "call": "申报批次", "round": "轮次", "seed": "随机种子", "inputs_digest": "抽取输入摘要",
    "record_sha256": "抽取记录校验值（SHA-256）", "groups": "评审组数", "projects": "项目数",
    "assignments": "评审任务数", "warnings": "提示", "before": "修改前", "after": "修改后", "reason": "原因",
    "expert_id": "专家", "experts": "专家", "folder": "文件夹", "submitted": "已提交的项目", "drafts": "暂存的项目",
    "missing": "未填写的项目", "already_submitted": "此前已提交的项目",
    "not_saved": "未保存的项目（没有填写评分）", "overwritten_drafts": "覆盖的草稿（专家在系统中暂存的）", "bytes": "文件大小（字节）",
    "from": "恢复自", "safety_copy": "恢复前的安全副本", "proposed": "拟资助项目", "rejected": "不予资助项目",
    "total_fen": "拟资助合计", "warnings_acknowledged": "已确认的提示", "note": "审批意见", "username": "用户名",
}

#: event keys whose values are amounts in 分 (one amount, or a mapping of project code → amount)
EVENT_MONEY_KEYS = frozenset({"total_fen", "proposed"})

_ENUM_LABELS: dict[str, Mapping[str, str]] = {
    "state": {s.value: label for s, label in STATE_LABELS.items()},
    "unit_type": {t.value: label for t, label in UNIT_TYPE_LABELS.items()},
    "category": {c.value: c.label for c in CallCategory},
    "funding_mode": {m.value: m.label for m in FundingMode},
    "organisation_mode": {m.value: m.label for m in OrganisationMode},
    "budget_scheme": {s.value: s.label for s in BudgetScheme},
    "aggregation": RULES,
    "decision": {"pending": "待决定", "pass": "通过", "reject": "不通过"},
    "subject_kind": {"unit": "单位", "person": "人员"},
    "kind": KIND_LABELS,
    "status": {**ROUND_STATUS_LABELS, **ASSIGNMENT_STATUS_LABELS},
}
_ENUM_LABELS["from_state"] = _ENUM_LABELS["to_state"] = _ENUM_LABELS["state"]
_ROLE_LABELS = {r.value: r.label for r in Role}


def money_text(fen: int) -> str:
    """'190.00 万元', every 分 kept ('180.0005 万元'): a change of a few 分 must show in the log."""
    whole, _, frac = Money(fen).wan_str(6).partition(".")
    return f"{whole}.{frac.rstrip('0').ljust(2, '0')} 万元"


def table_label(table: str) -> str:
    return TABLES.get(table, table)


def entity_label(entity: str) -> str:
    """What the 审计日志 calls the object of an entry: a table's or an event's Chinese name."""
    return TABLES.get(entity) or EVENTS.get(entity, entity)


def column_label(column: str, table: str | None = None) -> str:
    """The Chinese name of ``column`` (of ``table`` when given: some names differ by table)."""
    if table is not None and column in TABLE_COLUMNS.get(table, {}):
        return TABLE_COLUMNS[table][column]
    return COLUMNS.get(column, column)


def shown_value(column: str, value: Any, table: str | None = None) -> str:
    """A stored value as a clerk reads it: 分 in 万元, 是/否, Chinese names of stored codes
    (阶段、单位类型、角色 …), dates and times without the ISO ``T``; （空） for nothing."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if column.endswith("_fen") and isinstance(value, int):
        return money_text(value)
    if column == "disbursement_plan" and isinstance(value, str):
        return _shares(value)
    if isinstance(value, str):
        labels = _ROLE_LABELS if column == "role" and table == "users" else _ENUM_LABELS.get(column, {})
        if value in labels:
            return labels[value]
        if len(value) == 19 and value[10] == "T" and value[:4].isdigit():   # 2026-12-03T16:44:47
            return value.replace("T", " ")
    return str(value)


def _shares(plan: str) -> str:
    """A 拨付计划 as stored ('0.7,0.3': the share of each payment) → '70%、30%'."""
    try:
        return "、".join(f"{(Decimal(p) * 100).normalize():f}%" for p in plan.split(","))
    except InvalidOperation:
        return plan


def value_text(column: str, value: Any, table: str | None = None) -> str:
    """:func:`shown_value` with text in quotes (“良好”), for sentences such as the replay's messages."""
    shown = shown_value(column, value, table)
    return f"“{shown}”" if isinstance(value, str) and value != "" else shown
