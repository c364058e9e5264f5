"""The audit log in words: every stored column has a Chinese name, and entries read 字段：旧值 → 新值 with
money in 万元, 是/否 and the Chinese names of stored codes."""
from __future__ import annotations

import json
import re

from sti_desk.db.tables import Base
from sti_desk.services.audit_labels import COLUMNS, EVENT_KEYS, TABLE_COLUMNS, column_label, shown_value, value_text
from sti_desk.services.audit_text import entry_lines, entry_text

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_column_of_every_table_has_a_chinese_name():  # type: ignore[no-untyped-def]
    missing = sorted(f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns
                     if not HAN.search(column_label(c.name, t.name)))
    assert not missing, ("请在 services/audit_labels.py 的 COLUMNS（或 TABLE_COLUMNS）中为这些列写中文名称："
                         + "、".join(missing))


def test_table_specific_names_are_of_real_columns():  # type: ignore[no-untyped-def]
    tables = Base.metadata.tables
    wrong = [f"{t}.{c}" for t, cols in TABLE_COLUMNS.items() for c in cols
             if t not in tables or c not in tables[t].columns]
    assert not wrong, wrong
    assert all(HAN.search(label) for label in (*COLUMNS.values(), *EVENT_KEYS.values()))


def test_update_reads_field_old_new():  # type: ignore[no-untyped-def]
    text = entry_text("units", "update", json.dumps({"credit_level": "良好"}), json.dumps({"credit_level": "较差"}))
    assert text == "信用等级：良好 → 较差"
    lines = entry_lines("projects", "update", json.dumps({"approved_fen": 19000000, "state": "proposed"}),
                        json.dumps({"approved_fen": 18000050, "state": "approved"}))
    assert sorted(lines) == sorted(["阶段：拟立项/公示 → 立项", "立项金额：19.00 万元 → 18.00005 万元"])  # every 分


def test_created_row_in_column_order_without_the_record_number():  # type: ignore[no-untyped-def]
    after = {"above_scale_industrial": False, "credit_code": "91331099QJWYLF55TP", "id": 1, "name": "青溪县人民医院",
             "unit_type": "hospital", "version": 1, "address": ""}
    lines = entry_lines("units", "create", "", json.dumps(after, ensure_ascii=False))
    assert lines[:2] == ["单位名称：青溪县人民医院", "统一社会信用代码：91331099QJWYLF55TP"]
    assert "单位类型：医疗卫生机构" in lines and "规上工业企业：否" in lines and "地址：（空）" in lines
    assert not any(line.startswith(("记录编号", "版本号")) for line in lines)


def test_review_marks_read_in_chinese_and_stay_confidential():  # type: ignore[no-untyped-def]
    after = {"assignment_id": 62, "criterion": "innovation", "id": 1, "points_tenths": "（评分内容保密）"}
    assert entry_lines("review_marks", "create", "", json.dumps(after, ensure_ascii=False)) == [
        "评审任务：62", "评分项：innovation", "分数：（评分内容保密）"]


def test_events_read_in_chinese():  # type: ignore[no-untyped-def]
    approve = {"round": 1, "proposed": {"2026-CGZH-0001": 54000000, "2026-CGZH-0004": 4000000}, "rejected": [],
               "total_fen": 58000000, "warnings_acknowledged": [], "note": "局务会研究"}
    assert entry_lines("funding_list", "approve", "", json.dumps(approve, ensure_ascii=False)) == [
        "轮次：1", "拟资助项目：2026-CGZH-0001 54.00 万元、2026-CGZH-0004 4.00 万元", "不予资助项目：无",
        "拟资助合计：58.00 万元", "已确认的提示：无", "审批意见：局务会研究"]
    deadline = {"before": "2026-11-20", "after": None, "reason": "延期"}
    assert entry_text("review_rounds", "set_deadline", "", json.dumps(deadline, ensure_ascii=False)) == \
        "修改前：2026-11-20；修改后：（空）；原因：延期"
    imported = {"file": "专家.xlsx", "kind": "experts", "created": 60, "partial": True, "skipped": 2,
                "skipped_rows": [3, 9], "new_units": 0, "new_persons": 60,
                "created_ids": {"persons": [785, 844], "experts": [103, 162]}}
    assert entry_lines("import_batches", "import", "", json.dumps(imported, ensure_ascii=False)) == [
        "文件：专家.xlsx", "导入内容：专家", "导入结果：新增 60、跳过 2 行（第 3、9 行），部分导入（有问题的行未写入）",
        "新登记：单位 0、人员 60", "新增记录编号：人员 785–844、专家 103–162"]


def test_values_in_words():  # type: ignore[no-untyped-def]
    assert shown_value("created_at", "2026-12-03T16:44:47") == "2026-12-03 16:44:47"
    assert shown_value("role", "clerk", "users") == "经办人" and shown_value("role", "成员", "team_members") == "成员"
    assert shown_value("active", True) == "是" and shown_value("cap_fen", 50000000) == "50.00 万元"
    assert shown_value("disbursement_plan", "0.7,0.3") == "70%、30%"
    assert value_text("credit_level", "良好") == "“良好”" and value_text("requested_fen", 3000000) == "3.00 万元"


def test_policy_version_parameters_read_by_rule_and_name():  # type: ignore[no-untyped-def]
    from sti_desk.domain.policy import PolicyParameters

    after = {"effective_from": "2000-01-01", "id": 1, "note": "默认",
             "params_json": json.dumps(PolicyParameters().to_plain(), ensure_ascii=False)}
    lines = entry_lines("policy_versions", "create", "", json.dumps(after, ensure_ascii=False))
    values = next(line for line in lines if line.startswith("参数值："))
    assert "P6 统一比例时的间接费用上限 20%" in values and "P5 揭榜挂帅项目最低资助额 100.00 万元" in values
    assert "{" not in values
