"""评审保密 through every service: each public method of every service in ``bootstrap.SERVICE_CLASSES`` is
found by introspection and called with arguments made from its parameter names — as a reviewer with another
reviewer's and with non-existent ids, and as each staff role while the round is still being scored — and
nothing that comes back (return value, error message, files written) may contain another reviewer's marks,
totals, comments or recommendations.

A method is classified by its parameters: every required parameter name must be in :data:`ARGUMENTS` (which
says how to make a value for it), or the method must be in :data:`NOT_CALLED` with the reason. So a new
method is called automatically, and one with a new kind of parameter fails here until it is classified.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path

import openpyxl
import pytest

from sti_desk.bootstrap import SERVICE_CLASSES
from sti_desk.db.audit import CONFIDENTIAL_COLUMNS, CONFIDENTIAL_MARK
from sti_desk.domain.errors import DomainError
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role

from ...accounts import with_account
from .world import DAY, GOOD

SUBMITTED = {"innovation": "23.7", "technical": "19.3", "team": "13.9", "benefit": "17.1", "budget": "8.3"}
DRAFT = {"innovation": "21.4", "technical": "18.6"}
SECRET_TOTAL = "82.3"
COMMENTS = ("保密意见甲：技术路线论证不足", "保密意见乙：暂存的草稿")
NUMBERS = {Decimal(v) for v in (*SUBMITTED.values(), *DRAFT.values(), SECRET_TOTAL)}
NUMBER_TEXT = re.compile(r"(?<![\d.])(" + "|".join(re.escape(str(n)) for n in sorted(NUMBERS)) + r")(?![\d])")
HIDDEN_KEYS = frozenset().union(*CONFIDENTIAL_COLUMNS.values())

#: methods not called, with the reason (each must still exist: a stale entry fails the test)
NOT_CALLED = {
    "projects.create_project": "takes a whole ProjectInput; writes a new application and returns its id",
    "projects.update_project": "takes a whole ProjectInput; writes the application and returns nothing",
    "projects.facts": "helper over an ORM project row (no actor), reads no review table",
    "units.save_unit": "takes a whole Unit; writes it and returns its id",
    "review.add_expert": "takes a whole ExpertInput; writes a new expert and returns its id (reads no review table)",
    "calls.save_call": "takes a whole Call; writes it and returns its id (the rubric lock is tested elsewhere)",
    "policy.add_version": "takes a whole PolicyVersion; writes it and returns nothing",
    "policy.add_from_texts": "takes the typed values of a whole new policy version; writes it",
    "backups.record_restore": "records a restore of given backup files (the restore itself is a file copy)",
    "backups.witnesses": "helper over backup files on disk (no actor): returns audit-chain hashes",
    "intake.write_problems": "takes the whole ImportSummary of an import just run; writes its problems into a copy "
                             "of the imported file (reads no review table)",
}


@dataclasses.dataclass
class Scene:
    """The round being scored: reviewer B has one submitted and one draft sheet with secret content."""

    world: object
    a: object            # the acting reviewer (reviewer A)
    b: object            # the other reviewer
    submitted_id: int
    draft_id: int
    out: Path


@pytest.fixture
def scene(ctx, review, panel, world, tmp_path):
    (ea, a), (eb, b) = sorted(panel.items())[:2]
    mine = review.my_assignments(a)
    review.save_marks(a, mine[0].id, GOOD, "甲自己的意见", "资助")        # A's own draft: may come back to A
    theirs = review.my_assignments(b)
    review.save_marks(b, theirs[0].id, SUBMITTED, COMMENTS[0], "优先资助", submit=True)
    review.save_marks(b, theirs[1].id, DRAFT, COMMENTS[1], "不资助")
    return Scene(world, a, b, theirs[0].id, theirs[1].id, tmp_path)


def _later(s: Scene, variant: int, key: str) -> date:
    return date.today() + timedelta(days=30)


#: parameter name → value for variant 0 (another reviewer's submitted sheet), 1 (their draft), 2 (ids that
#: do not exist). Values are functions of (scene, variant, method key).
ARGUMENTS = {
    "actor": None,                                   # the acting user, filled in by the walk
    "assignment_id": lambda s, v, k: (s.submitted_id, s.draft_id, 999_999)[v],
    "expert_id": lambda s, v, k: (s.b.expert_id, s.b.expert_id, 999_999)[v],
    "project_id": lambda s, v, k: (s.world.projects[0], s.world.projects[1], 999_999)[v],
    "project": lambda s, v, k: (s.world.codes[0], s.world.projects[1], "2099-NONE-0001")[v],
    "unit_id": lambda s, v, k: (s.world.units[0], s.world.units[1], 999_999)[v],
    "user_id": lambda s, v, k: (s.b.user_id, s.b.user_id, 999_999)[v],
    "conflict_id": lambda s, v, k: (1, 1, 999_999)[v],
    "objection_id": lambda s, v, k: (1, 1, 999_999)[v],
    "call_code": lambda s, v, k: (s.world.call, s.world.call, "2099-NONE")[v],
    "code": lambda s, v, k: (s.world.call, s.world.codes[0], "2099-NONE")[v],
    "username": lambda s, v, k: s.b.username,
    "display_name": lambda s, v, k: "测试姓名",
    "password": lambda s, v, k: "password123",
    "old": lambda s, v, k: "password123",
    "new": lambda s, v, k: "password456",
    "new_password": lambda s, v, k: "password456",
    "role": lambda s, v, k: Role.REVIEWER,
    "active": lambda s, v, k: False,
    "reason": lambda s, v, k: "测试理由",
    "content": lambda s, v, k: "测试异议",
    "resolution": lambda s, v, k: "测试处理结果",
    "upheld": lambda s, v, k: True,
    "title": lambda s, v, k: "测试导出",
    "columns": lambda s, v, k: [],
    "rows": lambda s, v, k: [],
    "field": lambda s, v, k: "电子信息",
    "kind": lambda s, v, k: "applications",
    "target": lambda s, v, k: ProjectState.REJECTED,
    "decision": lambda s, v, k: "pass",
    "marks": lambda s, v, k: dict(GOOD),
    "items": lambda s, v, k: [(s.world.codes[0], Money.wan(10))],
    "deadline": _later,
    "start": _later,
    "received_on": _later,
    "today": lambda s, v, k: DAY,
    "path": lambda s, v, k: s.out / "无此文件.xlsx",
    "out_dir": lambda s, v, k: s.out / f"out-{k}-{v}",
    "out_path": lambda s, v, k: s.out / f"out-{k}-{v}.xlsx",
}


def _methods():
    for attr, (module, cls_name) in SERVICE_CLASSES.items():
        cls = getattr(importlib.import_module(f"sti_desk.services.{module}"), cls_name)
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                yield f"{attr}.{name}", attr, name, inspect.signature(fn)


def _required(sig):
    """Parameters without a default (after self); optional ones keep their defaults (e.g. all calls, all rows)."""
    return [p.name for p in list(sig.parameters.values())[1:]
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def test_every_public_service_method_is_classified():
    found = {key for key, *_ in _methods()}
    assert not set(NOT_CALLED) - found, "NOT_CALLED names methods that no longer exist"
    unknown = {key: [p for p in _required(sig) if p not in ARGUMENTS]
               for key, _, _, sig in _methods() if key not in NOT_CALLED}
    unknown = {k: v for k, v in unknown.items() if v}
    assert not unknown, ("these methods take parameters the confidentiality walk cannot make: add each "
                         f"parameter to ARGUMENTS or the method to NOT_CALLED with the reason: {unknown}")
    assert len(found) > 60


# -- finding secrets in whatever comes back --------------------------------------------------------
def _decimal(v) -> Decimal | None:
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return None
    try:
        return Decimal(str(v)) if isinstance(v, float) else Decimal(v)
    except InvalidOperation:
        return None


def _text_leaks(text: str, where: str) -> list[str]:
    found = [f"{where}: comment {c!r}" for c in COMMENTS if c in text]
    found += [f"{where}: mark {m.group(0)} in {text[max(0, m.start() - 40):m.end() + 40]!r}"
              for m in NUMBER_TEXT.finditer(text)]
    if text[:1] == "{":
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            found += [f"{where}: {k}={v!r} in JSON" for k, v in data.items()
                      if k in HIDDEN_KEYS and v not in (CONFIDENTIAL_MARK, "", None)]
    return found


def _file_leaks(path: Path) -> list[str]:
    if path.is_dir():
        return [x for p in sorted(path.rglob("*")) if p.is_file() for x in _file_leaks(p)]
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        out = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    d = _decimal(c.value)
                    if d is not None and d in NUMBERS:
                        out.append(f"{path.name}!{ws.title}{c.coordinate}: mark {c.value}")
                    elif isinstance(c.value, str):
                        out += _text_leaks(c.value, f"{path.name}!{ws.title}{c.coordinate}")
        return out
    if path.suffix in (".txt", ".csv", ".json", ".md"):
        return _text_leaks(path.read_text(encoding="utf-8", errors="replace"), path.name)
    return []   # backups (.db) are the database itself: guarded by file access, not by the services


def leaks(value, where: str = "", depth: int = 0) -> list[str]:
    if depth > 12 or value is None or isinstance(value, (bool, Enum, date)):
        return []
    d = _decimal(value)
    if d is not None:
        return [f"{where}: mark {value}"] if isinstance(value, Decimal) and d in NUMBERS else []
    if isinstance(value, str):
        return _text_leaks(value, where)
    if isinstance(value, Path):
        return _file_leaks(value) if value.exists() else []
    if isinstance(value, BaseException):
        return _text_leaks(str(value), f"{where} error")
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in leaks(k, where, depth + 1) + leaks(v, f"{where}[{k!r}]", depth + 1)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [x for i, v in enumerate(value) for x in leaks(v, f"{where}[{i}]", depth + 1)]
    if dataclasses.is_dataclass(value):
        out = []
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name == "recommendation" and v:
                out.append(f"{where}.recommendation = {v!r}")
            out += leaks(v, f"{where}.{f.name}", depth + 1)
        return out
    return []


def _walk(ctx, scene: Scene, actor, check=None) -> tuple[list[str], dict[str, int]]:
    """Call every method in every variant as ``actor``; (leaks found, how each call ended)."""
    found: list[str] = []
    outcomes = {"returned": 0, "refused": 0}
    for key, attr, name, sig in _methods():
        if key in NOT_CALLED:
            continue
        method = getattr(getattr(ctx.services, attr), name)
        for variant in range(3):
            kwargs = {p: actor if p == "actor" else ARGUMENTS[p](scene, variant, key) for p in _required(sig)}
            where = f"{key}#{variant}"
            try:
                result = method(**kwargs)
            except DomainError as exc:
                outcomes["refused"] += 1
                found += leaks(exc, where)
            else:
                outcomes["returned"] += 1
                found += leaks(result, where)
            for p in ("out_dir", "out_path"):
                if p in kwargs:
                    found += leaks(kwargs[p], f"{where} file")
            if check is not None:
                check(where)
    return found, outcomes


def test_a_reviewer_gets_no_other_reviewers_marks_from_any_service(ctx, scene):
    found, outcomes = _walk(ctx, scene, scene.a)
    assert found == []
    assert outcomes["refused"] > 100 and outcomes["returned"] > 5
    # the other reviewer's work is intact: nothing the walk did reached it
    form = ctx.services.review.get_score_form(scene.b, scene.submitted_id)
    assert form.locked and form.comment == COMMENTS[0] and form.total == Decimal(SECRET_TOTAL)


@pytest.mark.parametrize("role", [Role.CLERK, Role.MANAGER, Role.ADMIN])
def test_staff_see_no_marks_before_the_round_is_closed_through_any_service(ctx, admin, scene, role):
    from sti_desk.services.actor import Actor

    staff = admin if role is Role.ADMIN else with_account(ctx.db, Actor(9_000 + len(role.value), f"staff_{role.value}",
                                                                          f"工作人员{role.label}", role))

    def still_scoring(where: str) -> None:
        status = ctx.services.review.status(admin, scene.world.call)
        assert status.status == "scoring", f"{where} ended the round: the walk would no longer test anything"

    found, outcomes = _walk(ctx, scene, staff, still_scoring)
    assert found == []
    assert outcomes["returned"] > 10
    # the audit log was among what was read, and it does record the sheets' changes
    entries = ctx.services.audit.recent(admin, entity="review_marks", limit=1000)
    assert entries and all(json.loads(e.before or e.after)["points_tenths"] == CONFIDENTIAL_MARK for e in entries)
