"""The lifecycle timeline (项目进度): the main path as steps, done ones checked, the current one
highlighted, and 不予立项 / 终止 drawn as a red side exit where it happened."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.lifecycle import MAIN_PATH, ProjectState
from ...services.dto import TimelineEvent
from .. import theme

EXITS = (ProjectState.REJECTED, ProjectState.TERMINATED)
STATUS_LABELS = {"done": "已完成", "current": "当前", "todo": "未开始", "skipped": "未经过"}


@dataclass(frozen=True)
class Step:
    state: ProjectState
    status: str            # done | current | todo | skipped
    at: datetime | None = None

    @property
    def label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class ExitStep:
    state: ProjectState
    after_index: int       # the main-path step it branched from (-1 when unknown)
    status: str            # current | done
    at: datetime | None
    reason: str = ""


def compute_steps(state: ProjectState, events: Sequence[TimelineEvent]) -> tuple[list[Step], ExitStep | None]:
    arrived: dict[ProjectState, datetime] = {}
    exit_step: ExitStep | None = None
    for e in events:
        if not e.changes_state:       # a step within a stage (公示异议 …): the stage was reached earlier
            continue
        arrived[e.to_state] = e.at
        if e.to_state in EXITS:
            after = MAIN_PATH.index(e.from_state) if e.from_state in MAIN_PATH else -1
            exit_step = ExitStep(e.to_state, after, "done", e.at, e.reason)
    visited = set(arrived) | {state}
    if state in MAIN_PATH:
        current = MAIN_PATH.index(state)
    else:
        if exit_step is None or exit_step.state is not state:
            exit_step = ExitStep(state, -1, "current", None)
        exit_step = ExitStep(exit_step.state, exit_step.after_index, "current", exit_step.at, exit_step.reason)
        current = exit_step.after_index + 1
    steps = []
    for i, s in enumerate(MAIN_PATH):
        if state in MAIN_PATH and i == current:
            status = "current"
        elif i < current:
            status = "done" if s in visited else "skipped"
        else:
            status = "skipped" if state in EXITS else "todo"
        steps.append(Step(s, status, arrived.get(s) if status in ("done", "current") else None))
    return steps, exit_step


class TimelineWidget(QWidget):
    RADIUS = 12
    TOP = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps: list[Step] = []
        self.exit: ExitStep | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(9 * 78)

    def set_project(self, state: ProjectState, events: Sequence[TimelineEvent]) -> None:
        self.steps, self.exit = compute_steps(state, events)
        parts = [f"{s.label}：{STATUS_LABELS[s.status]}" for s in self.steps]
        if self.exit:
            parts.append(f"{self.exit.state.label}：{STATUS_LABELS[self.exit.status]}")
        self.setAccessibleName("项目进度")
        self.setAccessibleDescription("；".join(parts))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def statuses(self) -> dict[str, str]:
        out = {s.label: s.status for s in self.steps}
        if self.exit:
            out[self.exit.state.label] = self.exit.status
        return out

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        line = self.fontMetrics().height()
        base = self.TOP + self.RADIUS + 8 + line * 2 + 8
        return QSize(9 * 100, base + (line + 26 if self.exit else 0))

    def _centres(self) -> list[float]:
        margin = 12
        width = (self.width() - 2 * margin) / len(MAIN_PATH)
        return [margin + width * (i + 0.5) for i in range(len(MAIN_PATH))]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if not self.steps:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        xs = self._centres()
        step_w = xs[1] - xs[0]
        y, r = self.TOP, self.RADIUS
        done, primary, muted = QColor(theme.DONE), QColor(theme.PRIMARY), QColor("#b8c0c8")
        # connectors
        for i in range(len(xs) - 1):
            reached = self.steps[i + 1].status in ("done", "current")
            p.setPen(QPen(done if reached else muted, 3 if reached else 2,
                          Qt.PenStyle.SolidLine if self.steps[i + 1].status != "skipped" else Qt.PenStyle.DashLine))
            p.drawLine(QPointF(xs[i] + r, y), QPointF(xs[i + 1] - r, y))
        base_font = QFont(self.font())
        bold = QFont(base_font)
        bold.setBold(True)
        small = QFont(base_font)
        small.setPointSizeF(max(7.0, base_font.pointSizeF() * 0.85))
        line = self.fontMetrics().height()
        for i, (x, step) in enumerate(zip(xs, self.steps)):
            self._node(p, QPointF(x, y), step.status, str(i + 1))
            p.setFont(bold if step.status == "current" else base_font)
            p.setPen(primary if step.status == "current" else
                     QColor("#222") if step.status == "done" else QColor(theme.MUTED))
            label_rect = QRectF(x - step_w / 2, y + r + 6, step_w, line)
            text = p.fontMetrics().elidedText(step.label, Qt.TextElideMode.ElideRight, int(step_w) - 2)
            p.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
            if step.at is not None:
                p.setFont(small)
                p.setPen(QColor(theme.MUTED))
                p.drawText(QRectF(x - step_w / 2, y + r + 6 + line, step_w, line),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{step.at:%Y-%m-%d}")
        if self.exit is not None:
            self._draw_exit(p, xs, step_w, line, small)
        p.end()

    def _node(self, p: QPainter, c: QPointF, status: str, number: str, colour: QColor | None = None) -> None:
        r = self.RADIUS
        if status == "current":
            fill = colour or QColor(theme.PRIMARY)
            halo = QColor(fill)
            halo.setAlpha(60)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(halo)
            p.drawEllipse(c, r + 5, r + 5)
            p.setBrush(fill)
            p.drawEllipse(c, r, r)
            mark = "✕" if colour is not None else number
            p.setPen(QColor("white"))
        elif status == "done":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour or QColor(theme.DONE))
            p.drawEllipse(c, r, r)
            mark = "✕" if colour is not None else "✓"
            p.setPen(QColor("white"))
        else:
            dashed = status == "skipped"
            p.setPen(QPen(QColor("#b8c0c8"), 1.5, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            p.setBrush(QColor("white"))
            p.drawEllipse(c, r, r)
            mark = "–" if dashed else number
            p.setPen(QColor(theme.MUTED))
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, mark)

    def _draw_exit(self, p: QPainter, xs: list[float], step_w: float, line: int, small: QFont) -> None:
        assert self.exit is not None
        red = QColor(theme.DANGER)
        r = self.RADIUS
        # branch down from the connector after the step where the project left the main path (between
        # two steps' labels, so the dashed line never crosses text)
        start_x = xs[self.exit.after_index] if self.exit.after_index >= 0 else xs[0] - step_w / 2
        ex = start_x + step_w / 2
        ey = self.TOP + r + 6 + line * 2 + 8 + r
        p.setPen(QPen(red, 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(ex, self.TOP + 3), QPointF(ex, ey - r))
        self._node(p, QPointF(ex, ey), self.exit.status, "", colour=red)
        font = QFont(self.font())
        font.setBold(self.exit.status == "current")
        p.setFont(font)
        p.setPen(red)
        text = self.exit.state.label + (f"  {self.exit.at:%Y-%m-%d}" if self.exit.at else "")
        if self.exit.reason:
            text += f"  理由：{self.exit.reason}"
        avail = int(self.width() - ex - r - 16)
        text = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(avail, 40))
        p.drawText(QRectF(ex + r + 8, ey - line / 2 - 1, avail, line + 2),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(small)
