"""The JSON an audit entry keeps in a few columns, summarised in words (审计日志“内容”).

A screening's ``results_json`` is seventeen checks as JSON, a call's ``rubric_json`` the whole rubric, a
policy version's ``params_json`` every parameter, an import's ``counts_json`` its counts and record numbers:
shown as stored they are walls of English keys. Here each becomes a short Chinese line — which checks
failed, which criterion changed from what to what, which parameters changed, how many rows were imported.
Texts that are not the expected JSON are returned as ``None`` (the caller then shows them as stored).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..domain.errors import DomainError
from ..domain.policy import PolicyParameters
from ..domain.policy_params import PARAMETERS
from ..domain.policy_text import value_text as param_value_text
from ..domain.review import Rubric, default_rubric
from ..domain.review._util import fmt_points
from .audit_labels import EVENT_KEYS, shown_value, table_label
from .intake_types import KIND_LABELS

Namer = Callable[[str, Any], "str | None"]        # (table, number) → label, or None when unknown


def _load(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# -- 形式审查 ------------------------------------------------------------------------------------------
def screening_results(text: Any) -> str | None:
    """'17 项检查，1 项不通过（失信惩戒），1 项需人工判断（相似题目）'."""
    data = _load(text)
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        return None
    if not data:
        return "未保存逐项检查明细"
    failed = [str(d.get("name", "")) for d in data if not d.get("passed") and d.get("blocks", True)]
    warned = [str(d.get("name", "")) for d in data if not d.get("passed") and not d.get("blocks", True)]
    out = f"{len(data)} 项检查"
    if failed:
        out += f"，{len(failed)} 项不通过（{'、'.join(failed)}）"
    if warned:
        out += f"，{len(warned)} 项需人工判断（{'、'.join(warned)}）"
    return out + ("" if failed or warned else "，均通过或不适用")


# -- 评分标准 ------------------------------------------------------------------------------------------
def _rubric(text: Any) -> Rubric | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return default_rubric()
    if _load(text) is None:
        return None
    from .review_common import rubric_from_json

    try:
        return rubric_from_json(text)
    except (ValueError, KeyError, TypeError, DomainError):
        return None


def _weight(w: Decimal) -> str:
    return "" if w == 1 else f"（权重 {fmt_points(w)}）"


def rubric_text(text: Any) -> str | None:
    """'创新性 30 分、技术方案 25 分 …（满分 100 分）；总分低于 60 分须写评审意见；推荐意见：优先资助、资助、不资助'."""
    r = _rubric(text)
    if r is None:
        return None
    criteria = "、".join(f"{c.name} {c.max_points} 分{_weight(c.weight)}" for c in r.criteria)
    out = (f"{criteria}（满分 {r.max_total} 分），总分低于 {fmt_points(r.comment_required_below)} 分须写评审意见，"
           f"推荐意见：{'、'.join(r.recommendations)}")
    if r.comment_required_for:
        out += f"（{'、'.join(r.comment_required_for)}须写意见）"
    return ("默认：" if not (text or "").strip() else "") + out


def rubric_change(old: Any, new: Any) -> str | None:
    """'创新性 30 → 35 分，新增 产业带动 10 分（权重 1.5），删除 预算合理性 10 分'."""
    a, b = _rubric(old), _rubric(new)
    if a is None or b is None:
        return None
    before, after = {c.code: c for c in a.criteria}, {c.code: c for c in b.criteria}
    parts = []
    for c in b.criteria:
        o = before.get(c.code)
        if o is None:
            parts.append(f"新增 {c.name} {c.max_points} 分{_weight(c.weight)}")
            continue
        if o.name != c.name:
            parts.append(f"{o.name} 改名为 {c.name}")
        if o.max_points != c.max_points:
            parts.append(f"{c.name} {o.max_points} → {c.max_points} 分")
        if o.weight != c.weight:
            parts.append(f"{c.name} 权重 {fmt_points(o.weight)} → {fmt_points(c.weight)}")
    parts += [f"删除 {c.name} {c.max_points} 分" for c in a.criteria if c.code not in after]
    kept = [c.code for c in a.criteria if c.code in after]
    if kept != [c.code for c in b.criteria if c.code in before]:
        parts.append(f"评分项顺序改为 {'、'.join(c.name for c in b.criteria)}")
    if a.max_total != b.max_total:
        parts.append(f"满分 {a.max_total} → {b.max_total} 分")
    if a.comment_required_below != b.comment_required_below:
        parts.append(f"须写评审意见的分数线 {fmt_points(a.comment_required_below)} → "
                     f"{fmt_points(b.comment_required_below)} 分")
    for label, x, y in (("推荐意见", a.recommendations, b.recommendations),
                        ("须写意见的推荐意见", a.comment_required_for, b.comment_required_for)):
        if x != y:
            parts.append(f"{label} {'、'.join(x) or '无'} → {'、'.join(y) or '无'}")
    return "，".join(parts) or "无变化"


# -- 政策参数 ------------------------------------------------------------------------------------------
def _params(text: Any) -> PolicyParameters | None:
    data = _load(text)
    if not isinstance(data, dict):
        return None
    try:
        return PolicyParameters.from_plain(data)
    except (TypeError, ValueError, KeyError, DomainError):
        return None


def policy_values(text: Any) -> str | None:
    """Every parameter by rule and name, as the 政策参数 tab shows them."""
    p = _params(text)
    if p is None:
        return None
    return "，".join(f"{s.rule} {s.label} {param_value_text(s, getattr(p, s.name))}" for s in PARAMETERS)


def policy_change(old: Any, new: Any) -> str | None:
    """Only the parameters that differ: 'P6 统一比例时的间接费用上限 20% → 15%'."""
    a, b = _params(old), _params(new)
    if a is None or b is None:
        return None
    parts = [f"{s.rule} {s.label} {param_value_text(s, getattr(a, s.name))} → {param_value_text(s, getattr(b, s.name))}"
             for s in PARAMETERS if getattr(a, s.name) != getattr(b, s.name)]
    return "，".join(parts) or "无变化"


# -- 导入 ----------------------------------------------------------------------------------------------
def _created_ids(value: Any) -> str:
    """{"persons": [781, 784], …} (first and last number written) → '人员 781–784、专家 99–102'."""
    if not isinstance(value, Mapping) or not value:
        return "无"
    parts = []
    for table, span in value.items():
        numbers = [n for n in span if isinstance(n, int)] if isinstance(span, list) else []
        if not numbers:
            continue
        first, last = min(numbers), max(numbers)
        parts.append(f"{table_label(table)} {first}" + (f"–{last}" if last != first else ""))
    return "、".join(parts) or "无"


def import_lines(detail: Mapping[str, Any]) -> list[str]:
    """An import's record (the 导入 event, a batch's 导入统计) as lines: what, how many, which numbers."""
    d = dict(detail)
    lines = []
    if "file" in d:
        lines.append(f"文件：{d.pop('file')}")
    if "kind" in d:
        kind = d.pop("kind")
        lines.append(f"导入内容：{KIND_LABELS.get(kind, kind)}")
    counts = [f"{EVENT_KEYS[k]} {d.pop(k)}" for k in ("created", "updated", "unchanged") if k in d]
    if "skipped" in d:
        rows = d.pop("skipped_rows", None) or []
        where = f"（第 {'、'.join(str(r) for r in rows)} 行）" if rows else ""
        counts.append(f"跳过 {d.pop('skipped')} 行{where}")
    if counts:
        partial = d.pop("partial", None)
        lines.append("导入结果：" + "、".join(counts) + ("，部分导入（有问题的行未写入）" if partial else ""))
    new = [f"{label} {d.pop(k)}" for k, label in (("new_units", "单位"), ("new_persons", "人员")) if k in d]
    if new:
        lines.append("新登记：" + "、".join(new))
    if "created_ids" in d:
        lines.append(f"新增记录编号：{_created_ids(d.pop('created_ids'))}")
    if "skipped_rows" in d:
        rows = d.pop("skipped_rows") or []
        lines.append(f"跳过的行：{'、'.join(f'第 {r} 行' for r in rows) or '无'}")
    lines += [f"{EVENT_KEYS.get(k, k)}：{shown_value(k, v)}" for k, v in d.items()]
    return lines


def import_counts(text: Any) -> str | None:
    """A batch's ``counts_json`` without what its own columns already say (file, kind, SHA-256)."""
    data = _load(text)
    if not isinstance(data, dict):
        return None
    rest = {k: v for k, v in data.items() if k not in ("file", "kind", "sha256")}
    lines = [line.removeprefix("导入结果：").replace("：", " ", 1) for line in import_lines(rest)]
    return "，".join(lines) or "无"


# -- 专家替补 ------------------------------------------------------------------------------------------
def skipped_experts(text: Any, name: Namer) -> str | None:
    """The experts a replacement passed over: '张三（已暂停）、李四（回避：…）'."""
    data = _load(text)
    if not isinstance(data, list):
        return None
    parts = []
    for item in data:
        if not isinstance(item, dict):
            return None
        who = name("experts", item.get("expert_id")) or f"专家 {item.get('expert_id')}"
        why = "已暂停" if item.get("kind") == "suspended" else "回避：" + "；".join(item.get("reasons") or [])
        parts.append(f"{who}（{why}）")
    return "、".join(parts) or "无"
