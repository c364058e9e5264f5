"""Finding the header row under title rows and mapping header texts to canonical fields.

Header texts are compared after normalisation: spaces and required-marks (*) removed, full-width
brackets made half-width, the money unit — "(万元)", "（元）", "/万元", "（单位：元）" — taken out and kept
apart, remarks in brackets dropped for a second try. A sheet-level note such as "金额单位：万元" in the
rows above the header sets the unit of every money column that does not name its own; in a two-level
header the unit of the merged parent cell applies to the columns below it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .excel_specs import IGNORED_HEADERS, FieldSpec, SheetSpec
from .excel_values import is_blank, to_text

HEADER_SCAN_ROWS = 15

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "［": "(",
                           "］": ")", "〔": "(", "〕": ")", "＊": "*"})
_SPACE = re.compile(r"\s+")
_UNIT_IN_PARENS = re.compile(r"\((?:金额)?(?:单位)?[:：]?(万元|元)\)")
_UNIT_SUFFIX = re.compile(r"(?:[/／:：]|单位[:：]?)(万元|元)$")
_PARENS = re.compile(r"\([^)]*\)")
_DROP = re.compile(r"[*※★☆:：/／、·._\-—()]+")
_SHEET_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")


def header_keys(value: object) -> tuple[tuple[str, ...], str | None]:
    """('申请财政资金',), '万元' for '申请财政资金（万元）*'. Keys: the whole text, then without remarks."""
    text = _SPACE.sub("", to_text(value).translate(_BRACKETS))
    unit = None
    m = _UNIT_IN_PARENS.search(text) or _UNIT_SUFFIX.search(text)
    if m:
        unit = m.group(1)
        text = text[:m.start()] + text[m.end():]
    full = _DROP.sub("", text).lower()
    base = _DROP.sub("", _PARENS.sub("", text)).lower()
    return ((full,) if base == full or not base else (full, base)), unit


def build_index(spec: SheetSpec) -> dict[str, FieldSpec | None]:
    """Normalised header key -> field (None for headers recognised but ignored, such as 序号)."""
    index: dict[str, FieldSpec | None] = {}
    for f in spec.fields:                  # synonyms first, so a field's own header always wins
        for syn in f.synonyms:
            index.setdefault(header_keys(syn)[0][0], f)
    for f in spec.fields:
        index[header_keys(f.header)[0][0]] = f
    for h in IGNORED_HEADERS + spec.ignored:
        index.setdefault(header_keys(h)[0][0], None)
    return index


@dataclass(slots=True)
class MatchedColumn:
    index: int           # 0-based column
    field: FieldSpec
    header: str          # header text as written
    unit: str | None     # money unit from the header or its parent cell


@dataclass(slots=True)
class HeaderMatch:
    row_index: int                                    # 0-based index of the header row
    columns: list[MatchedColumn]
    unknown: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[MatchedColumn, MatchedColumn]] = field(default_factory=list)
    sheet_unit: str | None = None

    @property
    def score(self) -> tuple[int, int]:
        return len(self.columns), -len(self.duplicates)

    def fields(self) -> set[str]:
        return {c.field.name for c in self.columns}


def _lookup(keys: tuple[str, ...], index: dict[str, FieldSpec | None]) -> tuple[bool, FieldSpec | None]:
    for k in keys:
        if k in index:
            return True, index[k]
    return False, None


def match_row(rows: list[list[object]], r: int, index: dict[str, FieldSpec | None]) -> HeaderMatch:
    """Map the cells of row ``r`` to fields (the row above serves as parent of a two-level header)."""
    row, parent = rows[r], rows[r - 1] if r > 0 else None
    match = HeaderMatch(r, [])
    seen: dict[str, MatchedColumn] = {}
    width = max(len(row), len(parent) if parent is not None else 0)
    for c in range(width):
        value = row[c] if c < len(row) else ""
        pval = parent[c] if parent is not None and c < len(parent) else ""
        has_parent = not is_blank(pval) and pval != value
        from_parent = False
        if is_blank(value):
            if not has_parent:
                continue
            value = pval          # two-level header: a column without a sub-header keeps its parent's
            has_parent, from_parent = False, True
        keys, unit = header_keys(value)
        known, spec = _lookup(keys, index)
        if has_parent:
            pkeys, punit = header_keys(pval)
            if not known:
                known, spec = _lookup((pkeys[-1] + keys[-1], keys[-1] + "资金"), index)
            unit = unit or punit
        if not known:
            if from_parent:
                continue
            match.unknown.append((c, to_text(value)))
            continue
        if spec is None:
            continue
        col = MatchedColumn(c, spec, to_text(value), unit)
        if spec.name in seen:
            match.duplicates.append((seen[spec.name], col))
            continue
        seen[spec.name] = col
        match.columns.append(col)
    return match


def sheet_unit(rows: list[list[object]], upto: int) -> str | None:
    """'金额单位：万元' written in a title or note row above the header."""
    for row in rows[:upto]:
        for v in row:
            if isinstance(v, str) and "单位" in v:
                m = _SHEET_UNIT.search(_SPACE.sub("", v.translate(_BRACKETS)))
                if m:
                    return m.group(1)
    return None


def find_header(rows: list[list[object]], spec: SheetSpec, *, scan: int = HEADER_SCAN_ROWS,
                index: dict[str, FieldSpec | None] | None = None) -> HeaderMatch | None:
    """The row among the first ``scan`` that matches most fields (at least two); None if none does."""
    index = index if index is not None else build_index(spec)
    best: HeaderMatch | None = None
    for r in range(min(scan, len(rows))):
        if sum(1 for v in rows[r] if not is_blank(v)) < 2:
            continue
        m = match_row(rows, r, index)
        if best is None or m.score > best.score:
            best = m
    if best is None or len(best.columns) < 2:
        return None
    best.sheet_unit = sheet_unit(rows, best.row_index)
    return best
