"""Chinese names of the stored tables and columns, for audit messages a clerk can read (审计核对)."""
from __future__ import annotations

from typing import Any

from ..domain.money import Money

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

#: audit entries that record an event rather than a row (``uow.audit``), by the entity they are filed under
EVENTS = {"review_round": "专家抽取（汇总）", "review_sheets": "离线评分表", "funding_list": "资助名单审批",
          "database": "数据库"}

COLUMNS = {
    "code": "编号", "name": "名称", "title": "名称", "state": "阶段", "field": "技术领域",
    "unit_id": "单位", "leader_id": "负责人", "call_id": "申报批次", "start_date": "开始日期",
    "end_date": "结束日期", "requested_fen": "申请财政资金", "self_raised_fen": "自筹资金",
    "approved_fen": "立项金额", "fiscal_fen": "财政资金", "amount_fen": "金额", "cap_fen": "单项资助上限",
    "total_budget_fen": "批次总预算", "subject": "预算科目", "credit_code": "统一社会信用代码",
    "id_number": "身份证号", "credit_level": "信用等级", "role": "角色", "active": "启用",
    "display_name": "姓名", "username": "用户名", "status": "状态", "decision": "审查决定",
    "funded": "是否资助", "resolution": "处理意见", "upheld": "异议成立", "summary": "摘要",
    "voucher_no": "凭证号", "spent_on": "支出日期", "opens": "申报开始", "closes": "申报截止",
}


def table_label(table: str) -> str:
    return TABLES.get(table, table)


def entity_label(entity: str) -> str:
    """What the 审计日志 calls the object of an entry: a table's or an event's Chinese name."""
    return TABLES.get(entity) or EVENTS.get(entity, entity)


def column_label(column: str) -> str:
    return COLUMNS.get(column, column)


def value_text(column: str, value: Any) -> str:
    """Money columns (stored as 分) in 万元; others as they are."""
    if value is None:
        return "（空）"
    if column.endswith("_fen") and isinstance(value, int):
        return f"{Money(value).wan_str()} 万元"
    if isinstance(value, bool):
        return "是" if value else "否"
    return f"“{value}”" if isinstance(value, str) else str(value)
