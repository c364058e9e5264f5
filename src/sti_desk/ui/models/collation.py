"""Chinese (pinyin) ordering for text columns, computed once per distinct value."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCollator, QLocale

_collator: QCollator | None = None


def collator() -> QCollator:
    global _collator
    if _collator is None:
        _collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _collator.setNumericMode(True)
    return _collator


def text_ranks(values: Sequence[str]) -> list[int]:
    """An int per value whose order is the pinyin order of the values (cheap to sort by afterwards)."""
    key = collator().sortKey
    distinct = sorted(set(values), key=key)
    rank = {v: i for i, v in enumerate(distinct)}
    return [rank[v] for v in values]
