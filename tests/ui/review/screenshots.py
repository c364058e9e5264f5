"""Screenshots of the review GUI for docs/screenshots (not a test).

    xvfb-run -a -s "-screen 0 1366x768x24" uv run python -m tests.ui.review.screenshots

Builds the demo database (``sti-desk demo``: the current-year call has a closed, decided round and a
second round in scoring) in a temporary folder and writes, at 1366×768:

- review-clerk.png     the clerk's 专家评审 page: groups, progress, who is late;
- review-reviewer.png  expert01's own assignments and a score form;
- review-manager.png   the manager's ranked list with the explanation and the marks by expert;
- review-funding.png   (a copy where round 2 is finished and closed) the funding decision over budget;
- review-experts.png   the 专家库 page with a suspended expert and declared conflicts.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method returning None
#: (setText, processEvents…), so a busy script ends in "deallocating None". Python 3.12+ (immortal None)
#: and PySide6 6.11 are not affected; until the pin is fixed, hold enough extra references.
_NONE_GUARD = [None] * 5_000_000 if sys.version_info < (3, 12) else []

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def wait(app, predicate, timeout_ms: int = 30000) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while not predicate():
        app.processEvents()
        if timer.elapsed() > timeout_ms:
            raise TimeoutError("等待超时")


def settle(app, ms: int = 400) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        app.processEvents()


def window_for(app, ctx, db, actor, page):  # type: ignore[no-untyped-def]
    from sti_desk.ui.main_window import MainWindow

    window = MainWindow(ctx.services, actor, db_path=db, start_page=page)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    settle(app)
    return window


def review_page(app, window):  # type: ignore[no-untyped-def]
    page = window.current_page()
    wait(app, lambda: page.state is not None and page.load_handle.done)
    settle(app)
    return page


def current_call(ctx, actor) -> str:  # type: ignore[no-untyped-def]
    return ctx.services.calls.list_calls(actor)[0].code


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="sti-review-shots-"))
    os.environ["STI_DESK_HOME"] = str(tmp)
    os.environ["STI_DESK_SETTINGS"] = str(tmp / "settings.ini")
    db = tmp / "demo.db"
    subprocess.run([sys.executable, "-c", "import sys; from sti_desk.cli import main; sys.exit(main())",
                    "--db", str(db), "demo"], check=True, stdout=subprocess.DEVNULL)
    closed_db = tmp / "closed.db"
    shutil.copyfile(db, closed_db)

    from sti_desk.bootstrap import open_app
    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor
    from sti_desk.ui import messages
    from sti_desk.ui.app import create_application
    from sti_desk.ui.review import common

    app = create_application([])
    messages.info = messages.error = lambda *a, **k: None  # type: ignore[assignment]
    OUT.mkdir(parents=True, exist_ok=True)
    ctx = open_app(db, backup_daily=False)
    clerk = ctx.services.auth.login("clerk", "clerk1234")
    call = current_call(ctx, clerk)

    # clerk: progress of the round in scoring ------------------------------------------------------
    window = window_for(app, ctx, db, clerk, "review")
    page = review_page(app, window)
    page.call_combo.select(call)
    wait(app, lambda: page.load_handle.done and page.state.call.code == call)
    tree = page.progress.tree
    groups = [tree.topLevelItem(i) for i in range(1, tree.topLevelItemCount())]

    def pending(item) -> int:  # type: ignore[no-untyped-def]
        done, total = (int(x) for x in item.text(1).split("/"))
        return total - done

    late_group = max(groups, key=pending, default=None)
    if late_group is not None:
        tree.setCurrentItem(late_group)
    settle(app)
    window.grab().save(str(OUT / "review-clerk.png"))

    # the expert pool ------------------------------------------------------------------------------
    experts = window.navigate("experts")
    wait(app, lambda: experts.load_handle.done)
    chosen = next((e for e in experts.data.experts if e.declared_conflicts), None) or experts.data.experts[0]
    common.select_key(experts.view, chosen.id)
    experts._show_current()
    settle(app)
    window.grab().save(str(OUT / "review-experts.png"))
    window.close()

    # reviewer: own assignments and a score form --------------------------------------------------
    reviewer = ctx.services.auth.login("expert01", "expert123")
    window = window_for(app, ctx, db, reviewer, "my_reviews")
    rpage = window.current_page()
    wait(app, lambda: rpage.load_handle.done)
    target = next((a for a in rpage.assignments if a.status == "assigned" and a.has_draft), None) or \
        next((a for a in rpage.assignments if a.status == "assigned"), None)
    if target is not None:
        rpage.open_assignment(target.id)
    settle(app)
    window.grab().save(str(OUT / "review-reviewer.png"))
    window.close()

    # manager: ranked list of the closed round -----------------------------------------------------
    manager = ctx.services.auth.login("manager", "manager123")
    window = window_for(app, ctx, db, manager, "review")
    page = review_page(app, window)
    page.call_combo.select(call)
    wait(app, lambda: page.load_handle.done and page.state.call.code == call)
    page.tabs.setCurrentWidget(page.results)
    results = page.results
    disagree = next((r for r in range(results.proxy.rowCount()) if results.proxy.index(r, 7).data()), 0)
    results.view.selectRow(disagree)
    settle(app)
    window.grab().save(str(OUT / "review-manager.png"))
    window.close()
    ctx.close()

    # funding decision on a copy where round 2 is finished -----------------------------------------
    ctx = open_app(closed_db, backup_daily=False)
    clerk = ctx.services.auth.login("clerk", "clerk1234")
    review = ctx.services.review
    for item in review.status(clerk, call).pending_items:
        expert = Actor(0, f"expert{item.expert.id}", item.expert.name, Role.REVIEWER, item.expert.id)
        marks = {"innovation": "24", "technical": "19", "team": "12", "benefit": "15", "budget": "8"}
        review.save_marks(expert, item.assignment_id, marks, "方案基本可行。", "资助", submit=True)
    review.close_round(clerk, call)
    manager = ctx.services.auth.login("manager", "manager123")
    window = window_for(app, ctx, closed_db, manager, "review")
    page = review_page(app, window)
    page.call_combo.select(call)
    wait(app, lambda: page.load_handle.done and page.state.call.code == call)
    dialog = page.results.open_funding()
    for i in range(len(dialog.rows)):
        dialog.set_checked(i)
    dialog.note_edit.setPlainText("按评审排名择优资助。")
    dialog.move(183, 64)
    settle(app)
    dialog.grab().save(str(OUT / "review-funding.png"))
    dialog.discard_changes()  # close() would ask 放弃未保存的修改？ about the ticks
    window.close()
    ctx.close()
    print("已写入：" + "、".join(f"review-{n}.png" for n in ("clerk", "experts", "reviewer", "manager", "funding")))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip the interpreter's final clean-up (see _NONE_GUARD)
