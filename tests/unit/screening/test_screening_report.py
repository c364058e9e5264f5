"""run_screening as a whole: every check reports, errors block, warnings do not; layer purity."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from screening_builders import LEADER_ID, UNIT_ID, make_call, make_project, make_unit

import sti_desk.domain as domain_pkg
from sti_desk.domain.errors import LifecycleError
from sti_desk.domain.lifecycle import ProjectState, TransitionFacts, check_transition
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory
from sti_desk.domain.screening import (
    CHECKS,
    CheckResult,
    CreditBar,
    OtherApplication,
    ScreeningReport,
    Severity,
    missing_required_fields,
    run_screening,
)

EXPECTED_CODES = [
    "required_fields", "period", "dishonesty", "leader_limit", "duplicate", "similar_title", "above_scale_rd",
    "post_subsidy_rd", "cap", "open_competition_min", "self_funding", "budget_total", "budget_subjects",
    "indirect_cost", "calc_basis", "labour_ratio", "lump_sum_pledge",
]


def test_a_clean_application_passes_every_check(make_input):
    report = run_screening(make_input())
    assert [r.code for r in report.results] == EXPECTED_CODES == list(CHECKS)
    assert report.passed and not report.errors and not report.warnings
    assert all(r.passed and r.name and r.message and r.rule for r in report.results)
    assert report.summary() == "形式审查 17 项：通过 17 项，不通过 0 项，需人工判断 0 项"


def test_every_check_reports_even_when_several_fail(make_input):
    inp = make_input(
        project=make_project(requested=Money.wan(60), self_raised=Money.wan(10)),
        unit=make_unit(above_scale_industrial=True),
        bars=[CreditBar("person", LEADER_ID, "王建国", "抄袭剽窃", date(2026, 1, 1))],
        leader_active_projects=[("QS2023-007", "茶园土壤改良技术示范"), ("QS2024-012", "名优绿茶加工工艺提升")],
        other_open_applications=[OtherApplication(9, "2025-CGZH", "成果转化", UNIT_ID, 99,
                                                  "基于深度学习的茶叶病害识别系统的研发")],
    )
    report = run_screening(inp)
    assert len(report.results) == len(EXPECTED_CODES)
    assert not report.passed
    assert [r.code for r in report.errors] == [
        "dishonesty", "leader_limit", "duplicate", "above_scale_rd", "cap", "self_funding", "budget_total"]
    assert report.summary() == "形式审查 17 项：通过 10 项，不通过 7 项，需人工判断 0 项"
    assert report.by_code("cap").status_label == "不通过"


def test_report_passed_ignores_failed_warnings():
    warn = CheckResult("calc_basis", "测算依据", False, "…", "P7", Severity.WARNING)
    ok = CheckResult("cap", "单项资助上限", True, "…", "申报指南")
    report = ScreeningReport((ok, warn))
    assert report.passed and report.warnings == [warn] and warn.status_label == "需人工判断"
    assert not ScreeningReport((ok, CheckResult("cap", "单项资助上限", False, "…", "申报指南"))).passed
    with pytest.raises(KeyError):
        report.by_code("nope")


def test_report_feeds_the_lifecycle_guards(make_input):
    inp = make_input(project=make_project(title=""))
    facts = TransitionFacts(today=date(2025, 4, 15), required_fields_missing=missing_required_fields(inp),
                            screening_passed=run_screening(inp).passed)
    assert facts.required_fields_missing == ("项目名称",) and facts.screening_passed is False
    with pytest.raises(LifecycleError, match="项目名称"):
        check_transition(ProjectState.APPLIED, ProjectState.SCREENING, facts)


def test_post_subsidy_call_with_no_rd_input_blocks(make_input):
    report = run_screening(make_input(call=make_call(category=CallCategory.POST_SUBSIDY)))
    assert [r.code for r in report.errors] == ["post_subsidy_rd"]


# -- layering: the screening modules are pure domain code ------------------------------------------------
SCREENING_FILES = sorted(Path(domain_pkg.__file__).parent.glob("screening*.py"))


def test_screening_modules_exist():
    assert {p.name for p in SCREENING_FILES} >= {"screening.py", "screening_model.py", "screening_titles.py",
                                                  "screening_eligibility.py", "screening_budget.py"}


@pytest.mark.parametrize("path", SCREENING_FILES, ids=lambda p: p.name)
def test_screening_imports_only_stdlib_and_domain(path):
    allowed_stdlib = {"__future__", "collections", "dataclasses", "datetime", "decimal", "enum", "string",
                      "unicodedata", "typing"}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:        # relative: stays inside sti_desk.domain
                assert node.level == 1, f"{path.name}: {ast.dump(node)}"
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in allowed_stdlib or name.startswith("sti_desk.domain"), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", SCREENING_FILES, ids=lambda p: p.name)
def test_screening_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300
