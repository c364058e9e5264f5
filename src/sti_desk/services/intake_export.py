"""Templates with drop-downs from the database, list exports and annotated error copies (模板与导出).

The Excel writing itself is the Excel layer's (``sti_desk.io``): injection-safe cells, money in 万元 as
numbers, dates as date cells. Units, experts and projects are exported under exactly the template's
headers (projects with the 预算明细 sheet and a few extra columns after the template's), so an exported
list re-imports with the template importer.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from ..db.tables import BudgetLineRow, CallRow, ExpertRow, PersonRow, ProjectRow, TeamMemberRow, UnitRow
from ..db.uow import UnitOfWork
from ..domain.entities import UNIT_TYPE_LABELS, UnitType
from ..domain.lifecycle import ProjectState
from ..domain.money import Money
from ..io.excel_specs import ALL_SUBJECTS, BUDGET_DETAIL, PROJECT_EXPORT_EXTRAS, SheetSpec, spec_for
from ..io.excel_types import CellProblem, ExportColumn
from .intake_load import load_fields
from .intake_screen import call_by_code
from .intake_types import ExportResult, ScreeningOutcome

TEMPLATE_KINDS = ("units", "experts", "applications", "expenditures")


def template_choices(uow: UnitOfWork, today: date) -> dict[str, list[str]]:
    """Drop-down lists: the calls still taking applications on ``today`` (newest first: not yet closed,
    including those not yet open, as templates go out with the call notice), research fields, unit types,
    budget subjects of both schemes. A late paper application for a closed call is still imported (with a
    note), only not offered in the drop-down."""
    still_open = or_(CallRow.closes.is_(None), CallRow.closes >= today)
    calls = [n for n in uow.session.scalars(select(CallRow.name).where(still_open)
                                            .order_by(CallRow.year.desc(), CallRow.code))]
    return {"call": calls, "field": load_fields(uow), "unit_type": list(UNIT_TYPE_LABELS.values()),
            "budget_subject": list(ALL_SUBJECTS)}


def write_kind_template(uow: UnitOfWork, kind: str, out: Path, today: date) -> Path:
    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"未知的模板类型“{kind}”，可选：{'、'.join(TEMPLATE_KINDS)}")
    from ..io.excel_templates import write_template  # (openpyxl: imported when a template is written)

    out.parent.mkdir(parents=True, exist_ok=True)
    write_template(out, kind, choices=template_choices(uow, today))
    return out


def annotate(source: Path, problems: list[CellProblem], out: Path) -> Path:
    from ..io.excel_errors import write_annotated_copy

    out.parent.mkdir(parents=True, exist_ok=True)
    write_annotated_copy(source, problems, out)
    return out


def _kind(value: object) -> str:
    if isinstance(value, Money | Decimal):
        return "money_wan"
    if isinstance(value, date):
        return "date"
    if isinstance(value, int) and not isinstance(value, bool):
        return "int"
    return "text"


def column_kinds(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[ExportColumn]:
    """Each column's kind from its first non-blank value: Money/Decimal → 万元 number, date → date cell,
    int → number, anything else → text (injection-safe)."""
    kinds = []
    for i, header in enumerate(columns):
        first = next((r[i] for r in rows if i < len(r) and r[i] not in (None, "")), None)
        kinds.append(ExportColumn(header, _kind(first)))
    return kinds


def export_table(out: Path, title: str, columns: Sequence[str | ExportColumn],
                 rows: Sequence[Sequence[object]]) -> ExportResult:
    """Write a list with the Excel layer's safe exporter; plain header strings get kinds from the data."""
    from ..io import excel_export

    if all(isinstance(c, str) for c in columns):
        columns = column_kinds([str(c) for c in columns], rows)
    excel_export.export_table(out, title, columns, rows)
    return ExportResult(out, len(rows))


def _yes(v: bool) -> str:
    return "是" if v else "否"


def export_units(uow: UnitOfWork, out: Path) -> ExportResult:
    spec = spec_for("units")
    rows = []
    for u in uow.session.scalars(select(UnitRow).order_by(UnitRow.name)):
        label = UNIT_TYPE_LABELS.get(UnitType(u.unit_type)) if u.unit_type in {t.value for t in UnitType} else ""
        rows.append([u.name, u.credit_code, label, _yes(u.above_scale_industrial), _yes(u.has_rd_institution),
                     u.rd_intensity, u.address, u.contact, u.phone])
    return export_table(out, "单位库", [ExportColumn(f.header) for f in spec.fields], rows)


def export_experts(uow: UnitOfWork, out: Path) -> ExportResult:
    spec = spec_for("experts")
    # 工作单位: the registered unit's name, else the name typed for a unit outside 单位库 (re-imports as such)
    stmt = (select(PersonRow.name, PersonRow.id_number, func.coalesce(UnitRow.name, PersonRow.workplace),
                   UnitRow.credit_code, PersonRow.title, ExpertRow.field, ExpertRow.specialty, PersonRow.phone)
            .join(PersonRow, PersonRow.id == ExpertRow.person_id)
            .outerjoin(UnitRow, UnitRow.id == PersonRow.unit_id).order_by(ExpertRow.field, PersonRow.name))
    rows = [[v if v is not None else "" for v in r] for r in uow.session.execute(stmt)]
    return export_table(out, "专家库", [ExportColumn(f.header) for f in spec.fields], rows)


def _template_columns(spec: SheetSpec) -> list[ExportColumn]:
    """The columns of ``spec``'s import template, under the template's very headers ("项目名称*", "申请财政资金(万元)*")."""
    kinds = {"money": "money_wan", "date": "date"}
    return [ExportColumn(f.template_header, kinds.get(f.vtype, "text")) for f in spec.fields if f.in_template]


PROJECT_EXTRA_COLUMNS = [ExportColumn(h, k) for h, k in zip(PROJECT_EXPORT_EXTRAS, ("text", "text", "money_wan"))]


def _funded(approved_fen: int) -> Money | None:
    """立项金额: blank (not 0) while the project has no funding yet."""
    return Money(approved_fen) if approved_fen else None


def export_projects(uow: UnitOfWork, out: Path, call_code: str | None = None) -> ExportResult:
    """项目清单 laid out as the applications template (项目申报 and 预算明细 sheets, the template's headers, team as
    “姓名:身份证号;…”), then 项目编号, 阶段, 立项金额 — so the file re-imports with the applications importer."""
    leader = aliased(PersonRow)
    stmt = (select(ProjectRow.id, CallRow.name, ProjectRow.title, UnitRow.name, UnitRow.credit_code, leader.name,
                   leader.id_number, ProjectRow.field, ProjectRow.start_date, ProjectRow.end_date,
                   ProjectRow.requested_fen, ProjectRow.self_raised_fen, ProjectRow.lump_sum_pledge,
                   ProjectRow.summary, ProjectRow.code, ProjectRow.state, ProjectRow.approved_fen)
            .join(CallRow, CallRow.id == ProjectRow.call_id).join(UnitRow, UnitRow.id == ProjectRow.unit_id)
            .join(leader, leader.id == ProjectRow.leader_id).order_by(ProjectRow.code))
    ids = None                      # the projects of the call, as a subquery for their team and budget lines
    if call_code:
        call_id = call_by_code(uow, call_code).id
        stmt = stmt.where(ProjectRow.call_id == call_id)
        ids = select(ProjectRow.id).where(ProjectRow.call_id == call_id)
    projects = uow.session.execute(stmt).all()
    team = _teams(uow, ids)
    lines = _budget_lines(uow, ids)
    rows, detail = [], []
    for (pid, call, title, unit, credit, leader_name, leader_no, fld, start, end, requested, own, pledge, summary,
         code, state, approved) in projects:
        members = ";".join(f"{n}:{no}" for n, no in team.get(pid, []) if no != leader_no)
        rows.append([call, title, unit, credit, leader_name, leader_no, fld, start, end, Money(requested), Money(own),
                     _yes(pledge), summary or "", members, code, ProjectState(state).label, _funded(approved)])
        detail.extend([title, credit, subject, Money(fiscal), Money(raised), basis or ""]
                      for subject, fiscal, raised, basis in lines.get(pid, []))
    apps = spec_for("applications")
    from ..io.excel_export import export_sheets

    export_sheets(out, "项目清单", [(apps.title, _template_columns(apps) + PROJECT_EXTRA_COLUMNS, rows),
                                   (BUDGET_DETAIL.title, _template_columns(BUDGET_DETAIL), detail)])
    return ExportResult(out, len(rows))


def _teams(uow: UnitOfWork, project_ids: Select | None) -> dict[int, list[tuple[str, str]]]:
    stmt = (select(TeamMemberRow.project_id, PersonRow.name, PersonRow.id_number)
            .join(PersonRow, PersonRow.id == TeamMemberRow.person_id).order_by(TeamMemberRow.id))
    if project_ids is not None:
        stmt = stmt.where(TeamMemberRow.project_id.in_(project_ids))
    team: dict[int, list[tuple[str, str]]] = {}
    for pid, name, id_number in uow.session.execute(stmt):
        team.setdefault(pid, []).append((name, id_number))
    return team


def _budget_lines(uow: UnitOfWork, project_ids: Select | None) -> dict[int, list[tuple]]:
    stmt = select(BudgetLineRow.project_id, BudgetLineRow.subject, BudgetLineRow.fiscal_fen,
                  BudgetLineRow.self_raised_fen, BudgetLineRow.basis).order_by(BudgetLineRow.id)
    if project_ids is not None:
        stmt = stmt.where(BudgetLineRow.project_id.in_(project_ids))
    lines: dict[int, list[tuple]] = {}
    for pid, *line in uow.session.execute(stmt):
        lines.setdefault(pid, []).append(tuple(line))
    return lines


SCREENING_COLUMNS = ["项目编号", "项目名称", "申报单位", "项目负责人", "申请财政资金(万元)", "自动检查", "未通过的检查",
                     "需人工判断", "审查决定", "决定说明", "决定人"]


def export_screening(outcomes: list[ScreeningOutcome], call_code: str, out: Path) -> ExportResult:
    rows = []
    for o in outcomes:
        errors = "；".join(f"{c.name}：{c.message}" for c in o.failures if c.blocks)
        warnings = "；".join(f"{c.name}：{c.message}" for c in o.failures if not c.blocks)
        rows.append([o.project_code, o.title, o.unit_name, o.leader_name, o.requested,
                     o.auto_label, errors, warnings, o.decision_label, o.decision_note,
                     o.decided_by])
    kinds = ["text"] * 4 + ["money_wan"] + ["text"] * 6
    return export_table(out, f"形式审查结果（{call_code}）", [ExportColumn(h, k) for h, k in zip(SCREENING_COLUMNS, kinds)],
                        rows)
