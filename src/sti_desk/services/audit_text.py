"""An audit entry's stored JSON as lines a clerk can read (审计日志“内容”列).

A row's update is ``字段：旧值 → 新值`` per changed column, a created or deleted row ``字段：值`` per column
(in the table's column order; the record number is left out, the log shows it as 对象编号), an event
(import, draw, approval, backup …) ``名称：值`` per recorded item. Names and values come from
:mod:`services.audit_labels` (money in 万元, 是/否, Chinese names of stored codes).
"""
from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..db.tables import Base
from ..domain.policy import PolicyParameters
from ..domain.policy_params import PARAMETERS
from ..domain.policy_text import value_text as param_value_text
from .audit_labels import EVENT_KEYS, EVENT_MONEY_KEYS, column_label, money_text, shown_value

ROW_ACTIONS = frozenset({"create", "update", "delete"})
#: columns a created or deleted row's text leaves out (the number is the entry's 对象编号)
_LEFT_OUT = frozenset({"id", "version"})


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


def _policy_values(stored: Any) -> str | None:
    """A policy version's parameters (stored as JSON text) by rule and name, as the 政策参数 tab shows them."""
    try:
        params = PolicyParameters.from_plain(json.loads(stored))
    except (TypeError, ValueError):
        return None        # (not readable as parameters: shown as stored)
    return "，".join(f"{spec.rule} {spec.label} {param_value_text(spec, getattr(params, spec.name))}"
                    for spec in PARAMETERS)


def _value(table: str, column: str, value: Any) -> str:
    if table == "policy_versions" and column == "params_json" and isinstance(value, str):
        return _policy_values(value) or value
    return shown_value(column, value, table)


def _event_value(key: str, value: Any) -> str:
    money = key in EVENT_MONEY_KEYS
    if isinstance(value, dict):
        if not value:
            return "无"
        return "、".join(f"{k} {_event_value(key, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_event_value(key, v) for v in value) if value else "无"
    if money and isinstance(value, int) and not isinstance(value, bool):
        return money_text(value)
    return shown_value(key, value)


def entry_lines(entity: str, action: str, before: str, after: str) -> list[str]:
    """The lines of one entry (``before``/``after`` as stored: JSON objects, possibly empty)."""
    old, new = _load(before), _load(after)
    if not isinstance(old, dict | type(None)) or not isinstance(new, dict | type(None)):
        return [str(t) for t in (before, after) if t]      # (not an object: shown as stored)
    old, new = old or {}, new or {}
    if action == "update":
        return [f"{column_label(k, entity)}：{_value(entity, k, old.get(k))} → {_value(entity, k, new.get(k))}"
                for k in _ordered(entity, {*old, *new})]
    if action in ROW_ACTIONS:
        row = new if action == "create" else old
        return [f"{column_label(k, entity)}：{_value(entity, k, row[k])}"
                for k in _ordered(entity, row) if k not in _LEFT_OUT]
    data = {**old, **new}
    return [f"{EVENT_KEYS.get(k) or column_label(k, entity)}：{_event_value(k, v)}" for k, v in data.items()]


def entry_text(entity: str, action: str, before: str, after: str, separator: str = "；") -> str:
    """The whole entry on one line (the table cell and the export) or, with ``"\\n"``, one item a line."""
    return separator.join(entry_lines(entity, action, before, after))
