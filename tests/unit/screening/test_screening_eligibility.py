"""Checks on completeness and eligibility: each with a passing and a failing example."""
from __future__ import annotations

from datetime import date

from screening_builders import LEADER_ID, MEMBER_ID, TITLE, UNIT_ID, make_call, make_project, make_unit

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory, OrganisationMode, PolicyParameters
from sti_desk.domain.screening import (
    CreditBar,
    OtherApplication,
    Severity,
    missing_required_fields,
    parse_rd_intensity,
    run_screening,
)
from sti_desk.domain.screening_eligibility import (
    check_above_scale_rd,
    check_dishonesty,
    check_duplicate,
    check_leader_limit,
    check_period,
    check_post_subsidy_rd,
    check_required_fields,
    check_similar_title,
)


# -- required fields ------------------------------------------------------------------------------
def test_required_fields_pass(make_input):
    r = check_required_fields(make_input())
    assert r.passed and r.code == "required_fields" and r.severity is Severity.ERROR


def test_required_fields_name_every_missing_one(make_input):
    project = make_project(title="  ", field="", start_date=None, requested=Money(0))
    r = check_required_fields(make_input(project=project, leader=None))
    assert not r.passed
    assert r.message == "申报信息不完整，缺少：项目名称、技术领域、项目负责人、开始日期、申请财政资金（须大于 0）"


def test_missing_unit_is_reported_and_other_checks_still_run(make_input):
    inp = make_input(unit=None, project=make_project(unit_id=0))
    assert missing_required_fields(inp) == ("申报单位",)
    report = run_screening(inp)
    assert not report.passed and [r.code for r in report.errors] == ["required_fields"]


# -- period ------------------------------------------------------------------------------------------
def test_period_pass(make_input):
    r = check_period(make_input())
    assert r.passed and "2025-07-01 至 2027-06-30" in r.message


def test_period_end_before_start(make_input):
    r = check_period(make_input(project=make_project(start_date=date(2026, 1, 1), end_date=date(2025, 12, 31))))
    assert not r.passed
    assert r.message == "结束日期 2025-12-31 不晚于开始日期 2026-01-01"


def test_period_longer_than_five_years(make_input):
    ok = check_period(make_input(project=make_project(start_date=date(2025, 7, 1), end_date=date(2030, 7, 1))))
    assert ok.passed
    r = check_period(make_input(project=make_project(start_date=date(2025, 7, 1), end_date=date(2030, 7, 2))))
    assert not r.passed and r.message == "执行期 2025-07-01 至 2030-07-02 超过 5 年"


def test_period_already_over_and_missing_dates(make_input):
    r = check_period(make_input(project=make_project(start_date=date(2023, 1, 1), end_date=date(2024, 12, 31))))
    assert not r.passed and "结束日期 2024-12-31 早于审查日 2025-04-15" in r.message
    r = check_period(make_input(project=make_project(end_date=None)))
    assert not r.passed and r.message == "未填写结束日期，无法审核执行期"


# -- dishonesty (P12) ----------------------------------------------------------------------------
def _bar(kind, sid, name, until, reason="项目验收材料造假", effective=None):
    return CreditBar(kind, sid, name, reason, until, effective)


def test_dishonesty_pass_when_bars_expired_or_not_ours(make_input):
    bars = [_bar("unit", UNIT_ID, "青山县茶业科技有限公司", date(2025, 4, 14)),   # ended yesterday
            _bar("person", 999, "赵六", date(2027, 1, 1)),                         # someone else
            _bar("person", LEADER_ID, "王建国", date(2027, 1, 1), effective=date(2025, 5, 1))]  # not yet
    r = check_dishonesty(make_input(bars=bars))
    assert r.passed and "2025-04-15" in r.message


def test_dishonesty_names_unit_leader_and_member(make_input):
    bars = [_bar("unit", UNIT_ID, "青山县茶业科技有限公司", date(2025, 4, 15)),   # last day still barred
            _bar("person", LEADER_ID, "王建国", date(2026, 3, 31), "抄袭剽窃"),
            _bar("person", MEMBER_ID, "李芳", None, "虚报冒领经费")]
    r = check_dishonesty(make_input(bars=bars))
    assert not r.passed and r.rule.startswith("P12")
    assert r.message == ("申报单位“青山县茶业科技有限公司”在失信惩戒期内（至 2025-04-15，原因：项目验收材料造假）；"
                         "项目负责人“王建国”在失信惩戒期内（至 2026-03-31，原因：抄袭剽窃）；"
                         "团队成员“李芳”在失信惩戒期内（未设截止日期，原因：虚报冒领经费）")


# -- leader limit ----------------------------------------------------------------------------------
def test_leader_limit_pass_below_limit(make_input):
    r = check_leader_limit(make_input(leader_active_projects=[("QS2023-007", "茶园土壤改良技术示范")]))
    assert r.passed and r.message == "项目负责人“王建国”主持在研项目 1 项，未达上限 2 项"


def test_leader_limit_fails_at_limit_and_lists_projects(make_input):
    active = [("QS2023-007", "茶园土壤改良技术示范"), ("QS2024-012", "名优绿茶加工工艺提升")]
    r = check_leader_limit(make_input(leader_active_projects=active))
    assert not r.passed
    assert r.message == ("项目负责人“王建国”已主持在研项目 2 项（QS2023-007《茶园土壤改良技术示范》、"
                         "QS2024-012《名优绿茶加工工艺提升》），达到上限 2 项，不能再申报")


def test_leader_limit_follows_policy(make_input):
    inp = make_input(policy=PolicyParameters(leader_max_active_projects=1),
                     leader_active_projects=[("QS2023-007", "茶园土壤改良技术示范")])
    r = check_leader_limit(inp)
    assert not r.passed and "上限 1 项" in r.message and "不超过 1 项" in r.rule


# -- duplicate --------------------------------------------------------------------------------------
def _other(title, unit_id=2, leader_id=22, state=ProjectState.APPLIED, project_id=501, **kw):
    return OtherApplication(project_id, "2025-CGZH", "2025年度青山县成果转化计划", unit_id, leader_id, title,
                            state, **kw)


def test_duplicate_same_unit_near_identical_title(make_input):
    others = [_other("基于深度学习的茶叶病害识别系统的研发", unit_id=UNIT_ID)]
    r = check_duplicate(make_input(other_open_applications=others))
    assert not r.passed
    assert r.message == ("批次“2025年度青山县成果转化计划”（2025-CGZH）中的申报《基于深度学习的茶叶病害识别系统的研发》"
                         "与本项目为同一申报单位，名称相似度 100%")


def test_duplicate_same_leader_near_identical_title(make_input):
    others = [_other("基于深度学习的茶叶病害智能识别系统研发", leader_id=LEADER_ID)]
    r = check_duplicate(make_input(other_open_applications=others))
    assert not r.passed and "为同一负责人，名称相似度 94.1%" in r.message


def test_duplicate_same_unit_and_leader_other_title_is_fine(make_input):
    others = [_other("基于机器视觉的柑橘分拣装备研发", unit_id=UNIT_ID, leader_id=LEADER_ID)]
    r = check_duplicate(make_input(other_open_applications=others))
    assert r.passed and "85%" in r.message


def test_duplicate_ignores_own_row_and_rejected_applications(make_input):
    others = [_other(TITLE, unit_id=UNIT_ID, project_id=500),                       # this project itself
              _other(TITLE, unit_id=UNIT_ID, state=ProjectState.REJECTED),       # already rejected
              _other(TITLE, unit_id=UNIT_ID, state="applied", project_id=None)]  # str state accepted
    r = check_duplicate(make_input(other_open_applications=others[:2]))
    assert r.passed
    assert not check_duplicate(make_input(other_open_applications=others)).passed


def test_duplicate_of_an_active_project_of_the_leader(make_input):
    inp = make_input(leader_active_projects=[("QS2024-003", "基于深度学习的茶叶病害识别系统研发")])
    r = check_duplicate(inp)
    assert not r.passed
    assert r.message == "负责人“王建国”在研项目 QS2024-003《基于深度学习的茶叶病害识别系统研发》与本项目名称相似度 100%"


def test_same_title_from_other_unit_is_a_warning_not_a_duplicate(make_input):
    others = [_other("基于深度学习的茶叶病害识别系统研发。", unit_name="白云县农业科学研究所", leader_name="陈明")]
    inp = make_input(other_open_applications=others)
    assert check_duplicate(inp).passed
    r = check_similar_title(inp)
    assert not r.passed and r.severity is Severity.WARNING
    assert "申报方：白云县农业科学研究所、陈明" in r.message and "名称相似度 100%" in r.message
    assert run_screening(inp).passed            # a warning never blocks
    assert check_similar_title(make_input()).passed


# -- P14 above-scale industrial enterprise ------------------------------------------------------------
def test_above_scale_with_rd_institution_passes(make_input):
    r = check_above_scale_rd(make_input(unit=make_unit(above_scale_industrial=True, has_rd_institution=True)))
    assert r.passed and r.applicable and "已建有研发机构" in r.message


def test_above_scale_without_rd_institution_fails(make_input):
    r = check_above_scale_rd(make_input(unit=make_unit(above_scale_industrial=True)))
    assert not r.passed and r.rule.startswith("P14")
    assert r.message == "申报单位“青山县茶业科技有限公司”为规上工业企业，但未建有研发机构"


def test_above_scale_not_applicable_to_other_units(make_input):
    r = check_above_scale_rd(make_input())
    assert r.passed and not r.applicable and r.status_label == "不适用"


# -- P15 post-subsidy R&D input --------------------------------------------------------------------
def test_post_subsidy_with_rd_input_passes(make_input):
    inp = make_input(call=make_call(category=CallCategory.POST_SUBSIDY), unit=make_unit(rd_intensity="3.2%"))
    r = check_post_subsidy_rd(inp)
    assert r.passed and r.message == "申报单位“青山县茶业科技有限公司”研发投入强度 3.2%"


def test_post_subsidy_without_rd_input_fails(make_input):
    call = make_call(category=CallCategory.POST_SUBSIDY)
    r = check_post_subsidy_rd(make_input(call=call, unit=make_unit(rd_intensity="")))
    assert not r.passed and r.rule.startswith("P15")
    assert r.message == "后补助类申报，申报单位“青山县茶业科技有限公司”未填写研发投入强度"
    r = check_post_subsidy_rd(make_input(call=call, unit=make_unit(rd_intensity="0%")))
    assert not r.passed and "研发投入强度为 0%，没有研发投入" in r.message
    r = check_post_subsidy_rd(make_input(call=call, unit=make_unit(rd_intensity="较高")))
    assert not r.passed and "“较高”无法识别" in r.message


def test_post_subsidy_by_organisation_mode_and_not_applicable_otherwise(make_input):
    call = make_call(organisation_mode=OrganisationMode.POST_SUBSIDY)
    assert not check_post_subsidy_rd(make_input(call=call)).passed
    r = check_post_subsidy_rd(make_input())
    assert r.passed and not r.applicable


def test_parse_rd_intensity():
    assert parse_rd_intensity(" 3.2％ ") == parse_rd_intensity("3.2") == parse_rd_intensity("3.2%")
    assert parse_rd_intensity("") is None and parse_rd_intensity("NaN") is None
