"""Benchmark: GUI start-up against the bare PySide6 floor, and the project list's search keystroke.

    uv run python benchmarks/startup_bench.py [--projects 20000] [--filter-rows 100000] [--runs 5]
                                             [--platform offscreen|xcb] [--keep DIR]

(a) floor     — a fresh Python process imports PySide6, shows an empty QMainWindow and reports its first
                paint; measured from just before the process is started to the moment its line arrives.
(b) STI Desk  — a fresh process opens a database of ``--projects`` projects (made once with bulk inserts),
                logs in programmatically (``AuthService.login``, scrypt included — the documented way to skip
                the login dialog, as ``run_gui(ctx, actor=...)`` does), builds the main window on the 项目库
                page and reports the first paint after the background load has filled the table.
                Target: (b) ≤ 3 × (a).
(c) filtering — in this process: the real ProjectListPage over ``--filter-rows`` rows (served by a stub
                service), shown in a 1366×768 window; each keystroke is sent to the search box (QTest key
                events for ASCII, ``insert`` for Chinese as an input method does) and timed until the model
                reset is painted (``processEvents``). Target: median ≤ 30 ms.

Runs of (a) and (b) are interleaved; medians and minimums of wall time are shown, and CPU time of the
child process beside them, because wall time on a shared machine includes other people's work. The
child processes also report where their time went (imports, opening the database, login, window, load).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

RATIO_TARGET = 3.0
FILTER_TARGET_MS = 30.0
USERNAME, PASSWORD = "clerk", "clerk1234"

FLOOR_CHILD = r"""
import sys, time, json
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
t_import = time.perf_counter()
app = QApplication(sys.argv)
win = QMainWindow()
win.resize(1366, 768)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("SHOWN " + json.dumps({"import_qt": t_import - t0, "total_in_process": time.perf_counter() - t0}),
                  flush=True)
            app.quit()
        return False

probe = FirstPaint()
win.installEventFilter(probe)
win.show()
app.exec()
"""

APP_CHILD = r"""
import sys, time, json
t0 = time.perf_counter()
marks = {}
import sqlalchemy, sqlalchemy.orm  # imported first only to attribute the time (bootstrap needs them)
marks["import_sqlalchemy"] = time.perf_counter() - t0
import alembic.command, alembic.runtime.migration
marks["import_alembic"] = time.perf_counter() - t0
import openpyxl
marks["import_openpyxl"] = time.perf_counter() - t0
from sti_desk.bootstrap import open_app
marks["import_app"] = time.perf_counter() - t0
from PySide6.QtCore import QEvent, QObject, QTimer
from sti_desk.ui.app import create_application
from sti_desk.ui.main_window import MainWindow
marks["import_ui"] = time.perf_counter() - t0
ctx = open_app(sys.argv[1])
marks["open_db"] = time.perf_counter() - t0
actor = ctx.services.auth.login(sys.argv[2], sys.argv[3])
marks["login"] = time.perf_counter() - t0
app = create_application()
window = MainWindow(ctx.services, actor, db_path=ctx.db_path, start_page="projects")
window.resize(1366, 768)
page = window.current_page()
window.show()
marks["window_shown"] = time.perf_counter() - t0

class FirstPaintAfterLoad(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and page.load_handle.done and page.model.rowCount():
            marks["list_painted"] = time.perf_counter() - t0
            marks["rows"] = page.model.total_count
            print("SHOWN " + json.dumps(marks), flush=True)
            QTimer.singleShot(0, app.quit)
        return False

probe = FirstPaintAfterLoad()
page.view.viewport().installEventFilter(probe)
app.exec()
window.close()
ctx.close()
"""


# -- the database ---------------------------------------------------------------------------------------
def make_database(path: Path, projects: int) -> None:
    """A database of ``projects`` projects with bulk inserts (SQLAlchemy core; fine outside ui/)."""
    from sqlalchemy import insert

    from sti_desk.bootstrap import open_app
    from sti_desk.db.tables import CallRow, PersonRow, ProjectEventRow, ProjectRow, UnitRow
    from sti_desk.domain.entities import FIELDS
    from sti_desk.domain.lifecycle import ProjectState
    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor

    ctx = open_app(path, backup_daily=False)
    admin = Actor(ctx.services.auth.bootstrap_admin("admin", "admin123"), "admin", "系统管理员", Role.ADMIN)
    ctx.services.auth.create_user(admin, USERNAME, "李经办", Role.CLERK, PASSWORD)
    words = ("智能", "监测", "新材料", "装备", "算法", "平台", "预警", "检测", "育种", "储能", "芯片", "诊断",
             "农业", "医疗", "环保", "制造")
    states = list(ProjectState)
    now = datetime(2025, 1, 1, 9, 30)
    n_units = max(50, projects // 40)
    n_people = max(100, projects // 4)
    with ctx.db.engine.begin() as conn:
        conn.execute(insert(CallRow), [
            dict(id=c + 1, code=f"{2022 + c}-ZD", name=f"{2022 + c}年度重点研发计划", year=2022 + c, category="key_rd",
                 version=1) for c in range(4)])
        conn.execute(insert(UnitRow), [
            dict(id=u + 1, name=f"青溪{words[u % 16]}{words[(u // 16) % 16]}科技有限公司{u}", credit_code=f"U{u:017d}",
                 version=1) for u in range(n_units)])
        conn.execute(insert(PersonRow), [
            dict(id=p + 1, name=f"{'张王李赵刘陈杨黄'[p % 8]}{'伟芳娜磊敏静涛军'[(p // 8) % 8]}{p}", id_number=f"P{p:017d}",
                 version=1) for p in range(n_people)])
        rows, events = [], []
        for i in range(1, projects + 1):
            call = i % 4
            rows.append(dict(
                id=i, code=f"{2022 + call}-ZD-{i:05d}", call_id=call + 1, unit_id=(i * 7919) % n_units + 1,
                leader_id=(i * 104729) % n_people + 1,
                title=f"{words[i % 16]}{words[(i // 16) % 16]}{words[(i // 256) % 16]}关键技术研究{i}",
                field=FIELDS[i % len(FIELDS)], start_date=date(2022 + call, 7, 1), end_date=date(2024 + call, 6, 30),
                requested_fen=(10 + i % 490) * 100_000, self_raised_fen=(10 + i % 300) * 100_000,
                approved_fen=0 if i % 2 else (10 + i % 490) * 100_000, lump_sum_pledge=False, summary="",
                state=states[i % len(states)].value, state_changed_at=now, created_at=now, version=1))
            events.append(dict(project_id=i, at=now, from_state="", to_state="applied", action="登记申报",
                               reason="", username="admin"))
        conn.execute(insert(ProjectRow), rows)
        conn.execute(insert(ProjectEventRow), events)
    ctx.close()


# -- (a) and (b) ----------------------------------------------------------------------------------------
def run_child(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, float]]:
    """Wall seconds from spawn to the SHOWN line, the child's CPU seconds, and its own marks."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    marks: dict[str, float] = {}
    wall = float("nan")
    for line in proc.stdout:
        if line.startswith("SHOWN "):
            wall = time.perf_counter() - start
            marks = json.loads(line[6:])
            break
    _, err = proc.communicate(timeout=120)
    if proc.returncode != 0 or wall != wall:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, marks


# -- (c) ----------------------------------------------------------------------------------------------------
def make_rows(n: int) -> list:
    from sti_desk.domain.lifecycle import ProjectState
    from sti_desk.domain.money import Money
    from sti_desk.services.dto import ProjectListRow

    words = ("智能", "监测", "新材料", "装备", "算法", "平台", "预警", "检测", "育种", "储能", "芯片", "诊断")
    leaders = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄涛")
    units = [f"青溪{words[u % 12]}{words[(u // 12) % 12]}科技有限公司{u}" for u in range(2500)]
    moneys = [Money(k * 100_000) for k in range(10, 500)]
    states = list(ProjectState)
    calls = [(f"{2022 + c}年度重点研发计划", 2022 + c, date(2022 + c, 7, 1), date(2024 + c, 6, 30)) for c in range(4)]
    out = []
    for i in range(1, n + 1):
        name, year, start, end = calls[i % 4]
        unit = (i * 7919) % len(units)
        money = moneys[i % len(moneys)]
        out.append(ProjectListRow(
            i, f"{year}-ZD-{i:06d}", f"{words[i % 12]}{words[(i // 12) % 12]}{words[(i // 144) % 12]}关键技术研究{i}",
            i % 4 + 1, name, year, unit + 1, units[unit], leaders[(i * 5) % 8], "电子信息", states[i % len(states)],
            money, money if i % 2 else Money(0), start, end))
    return out


def measure_filtering(n: int) -> dict[str, object]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMainWindow

    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor
    from sti_desk.ui.app import create_application
    from sti_desk.ui.pages.projects import ProjectListPage

    rows = make_rows(n)

    class Projects:
        def list_projects(self, actor, call_id=None):  # type: ignore[no-untyped-def]
            return rows

    class Services:
        projects = Projects()

    app = create_application()
    window = QMainWindow()
    page = ProjectListPage(Services(), Actor(1, USERNAME, "李经办", Role.CLERK))
    window.setCentralWidget(page)
    window.resize(1366, 768)
    window.show()
    loaded_at = time.perf_counter()
    while not page.load_handle.done:
        app.processEvents()
    load_s = time.perf_counter() - loaded_at
    edit = page.search_edit
    edit.setFocus()
    app.processEvents()

    timings: list[tuple[str, float]] = []
    cpu: list[float] = []

    def keystroke(label: str, send) -> None:  # type: ignore[no-untyped-def]
        start, start_cpu = time.perf_counter(), time.process_time()
        send()
        QApplication.processEvents()
        timings.append((label, (time.perf_counter() - start) * 1000))
        cpu.append((time.process_time() - start_cpu) * 1000)

    for ch in "2024-zd-01":
        keystroke(ch, lambda ch=ch: QTest.keyClick(edit, ch))
    for _ in range(10):
        keystroke("退格", lambda: QTest.keyClick(edit, Qt.Key.Key_Backspace))
    for ch in "智能监测":
        keystroke(ch, lambda ch=ch: edit.insert(ch))
    for _ in range(4):
        keystroke("退格", lambda: QTest.keyClick(edit, Qt.Key.Key_Backspace))
    for ch in "关键技术研究12":
        keystroke(ch, lambda ch=ch: edit.insert(ch))
    ms = [t for _, t in timings]
    result = {"rows": page.model.total_count, "load_s": load_s, "keystrokes": len(ms),
              "median_ms": statistics.median(ms), "cpu_median_ms": statistics.median(cpu), "min_ms": min(ms), "p90_ms": sorted(ms)[int(len(ms) * 0.9)], "max_ms": max(ms),
              "slowest": max(timings, key=lambda t: t[1])[0], "visible_after": page.model.visible_count}
    window.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--filter-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--keep", type=Path, help="keep the generated database in this folder")
    parser.add_argument("--filter-only", action="store_true", help="only (c)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    if args.filter_only:
        result = measure_filtering(args.filter_rows)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="sti-startup-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"startup_{args.projects}.db"
    if not db.exists():
        t = time.perf_counter()
        make_database(db, args.projects)
        print(f"数据库：{db}（{args.projects} 个项目，生成用时 {time.perf_counter() - t:.1f} 秒）")
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "STI_DESK_SETTINGS": str(folder / "settings.ini"),
           "STI_DESK_HOME": str(folder)}

    run_child(FLOOR_CHILD, [], env)                       # warm the OS file cache
    run_child(APP_CHILD, [str(db), USERNAME, PASSWORD], env)  # and today's daily backup
    floor, app = [], []
    for _ in range(args.runs):
        floor.append(run_child(FLOOR_CHILD, [], env))
        app.append(run_child(APP_CHILD, [str(db), USERNAME, PASSWORD], env))

    def summary(samples: list[tuple[float, float, dict[str, float]]]) -> tuple[float, float, float]:
        return (statistics.median(s[0] for s in samples), min(s[0] for s in samples),
                statistics.median(s[1] for s in samples))

    f_med, f_min, f_cpu = summary(floor)
    a_med, a_min, a_cpu = summary(app)
    marks = {k: statistics.median(s[2][k] for s in app) for k in app[0][2] if k != "rows"}
    print(f"\n启动（{args.runs} 次交替运行，平台 {args.platform}，Python {sys.version.split()[0]}）")
    print(f"{'':24}{'墙钟中位数':>10}{'墙钟最小':>10}{'CPU中位数':>10}")
    print(f"{'(a) 空 PySide6 窗口':24}{f_med:>9.2f}s{f_min:>9.2f}s{f_cpu:>9.2f}s")
    print(f"{'(b) STI Desk 项目库':24}{a_med:>9.2f}s{a_min:>9.2f}s{a_cpu:>9.2f}s"
          f"   （{int(app[0][2]['rows'])} 个项目）")
    print(f"{'比值 (b)/(a)':24}{a_med / f_med:>9.2f}×{a_min / f_min:>9.2f}×{a_cpu / f_cpu:>9.2f}×"
          f"   目标 ≤ {RATIO_TARGET:.0f}×")
    print("(b) 进程内各阶段（自进程内开始计时的累计秒数，中位数）：")
    print("    " + "，".join(f"{k} {v:.2f}" for k, v in marks.items()))

    result = measure_filtering(args.filter_rows)
    print(f"\n搜索框按键到表格更新（{result['rows']} 行，{result['keystrokes']} 次按键，后台加载 {result['load_s']:.2f}s）")
    print(f"  中位数 {result['median_ms']:.1f} ms（CPU {result['cpu_median_ms']:.1f} ms），最小 {result['min_ms']:.1f} ms，P90 {result['p90_ms']:.1f} ms，最大 {result['max_ms']:.1f} ms"
          f"（“{result['slowest']}”），目标中位数 ≤ {FILTER_TARGET_MS:.0f} ms")
    ok = a_med / f_med <= RATIO_TARGET and result["median_ms"] <= FILTER_TARGET_MS
    print("\n结论：" + ("达到目标" if ok else "未达到目标（见上表）"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
