"""An audit entry's stored JSON as lines a clerk can read (审计日志“内容”列).

A row's update is ``字段：旧值 → 新值`` per changed column, a created or deleted row ``字段：值`` per column
(in the table's column order; the record number is left out, the log shows it as 对象编号), an event
(import, draw, approval, backup …) ``名称：值`` per recorded item. Names and values come from
:mod:`services.audit_labels` (money in 万元, 是/否, Chinese names of stored codes); the JSON a few columns
keep is summarised by :mod:`services.audit_json` (形式审查结果, 评分标准 and what changed in it, 政策参数, 导入统计);
with the page's :class:`~services.audit_refs.Names`, record numbers read as codes and names (项目：2026-CGZH-0016,
单位：青溪县人民医院, 评分项：创新性) and accounts as 王晓梅（clerk）.
"""
from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..db.tables import Base
from . import audit_json as J
from .audit_labels import EVENT_KEYS, EVENT_MONEY_KEYS, column_label, money_text, shown_value
from .audit_refs import NO_NAMES, USERNAME_COLUMNS, Names, target_of

ROW_ACTIONS = frozenset({"create", "update", "delete"})
#: columns a created or deleted row's text leaves out (the number is the entry's 对象编号)
_LEFT_OUT = frozenset({"id", "version"})
#: JSON columns shown as a summary (one value) and, when changed, as what changed (both values)
_SUMMARIES = {("screenings", "results_json"): J.screening_results, ("calls", "rubric_json"): J.rubric_text,
              ("policy_versions", "params_json"): J.policy_values, ("import_batches", "counts_json"): J.import_counts}
_CHANGES = {("calls", "rubric_json"): J.rubric_change, ("policy_versions", "params_json"): J.policy_change}


@cache
def _column_order(table: str) -> dict[str, int]:
    t = Base.metadata.tables.get(table)
    return {c.name: i for i, c in enumerate(t.columns)} if t is not None else {}


def _load(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _ordered(table: str, keys: Any) -> list[str]:
    order = _column_order(table)
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


class _Text:
    """The words of one entry's values, with the page's :class:`Names` (numbers → codes and names)."""

    def __init__(self, table: str, names: Names):
        self.table, self.names = table, names

    def value(self, column: str, value: Any, row: dict[str, Any]) -> str:
        summary = _SUMMARIES.get((self.table, column))
        if summary is not None and (shown := summary(value)) is not None:
            return shown
        if self.table == "review_replacements" and column == "skipped_json":
            shown = J.skipped_experts(value, self.names.ref)
            if shown is not None:
                return shown
        if self.table == "review_marks" and column == "criterion":
            name = self.names.criterion(row.get("assignment_id"), value)
            if name:
                return name
        return self.plain(column, value, row)

    def plain(self, column: str, value: Any, row: dict[str, Any]) -> str:
        target = target_of(self.table, column, row)
        if target is not None and value is not None:
            numbers = value if isinstance(value, list) else [value]
            labels = [self.names.ref(target, n) for n in numbers]
            if labels and all(labels):
                return "、".join(labels)          # type: ignore[arg-type]
        if isinstance(value, str) and column in USERNAME_COLUMNS and self.table != "users":
            return self.names.user(value) or shown_value(column, value, self.table)
        return shown_value(column, value, self.table)

    def change(self, column: str, old: dict[str, Any], new: dict[str, Any]) -> str:
        diff = _CHANGES.get((self.table, column))
        if diff is not None and (shown := diff(old.get(column), new.get(column))) is not None:
            return shown
        return f"{self.value(column, old.get(column), old)} → {self.value(column, new.get(column), new)}"

    def event(self, key: str, value: Any) -> str:
        if isinstance(value, dict):
            return "、".join(f"{k} {self.event(key, v)}" for k, v in value.items()) if value else "无"
        if isinstance(value, list):
            if value and target_of(self.table, key, {}) is not None:
                return self.plain(key, value, {})
            return "、".join(self.event(key, v) for v in value) if value else "无"
        if key in EVENT_MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool):
            return money_text(value)
        return self.plain(key, value, {})


def _event_order(keys: Any) -> list[str]:
    order = {k: i for i, k in enumerate(EVENT_KEYS)}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def entry_lines(entity: str, action: str, before: str, after: str, names: Names = NO_NAMES) -> list[str]:
    """The lines of one entry (``before``/``after`` as stored: JSON objects, possibly empty); ``names``
    (:func:`services.audit_refs.load_names`) turns record numbers into codes and names."""
    old, new = _load(before), _load(after)
    if not isinstance(old, dict | type(None)) or not isinstance(new, dict | type(None)):
        return [str(t) for t in (before, after) if t]      # (not an object: shown as stored)
    old, new = old or {}, new or {}
    text = _Text(entity, names)
    if action == "update":
        return [f"{column_label(k, entity)}：{text.change(k, old, new)}" for k in _ordered(entity, {*old, *new})]
    if action in ROW_ACTIONS:
        row = new if action == "create" else old
        return [f"{column_label(k, entity)}：{text.value(k, row[k], row)}"
                for k in _ordered(entity, row) if k not in _LEFT_OUT]
    data = {**old, **new}
    if action == "import" and entity == "import_batches":
        return J.import_lines(data)
    return [f"{EVENT_KEYS.get(k) or column_label(k, entity)}：{text.event(k, data[k])}" for k in _event_order(data)]


def entry_text(entity: str, action: str, before: str, after: str, separator: str = "；",
               names: Names = NO_NAMES) -> str:
    """The whole entry on one line (the table cell and the export) or, with ``"\\n"``, one item a line."""
    return separator.join(entry_lines(entity, action, before, after, names))
