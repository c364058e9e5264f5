"""The JSON columns of audit entries in words: a screening's checks, a rubric and what changed in it, policy
parameters that changed, an import's counts and record numbers, and record numbers resolved to names."""
from __future__ import annotations

import json

from sti_desk.domain.policy import PolicyParameters
from sti_desk.services.audit_json import policy_change, rubric_change, rubric_text, screening_results
from sti_desk.services.audit_refs import Names
from sti_desk.services.audit_text import entry_lines, entry_text


def _check(name: str, passed: bool = True, blocks: bool = False) -> dict:
    return {"code": "x", "name": name, "status": "通过" if passed else "不通过", "passed": passed, "blocks": blocks,
            "message": "…", "rule": "…", "severity": "error", "applicable": True}


def _rubric(innovation: int = 30, extra: bool = False, below: str = "60") -> str:
    criteria = [{"code": "innovation", "name": "创新性", "max_points": innovation, "weight": "1"},
                {"code": "technical", "name": "技术方案", "max_points": 70 - (10 if extra else 0), "weight": "1"}]
    if extra:
        criteria.append({"code": "c1", "name": "产业带动", "max_points": 10, "weight": "1.5"})
    return json.dumps({"criteria": criteria, "comment_required_below": below,
                       "recommendations": ["优先资助", "资助", "不资助"], "comment_required_for": ["不资助"]},
                      ensure_ascii=False)


def test_screening_results_name_the_failed_checks():  # type: ignore[no-untyped-def]
    checks = [_check("必填项"), _check("失信惩戒", False, True), _check("间接费用", False, True),
              _check("相似题目", False, False), *(_check(f"检查{i}") for i in range(13))]
    assert screening_results(json.dumps(checks, ensure_ascii=False)) == \
        "17 项检查，2 项不通过（失信惩戒、间接费用），1 项需人工判断（相似题目）"
    assert screening_results("[]") == "未保存逐项检查明细"
    row = {"project_id": 131, "results_json": json.dumps([_check("必填项")], ensure_ascii=False), "auto_passed": True}
    lines = entry_lines("screenings", "create", "", json.dumps(row, ensure_ascii=False))
    assert "检查结果：1 项检查，均通过或不适用" in lines
    assert not any("{" in line or "passed" in line for line in lines)


def test_rubric_in_words_and_what_changed():  # type: ignore[no-untyped-def]
    assert rubric_text(_rubric()) == ("创新性 30 分、技术方案 70 分（满分 100 分），总分低于 60 分须写评审意见，"
                                      "推荐意见：优先资助、资助、不资助（不资助须写意见）")
    assert rubric_text("").startswith("默认：创新性 30 分、技术方案 25 分")
    assert rubric_change(_rubric(30), _rubric(35)) == "创新性 30 → 35 分，满分 100 → 105 分"
    assert rubric_change(_rubric(), _rubric(extra=True, below="55")) == \
        "技术方案 70 → 60 分，新增 产业带动 10 分（权重 1.5），须写评审意见的分数线 60 → 55 分"
    line = entry_text("calls", "update", json.dumps({"rubric_json": _rubric(30)}),
                      json.dumps({"rubric_json": _rubric(35)}))
    assert line == "评分标准：创新性 30 → 35 分，满分 100 → 105 分"


def test_policy_change_lists_only_what_changed():  # type: ignore[no-untyped-def]
    a = PolicyParameters()
    plain = a.to_plain()
    changed = dict(plain, publicity_working_days=7)
    text = policy_change(json.dumps(plain, ensure_ascii=False), json.dumps(changed, ensure_ascii=False))
    assert text == "公示 拟立项公示期 5 个工作日 → 7 个工作日"
    assert policy_change(json.dumps(plain), json.dumps(plain)) == "无变化"


def test_record_numbers_read_as_codes_and_names():  # type: ignore[no-untyped-def]
    names = Names(labels={"projects": {131: "2026-CGZH-0016"}, "units": {22: "青溪县人民医院"}, "persons": {}},
                  users={"clerk": "王晓梅"}, criteria={62: {"innovation": "创新性"}})
    assert entry_text("persons", "update", json.dumps({"unit_id": None}), json.dumps({"unit_id": 22}),
                      names=names) == "单位：（空） → 青溪县人民医院"
    objection = {"project_id": 131, "publicity_id": 1, "recorded_by": "clerk", "content": "…"}
    lines = entry_lines("objections", "create", "", json.dumps(objection, ensure_ascii=False), names)
    assert "项目：2026-CGZH-0016" in lines and "登记人：王晓梅（clerk）" in lines
    assert "公示：1" in lines                       # (publicities were not looked up: the number stays)
    mark = {"assignment_id": 62, "criterion": "innovation", "points_tenths": "（评分内容保密）"}
    assert entry_lines("review_marks", "create", "", json.dumps(mark, ensure_ascii=False), names)[1] == "评分项：创新性"
    gone = Names(labels={"projects": {}})
    assert entry_text("budget_lines", "delete", json.dumps({"project_id": 7}), "", names=gone) == \
        "项目：编号 7（记录已删除）"
