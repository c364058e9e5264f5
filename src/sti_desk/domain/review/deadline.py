"""评分截止 as the reviewer is told it: the days left, or how late a sheet not yet submitted is."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DeadlineNote:
    text: str
    overdue: bool


def scoring_deadline_note(deadline: date | None, today: date) -> DeadlineNote | None:
    """What a reviewer with a sheet still to submit is told about the round's 评分截止 (None: no deadline).
    The deadline day itself is still in time; from the next day on the sheet is late (逾期), as in 评审进度."""
    if deadline is None:
        return None
    left = (deadline - today).days
    if left < 0:
        return DeadlineNote(f"评分截止日期 {deadline:%Y-%m-%d} 已过（逾期 {-left} 天），请尽快提交；如需延期请联系经办人",
                            True)
    when = "今天截止" if left == 0 else f"还剩 {left} 天"
    return DeadlineNote(f"评分截止：{deadline:%Y-%m-%d}（{when}）", False)
