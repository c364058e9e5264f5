"""Building a call's rubric from what the clerk typed (评分标准的编辑): the criteria table of the GUI or the
``--criteria "创新性=30,技术方案=25"`` text of the command line.

Each criterion keeps a stable ``code`` (the key of the marks, of the offline score sheet and of ``review score
--marks innovation=25``). A criterion typed without a code keeps the code of the criterion of the same name
in the call's current rubric or in the default rubric, otherwise it gets the next free ``c1``, ``c2`` …, so
renaming nothing never renames a key. Problems are raised together as :class:`FieldErrors` (``criteria``,
``recommendations``, ``comment_required_below``, ``comment_required_for``), each saying which row and why.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from ..errors import ValidationError
from ..validation import FieldErrors
from ._util import fmt_exact
from .rubric import Criterion, Rubric, default_rubric

CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,29}$")
_LIST_SEPARATORS = re.compile(r"[,，;；、]")
MAX_CRITERIA = 20


@dataclass(frozen=True)
class CriterionDraft:
    """One row as typed: texts, checked by :func:`build_rubric`. ``code`` may be empty."""

    name: str
    max_points: str
    weight: str = "1"
    code: str = ""


def split_list(text: str) -> list[str]:
    """'资助，修改后资助、不予资助' → ['资助', '修改后资助', '不予资助'] (empty items dropped)."""
    return [p.strip() for p in _LIST_SEPARATORS.split(text or "") if p.strip()]


def parse_criteria(text: str) -> list[CriterionDraft]:
    """'创新性=30,技术方案=25' or with codes 'innovation:创新性=30' → drafts (weights 1)."""
    drafts = []
    for i, part in enumerate(split_list(text), 1):
        label, sep, points = part.rpartition("=")
        if not sep or not label.strip():
            raise ValidationError(f"评分项第 {i} 项“{part}”应写成 名称=满分，如 创新性=30（可在前面加代码：innovation:创新性=30）",
                                  field="criteria")
        code, colon, name = label.replace("：", ":").partition(":")
        if not colon:
            code, name = "", label
        drafts.append(CriterionDraft(name.strip(), points.strip(), code=code.strip()))
    if not drafts:
        raise ValidationError("请至少给出一个评分项，如 创新性=30,技术方案=25", field="criteria")
    return drafts


def apply_weights(drafts: Sequence[CriterionDraft], text: str) -> list[CriterionDraft]:
    """Weights as a list in criterion order ('1,1,1,1.5,1') or by name/code ('经济社会效益=1.5')."""
    parts = split_list(text)
    if all("=" not in p for p in parts):
        if len(parts) != len(drafts):
            raise ValidationError(f"给出了 {len(parts)} 个权重，但有 {len(drafts)} 个评分项；"
                                  "按顺序逐项给出，或写成 名称=权重", field="criteria")
        return [replace(d, weight=w) for d, w in zip(drafts, parts, strict=True)]
    out = list(drafts)
    for part in parts:
        key, sep, weight = part.partition("=")
        key = key.strip()
        index = next((i for i, d in enumerate(out) if key in (d.name, d.code)), None)
        if not sep or index is None:
            names = "、".join(d.name for d in out)
            raise ValidationError(f"权重“{part}”应写成 评分项名称=权重，评分项为：{names}", field="criteria")
        out[index] = replace(out[index], weight=weight.strip())
    return out


def drafts_of(rubric: Rubric) -> list[CriterionDraft]:
    return [CriterionDraft(c.name, str(c.max_points), fmt_exact(c.weight), c.code) for c in rubric.criteria]


def build_rubric(drafts: Sequence[CriterionDraft], *, recommendations: Sequence[str],
                 comment_required_below: str | Decimal, comment_required_for: Sequence[str],
                 previous: Rubric | None = None) -> Rubric:
    """The rubric the rows describe, or :class:`FieldErrors` listing every problem."""
    errors: dict[str, str] = {}
    criteria = _criteria(drafts, previous, errors)
    recs = [r.strip() for r in recommendations if r.strip()]
    if not recs:
        errors["recommendations"] = "请至少给出一个推荐意见选项，如 优先资助、资助、不资助"
    elif len(set(recs)) != len(recs):
        errors["recommendations"] = f"推荐意见选项重复：{'、'.join(sorted({r for r in recs if recs.count(r) > 1}))}"
    needing = [r.strip() for r in comment_required_for if r.strip()]
    unknown = [r for r in needing if r not in recs]
    if unknown and "recommendations" not in errors:
        errors["comment_required_for"] = (f"“{'、'.join(unknown)}”不是推荐意见选项（可选：{'、'.join(recs)}）")
    max_total = sum(c.max_points for c in criteria)
    try:
        threshold = Decimal(str(comment_required_below).strip() or "0")
        if not threshold.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors["comment_required_below"] = f"须填写意见的分数线“{comment_required_below}”不是有效数字"
    else:
        if threshold < 0 or (criteria and "criteria" not in errors and threshold > max_total):
            errors["comment_required_below"] = f"须填写意见的分数线须在 0–{max_total} 分之间（满分 {max_total} 分）"
        elif threshold != threshold.quantize(Decimal("0.1")):
            errors["comment_required_below"] = "须填写意见的分数线最多保留一位小数"
    if errors:
        raise FieldErrors(errors)
    return Rubric(tuple(criteria), comment_required_below=threshold, recommendations=tuple(recs),
                  comment_required_for=tuple(needing))


def _criteria(drafts: Sequence[CriterionDraft], previous: Rubric | None, errors: dict[str, str]) -> list[Criterion]:
    rows = [d for d in drafts if d.name.strip() or d.max_points.strip() or d.code.strip()]
    if not rows:
        errors["criteria"] = "评分标准至少需要一个评分项"
        return []
    if len(rows) > MAX_CRITERIA:
        errors["criteria"] = f"评分项不超过 {MAX_CRITERIA} 个"
        return []
    problems: list[str] = []
    known = {c.name: c.code for r in (previous, default_rubric()) if r is not None for c in r.criteria}
    taken = {d.code.strip() for d in rows if d.code.strip()}
    names: list[str] = []
    parsed: list[tuple[str, str, int, Decimal]] = []
    for i, d in enumerate(rows, 1):
        where = f"评分项第 {i} 行"
        name, code = d.name.strip(), d.code.strip()
        if not name:
            problems.append(f"{where}：请填写名称")
        elif name in names:
            problems.append(f"{where}：名称“{name}”与前面的评分项重复")
        names.append(name)
        if code and not CODE_PATTERN.match(code):
            problems.append(f"{where}：代码“{code}”只能由字母开头的字母、数字和“_”组成（如 innovation）")
        points = _positive_int(d.max_points)
        if points is None:
            problems.append(f"{where}：满分“{d.max_points}”须为正整数")
        weight = _positive_decimal(d.weight or "1")
        if weight is None:
            problems.append(f"{where}：权重“{d.weight}”须为大于 0 的数")
        if not code and name:
            candidate = known.get(name)
            code = candidate if candidate and candidate not in taken else _free_code(taken)
            taken.add(code)
        parsed.append((code, name, points or 1, weight or Decimal(1)))
    codes = [p[0] for p in parsed if p[0]]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        problems.append(f"评分项代码重复：{'、'.join(dup)}")
    if problems:
        errors["criteria"] = "；".join(problems)
        return []
    return [Criterion(code, name, points, weight) for code, name, points, weight in parsed]


def _free_code(taken: set[str]) -> str:
    n = 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


def _positive_int(text: str) -> int | None:
    raw = (text or "").strip()
    if not raw.isdigit() or len(raw) > 4:
        return None
    value = int(raw)
    return value if value > 0 else None


def _positive_decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def revise_rubric(current: Rubric, *, criteria: str | None = None, weights: str | None = None,
                  recommendations: str | None = None, comment_below: str | None = None,
                  comment_for: str | None = None) -> tuple[Rubric, list[str]]:
    """``current`` with the parts given as text replaced (the command line's options); returns the new
    rubric and notes worth telling the user (e.g. a comment rule dropped with its recommendation)."""
    drafts = parse_criteria(criteria) if criteria is not None else drafts_of(current)
    if weights is not None:
        drafts = apply_weights(drafts, weights)
    recs = split_list(recommendations) if recommendations is not None else list(current.recommendations)
    notes: list[str] = []
    if comment_for is not None:
        needing = split_list(comment_for)
    else:
        needing = [r for r in current.comment_required_for if r in recs]
        dropped = [r for r in current.comment_required_for if r not in recs]
        if dropped:
            notes.append(f"“{'、'.join(dropped)}”已不是推荐意见选项，不再要求填写评审意见；"
                         "如某个推荐意见须填写意见，请用 --comment-for 指定")
    below = comment_below if comment_below is not None else current.comment_required_below
    return build_rubric(drafts, recommendations=recs, comment_required_below=below,
                        comment_required_for=needing, previous=current), notes
