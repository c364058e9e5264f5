"""拟立项公示: the proposed projects, the publicity (start with date and working days), objections
(record; resolve as upheld or not) and 公示期满 → 立项."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...domain.lifecycle import ProjectState
from ...domain.permissions import Permission, has_permission
from ...services.review_dto import ObjectionInfo, PublicityInfo
from .. import messages, theme
from ..intake.table_export import TableExport
from ..tasks import TaskRunner
from .common import (LATE_COLOR, MUTED_COLOR, OK_COLOR, attempt, fmt_date, fmt_dt, section_label, selected_key,
                     table_view)
from .models import Row, RowsModel
from .publicity_dialogs import (ObjectionDialog, ObjectionSubmit, ResolveDialog, ResolveSubmit, StartPublicityDialog,
                                StartSubmit)
from .state import CallState

if TYPE_CHECKING:
    from .review_page import ReviewPage

S = ProjectState
PERIOD_OVER = "公示期已满，待办理立项"
OBJECTION_OPEN = "公示期已满，异议待处理"


def ask_start(parent: QWidget, count: int, days: int, submit: StartSubmit) -> PublicityInfo | None:
    """The publicity the dialog started (``submit`` runs the service), or None when cancelled."""
    d = StartPublicityDialog(count, days, submit, parent)
    return d.result_value if d.exec() == QDialog.DialogCode.Accepted else None


def ask_objection(parent: QWidget, pub: PublicityInfo, codes: set[str], submit: ObjectionSubmit) -> bool:
    d = ObjectionDialog([p for p in pub.projects if p.code in codes], pub.start, pub.end, submit, parent)
    return d.exec() == QDialog.DialogCode.Accepted


def ask_resolution(parent: QWidget, objection: ObjectionInfo, submit: ResolveSubmit,
                   on_stale: Callable[[], None]) -> bool:
    d = ResolveDialog(objection, submit, parent, on_stale=on_stale)
    return d.exec() == QDialog.DialogCode.Accepted


class PublicityPanel(QWidget):
    def __init__(self, page: ReviewPage):
        super().__init__(page)
        self.page = page
        self.services, self.actor = page.services, page.actor
        self.runner = TaskRunner(self)
        self.state: CallState | None = None
        self.can_organise = page.can_organise
        self.can_resolve = has_permission(self.actor.role, Permission.CHANGE_STATE)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.start_button = QPushButton("开始公示…")
        self.objection_button = QPushButton("登记异议…")
        self.resolve_button = QPushButton("处理异议…")
        self.resolve_button.setToolTip("处理所选异议：成立则该项目不予立项")
        self.finish_button = QPushButton("公示期满，确认立项")
        self.start_button.clicked.connect(self.start)
        self.objection_button.clicked.connect(self.record_objection)
        self.resolve_button.clicked.connect(self.resolve)
        self.finish_button.clicked.connect(self.finish)
        for b in (self.start_button, self.objection_button, self.finish_button):
            b.setVisible(self.can_organise)
        self.resolve_button.setVisible(self.can_resolve)
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        for b in (self.start_button, self.objection_button, self.resolve_button, self.finish_button):
            bar.addWidget(b)

        self.project_model = RowsModel(("名次", "项目编号", "项目名称", "承担单位", "拟资助（万元）", "公示期", "状态"),
                                       center=(0, 5, 6), right=(4,))
        self.project_view, _ = table_view(self.project_model, (3, 8.5, 14, 12, 6, 12, 11), stretch=2)
        self.objection_model = RowsModel(("项目编号", "收到日期", "异议人", "异议内容", "处理结果", "结论", "处理人",
                                          "处理时间"), center=(1, 5))
        self.objection_view, _ = table_view(self.objection_model, (8.5, 6, 6, 16, 14, 5, 5, 8), stretch=3)
        self.objection_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        call = lambda: f"（{self.state.call.code}）" if self.state is not None else ""  # noqa: E731
        self.exports = [TableExport(self, self.project_view, lambda: "拟立项公示" + call(), "个项目", self.services,
                                    self.actor, kinds={"名次": "int"}),                    # right-click menus
                        TableExport(self, self.objection_view, lambda: "公示异议" + call(), "条异议", self.services,
                                    self.actor)]
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.projects_title = section_label("拟立项项目")
        tl.addWidget(self.projects_title)
        tl.addWidget(self.project_view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.objections_title = section_label("公示异议")
        bl.addWidget(self.objections_title)
        bl.addWidget(self.objection_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    # -- showing ------------------------------------------------------------------------------------
    def open_publicity(self) -> PublicityInfo | None:
        pubs = self.state.publicities if self.state else []
        return next((p for p in reversed(pubs) if p.finished_at is None), None)

    def _publicity_of(self, project_code: str) -> PublicityInfo | None:
        return next((p for p in (self.state.publicities if self.state else [])
                     if any(x.code == project_code for x in p.projects)), None)

    def _period(self, project_code: str) -> str:
        p = self._publicity_of(project_code)
        return f"{fmt_date(p.start)} 至 {fmt_date(p.end)}" if p is not None else ""

    def show_state(self, state: CallState) -> None:
        self.state = state
        rows = []
        publicised = {p.code for pub in state.publicities for p in pub.projects}
        funded = [r for r in (state.summary.rows if state.summary else [])
                  if r.funded or r.project.code in publicised]   # an upheld objection un-funds a publicised one
        waiting = 0
        objected = {o.project_code for p in state.publicities for o in p.objections if o.resolved_at is None}
        for r in funded:
            st = state.state_of(r.project.id)
            period = self._period(r.project.code)
            if st is S.PROPOSED and not period:
                text, color = "待公示", MUTED_COLOR
                waiting += 1
            elif st is S.PROPOSED and self._over(self._publicity_of(r.project.code)):
                text, color = (OBJECTION_OPEN if r.project.code in objected else PERIOD_OVER), theme.PRIMARY
            elif st is S.PROPOSED:
                text, color = "公示中", LATE_COLOR
            elif st is S.REJECTED:
                text, color = "不予立项", LATE_COLOR
            else:
                text, color = (st.label if st else ""), OK_COLOR
            rows.append(Row((str(r.rank), r.project.code, r.project.title, r.project.unit_name, r.approved.wan_str(),
                             period, text), key=r.project.id, sort=(r.rank, r.project.code, r.project.title,
                                                                    r.project.unit_name, r.approved.fen, period, text),
                            colors={6: color}))
        self.project_model.set_rows(rows)
        self.waiting = waiting
        objections = [o for p in state.publicities for o in p.objections]
        self.objection_model.set_rows([
            Row((o.project_code, fmt_date(o.received_on), o.objector, o.content, o.resolution,
                 "" if o.upheld is None else ("成立" if o.upheld else "不成立"), o.resolved_by, fmt_dt(o.resolved_at)),
                key=o.id, colors={5: LATE_COLOR if o.upheld else OK_COLOR}, tips={3: o.content, 4: o.resolution})
            for o in objections])
        pub = self.open_publicity()
        open_count = sum(1 for o in objections if o.resolved_at is None)
        if not funded:
            self.info.setText("分管领导审批资助名单后，拟立项项目在此公示。")
        elif pub is not None:
            over = self._over(pub)
            self.info.setText((f"公示期已满（{fmt_date(pub.start)} 至 {fmt_date(pub.end)}），" if over else
                               f"公示中：{fmt_date(pub.start)} 至 {fmt_date(pub.end)}（{pub.working_days} 个工作日），")
                              + f"{len(pub.projects)} 个项目；未处理异议 {open_count} 项。"
                              + ("请处理异议后点击“公示期满，确认立项”。" if over and open_count else
                                 "请点击“公示期满，确认立项”办理立项。" if over else "")
                              + (f"另有 {waiting} 个项目待公示。" if waiting else ""))
        else:
            self.info.setText(f"拟立项 {len(funded)} 个项目，待公示 {waiting} 个。" if waiting else
                              f"拟立项 {len(funded)} 个项目，公示已结束。")
        self.projects_title.setText(f"拟立项项目（{len(funded)}）")
        self.objections_title.setText(f"公示异议（{len(objections)}，未处理 {open_count}）")
        self._update_buttons()

    def _over(self, pub: PublicityInfo | None) -> bool:
        """The period has ended (its last day is past) and 立项 has not been confirmed yet."""
        return pub is not None and pub.finished_at is None and pub.end < date.today()

    def selected_objection(self) -> ObjectionInfo | None:
        oid = selected_key(self.objection_view)
        pubs = self.state.publicities if self.state else []
        return next((o for p in pubs for o in p.objections if o.id == oid), None)

    def _update_buttons(self) -> None:
        """Offer only what the service would do now; a disabled button's tool tip says why."""
        pub = self.open_publicity()
        waiting = getattr(self, "waiting", 0)
        self.start_button.setEnabled(waiting > 0)
        self.start_button.setToolTip("对已审批、尚未公示的拟立项项目开始公示" if waiting else
                                     "没有待公示的拟立项项目（分管领导审批资助名单后方可公示）")
        self.objection_button.setEnabled(pub is not None)
        self.objection_button.setToolTip("登记公示期内收到的异议" if pub is not None else "没有进行中的公示")
        over = self._over(pub)
        self.finish_button.setEnabled(over)
        self.finish_button.setToolTip(
            "公示期满且异议均已处理的项目转为“立项”" if over else "没有进行中的公示" if pub is None else
            f"公示期至 {fmt_date(pub.end)} 结束，期满后（{fmt_date(pub.end + timedelta(days=1))} 起）方可确认立项")
        o = self.selected_objection()
        self.resolve_button.setEnabled(o is not None and o.resolved_at is None)

    # -- actions ------------------------------------------------------------------------------------
    def start(self) -> bool:
        s = self.state
        if s is None:
            return False
        ok, params = attempt(self, self.services.policy.in_force, self.actor)
        days = params.publicity_working_days if ok and params is not None else 5
        services, actor, code = self.services, self.actor, s.call.code

        def submit(start: date, days: int, note: str, holidays: list[date], workdays: list[date]) -> PublicityInfo:
            return services.review.start_publicity(actor, code, start, days, note=note,  # type: ignore[no-any-return]
                                                   holidays=holidays, extra_workdays=workdays)

        info = ask_start(self, self.waiting, days, submit)
        if info is None:
            return False
        messages.info(self, f"已开始公示：{fmt_date(info.start)} 至 {fmt_date(info.end)}，共 {len(info.projects)} 个项目。",
                      "公示")
        self.page.after_change(2)
        return True

    def record_objection(self) -> bool:
        pub, s = self.open_publicity(), self.state
        if pub is None or s is None:
            return False
        codes = {p.code for p in pub.projects if s.state_of(p.id) is S.PROPOSED}
        services, actor = self.services, self.actor
        if not ask_objection(self, pub, codes, lambda code, received, objector, content:
                             services.review.record_objection(actor, code, received, content, objector)):
            return False
        self.page.after_change(2)
        return True

    def resolve(self) -> bool:
        o = self.selected_objection()
        if o is None:
            messages.info(self, "请先在异议列表中选择一项未处理的异议。")
            return False
        services, actor = self.services, self.actor
        if not ask_resolution(self, o, lambda resolution, upheld: services.review.resolve_objection(
                actor, o.id, resolution, upheld, expected_version=o.version), on_stale=lambda: self.page.after_change(2)):
            return False
        self.page.after_change(2)
        return True

    def finish(self) -> Any:
        s, pub = self.state, self.open_publicity()
        if s is None or pub is None:
            return None
        if not messages.confirm(self, f"公示期 {fmt_date(pub.start)} 至 {fmt_date(pub.end)}。确认公示期满，"
                                      "将异议均已处理的项目转为“立项”吗？", title="确认立项", yes="确认立项"):
            return None
        ok, out = attempt(self, self.services.review.finish_publicity, self.actor, s.call.code, title="不能确认立项")
        if ok and out is not None:
            text = f"已立项 {len(out.approved)} 个项目" + (f"：{'、'.join(out.approved)}" if out.approved else "") + "。"
            if out.held:
                text += "\n暂不立项：" + "；".join(f"{c}（{why}）" for c, why in out.held)
            messages.info(self, text, "确认立项")
            self.page.after_change(2)
        return out
