"""Benchmark: GUI start-up against the bare PySide6 floor, and the project list's search keystroke.

    uv run python benchmarks/startup_bench.py [--projects 20000] [--filter-rows 100000] [--runs 5]
                                             [--bytecode both|source|cached] [--platform offscreen|xcb]
                                             [--keep DIR] [--write-docs]

Every start-up figure is wall time from just before the child process is spawned to the moment its line
arrives (so Python's own start and every import are included), median of ``--runs`` interleaved runs:

(i)   floor       — a fresh Python process imports PySide6, shows an empty QMainWindow: its first paint.
(ii)  login       — ``sti-desk --db <database of --projects projects>`` through the real entry point
                    (``sti_desk.cli.main``): the first paint of the login window (the database is opened
                    behind it, see sti_desk.ui.startup).
(iii) main window — the same run, logged in programmatically as soon as the backend is ready through the
                    documented test hook ``login_as=(user, password)`` (it presses 登录 the way a click does;
                    scrypt included): the first paint of the main window on the 项目库 page. This is the
                    issue's “time from process start to the main window shown”; target (iii) ≤ 3 × (i).
(iv)  list        — the same run: the first paint of the table after the background load has filled it
                    with every project (shown beside (iii), not the target's number).
(c)   filtering   — in this process: the real ProjectListPage over ``--filter-rows`` rows (stub service),
                    1366×768; each keystroke is sent to the search box (QTest key events for ASCII,
                    ``insert`` for Chinese as an input method does) and timed until the model reset is
                    painted. Target: median ≤ 30 ms.

Bytecode: importing SQLAlchemy from source costs several times more than from cached bytecode. This
development machine sets PYTHONDONTWRITEBYTECODE=1 and its virtualenv holds no .pyc files, so every start
compiles every imported module; an installed program (the PyInstaller build ships compiled bytecode; a pip
install writes __pycache__ on first start) does not. ``--bytecode both`` (default) measures the two
conditions separately and says which is which: ``source`` gives the children an empty
PYTHONPYCACHEPREFIX with writing disabled (always compile), ``cached`` a prefix filled by a warm-up run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

RATIO_TARGET = 3.0
FILTER_TARGET_MS = 30.0
USERNAME, PASSWORD = "clerk", "clerk1234"
DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
SECTION = "## 启动与筛选（startup_bench）"
#: Measured with this script's predecessor on commit 7477a4a (before the fast start), same machine and day:
#: the in-process total to the painted list, i.e. figure (iv); there was no login window then.
BEFORE = {"source": (0.22, 4.53), "cached": (0.25, 2.46)}
#: list_projects on the 20,000-project database at commit 7477a4a (median, fastest of 7 calls in one process).
BEFORE_LIST = (0.50, 0.33)

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
from sti_desk.cli import main

def mark(name, **extra):
    print(name + " " + json.dumps({"t": time.perf_counter() - t0, **extra}), flush=True)

def observer(stage, widget):
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self, target, label, ready=lambda: True, then=None):
            super().__init__(target)
            self.label, self.ready, self.then, self.seen = label, ready, then, False
            target.installEventFilter(self)

        def eventFilter(self, obj, event):
            if not self.seen and event.type() == QEvent.Type.Paint and self.ready():
                self.seen = True
                mark(self.label)
                if self.then is not None:
                    QTimer.singleShot(0, self.then)
            return False

    if stage == "login":
        FirstPaint(widget, "LOGIN_SHOWN")
        widget.backend.ready.connect(lambda _: mark("BACKEND_READY"))
    elif stage == "main":
        widget.resize(1366, 768)
        FirstPaint(widget, "MAIN_SHOWN")
        page = widget.current_page()
        FirstPaint(page.view.viewport(), "LIST_PAINTED",
                   lambda: page.load_handle.done and page.model.rowCount() > 0, widget.close)
    else:
        raise SystemExit(f"unexpected window {stage}")

code = main(["--db", sys.argv[1]], login_as=(sys.argv[2], sys.argv[3]), start_page="projects", observer=observer)
mark("EXIT")
sys.exit(code)
"""
STAGES = ("LOGIN_SHOWN", "BACKEND_READY", "MAIN_SHOWN", "LIST_PAINTED")


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


# -- (i) to (iv) ----------------------------------------------------------------------------------------
def run_child(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall seconds from spawn to the arrival of each line the child prints (SHOWN, LOGIN_SHOWN, …)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    walls: dict[str, float] = {}
    for line in proc.stdout:
        name = line.split(" ", 1)[0]
        if name in ("SHOWN", "EXIT", *STAGES):
            walls.setdefault(name, time.perf_counter() - start)
            if name == "SHOWN":
                break
    _, err = proc.communicate(timeout=180)
    expected = ("SHOWN",) if code is FLOOR_CHILD else (*STAGES, "EXIT")
    if proc.returncode != 0 or any(k not in walls for k in expected):
        raise RuntimeError(f"child failed ({proc.returncode}), saw {sorted(walls)}:\n{err}")
    return walls


def mode_env(base: dict[str, str], mode: str, folder: Path) -> dict[str, str]:
    env = dict(base)
    if mode == "source":  # as on this development machine: nothing cached, nothing written
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:  # compiled once (by the warm-up run) and reused, as an installed program does
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def venv_has_bytecode() -> bool:
    import importlib.util

    import sqlalchemy

    return Path(importlib.util.cache_from_source(sqlalchemy.__file__)).exists()


def measure_startup(db: Path, mode: str, runs: int, base_env: dict[str, str], folder: Path) -> dict[str, object]:
    env = mode_env(base_env, mode, folder)
    args = [str(db), USERNAME, PASSWORD]
    run_child(FLOOR_CHILD, [], env)  # warm the OS file cache (and, for "cached", the bytecode cache)
    run_child(APP_CHILD, args, env)  # … and make today's daily backup
    floor: list[float] = []
    stages: dict[str, list[float]] = {k: [] for k in STAGES}
    for _ in range(runs):
        floor.append(run_child(FLOOR_CHILD, [], env)["SHOWN"])
        walls = run_child(APP_CHILD, args, env)
        for k in STAGES:
            stages[k].append(walls[k])
    med = {k: statistics.median(v) for k, v in stages.items()}
    return {"floor": statistics.median(floor), "floor_min": min(floor), "median": med,
            "min": {k: min(v) for k, v in stages.items()}}


MODE_LABEL = {"source": "每次从源码编译（本开发机：PYTHONDONTWRITEBYTECODE=1，venv 无 .pyc）",
              "cached": "字节码已缓存（安装后的程序：PyInstaller 包内为已编译字节码）"}
COLUMNS = (("LOGIN_SHOWN", "(ii) 登录窗口"), ("MAIN_SHOWN", "(iii) 主窗口（目标 ≤ 3×）"),
           ("LIST_PAINTED", "(iv) 主窗口 + 列表已绘制"))


def startup_rows(results: dict[str, dict[str, object]]) -> list[str]:
    """The start-up table as Markdown rows (also printed)."""
    head = ["| 条件 | (i) 空 PySide6 窗口 | " + " | ".join(t for _, t in COLUMNS) + " | 数据库在后台就绪 |",
            "|---|---:|" + "---:|" * len(COLUMNS) + "---:|"]
    rows = []
    for mode, r in results.items():
        floor, med = r["floor"], r["median"]  # type: ignore[index]
        cells = [f"{med[k]:.2f} s（{med[k] / floor:.1f}×）" for k, _ in COLUMNS]  # type: ignore[index]
        rows.append(f"| {MODE_LABEL[mode]} | {floor:.2f} s | " + " | ".join(cells)
                    + f" | {med['BACKEND_READY']:.2f} s |")  # type: ignore[index]
        if mode in BEFORE:
            f0, total = BEFORE[mode]
            rows.append(f"| 改动前（同一条件，提交 7477a4a；无登录窗口，直接到主窗口 + 列表） | {f0:.2f} s | — | — | "
                        f"{total:.2f} s（{total / f0:.1f}×） | — |")
    return head + rows


def write_docs(lines: list[str]) -> None:
    """Replace (or add) the section "## 启动与筛选（startup_bench）" of docs/performance.md only."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# 性能 Performance\n"
    block = SECTION + "\n\n" + "\n".join(lines).rstrip() + "\n"
    if SECTION in text:
        start = text.index(SECTION)
        nxt = re.search(r"\n## ", text[start + len(SECTION):])
        end = start + len(SECTION) + nxt.start() + 1 if nxt else len(text)
        text = text[:start] + block + ("\n" + text[end:] if nxt else "")
    else:
        text = text.rstrip() + "\n\n" + block
    DOC.write_text(text.rstrip() + "\n", encoding="utf-8")


def measure_list(db: Path, calls: int = 7) -> tuple[int, float, float]:
    """``services.projects.list_projects`` in this process: rows, median and fastest seconds."""
    from sti_desk.bootstrap import open_app

    ctx = open_app(db, backup_daily=False)
    try:
        actor = ctx.services.auth.login(USERNAME, PASSWORD)
        times, rows = [], []
        for _ in range(calls):
            t = time.perf_counter()
            rows = ctx.services.projects.list_projects(actor)
            times.append(time.perf_counter() - t)
        return len(rows), statistics.median(times), min(times)
    finally:
        ctx.close()


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
    parser.add_argument("--bytecode", choices=("both", "source", "cached"), default="both")
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--keep", type=Path, help="keep the generated database in this folder")
    parser.add_argument("--filter-only", action="store_true", help="only (c)")
    parser.add_argument("--write-docs", action="store_true", help="write the figures into docs/performance.md")
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
    base_env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "STI_DESK_SETTINGS": str(folder / "settings.ini"),
                "STI_DESK_HOME": str(folder)}
    modes = ["source", "cached"] if args.bytecode == "both" else [args.bytecode]
    results = {mode: measure_startup(db, mode, args.runs, base_env, folder) for mode in modes}

    when = f"{date.today():%Y-%m-%d}，{platform.python_implementation()} {platform.python_version()}，" \
           f"{platform.machine()}，{os.cpu_count()} 核，Qt 平台 {args.platform}"
    print(f"\n启动（{args.projects} 个项目，{args.runs} 次交替运行的墙钟中位数，从创建子进程开始计时；{when}）")
    table = startup_rows(results)
    print("\n".join(table))
    if "source" in results and venv_has_bytecode():
        print("注意：本机 venv 已有 .pyc，“每次从源码编译”一行实际上只有本项目的模块是从源码编译的。")
    for mode, r in results.items():
        lo = r["min"]  # type: ignore[index]
        print(f"  最小值（{mode}）：空窗口 {r['floor_min']:.2f} s，" + "，".join(
            f"{t.split(' ')[0]} {lo[k]:.2f} s" for k, t in COLUMNS))

    n_rows, list_med, list_min = measure_list(db)
    listing = (f"`list_projects`（{n_rows} 行，本进程内 7 次）：中位数 {list_med:.2f} s，最快 {list_min:.2f} s；"
               f"改动前（提交 7477a4a）中位数约 {BEFORE_LIST[0]:.2f} s，最快 {BEFORE_LIST[1]:.2f} s")
    print("\n" + listing)

    result = measure_filtering(args.filter_rows)
    filtering = (f"搜索框按键到表格更新（{result['rows']} 行，{result['keystrokes']} 次按键）：中位数 "
                 f"{result['median_ms']:.1f} ms（CPU {result['cpu_median_ms']:.1f} ms），最小 {result['min_ms']:.1f} ms，"
                 f"P90 {result['p90_ms']:.1f} ms，最大 {result['max_ms']:.1f} ms（“{result['slowest']}”），"
                 f"目标中位数 ≤ {FILTER_TARGET_MS:.0f} ms")
    print("\n" + filtering)
    verdicts = []
    for mode, r in results.items():
        ratio = r["median"]["MAIN_SHOWN"] / r["floor"]  # type: ignore[index]
        verdicts.append(f"{'达到' if ratio <= RATIO_TARGET else '未达到'}（{mode}：(iii)/(i) = {ratio:.1f}×）")
    filter_ok = result["median_ms"] <= FILTER_TARGET_MS  # type: ignore[operator]
    conclusion = ("启动目标 (iii) ≤ 3× 空窗口：" + "；".join(verdicts) + "。筛选目标："
                  + ("达到" if filter_ok else "未达到") + "。")
    print("\n结论：" + conclusion)

    if args.write_docs:
        lines = [
            f"`uv run python benchmarks/startup_bench.py --write-docs`（{when}；{args.projects} 个项目的数据库；"
            f"每个数字是 {args.runs} 次与空窗口交替运行的中位数，墙钟时间从创建子进程算起，包括 Python 启动和全部导入；"
            "开发机 2 核、与其他工程师共用，数字有 ±20% 左右的波动）。",
            "",
            "(i) 空窗口：新进程导入 PySide6 并显示空 QMainWindow（首次绘制）。(ii)–(iv) 为同一次运行："
            "`sti-desk --db 数据库` 经真实入口 `sti_desk.cli.main` 启动；(ii) 登录窗口首次绘制（数据库在其后台打开）；"
            "(iii) 通过文档化的测试钩子 `login_as=(用户名, 密码)` 在数据库就绪后立即登录（与点击“登录”同一路径，含 scrypt），"
            "主窗口（项目库页）首次绘制——这就是需求中的“从进程启动到主窗口显示”，目标 ≤ 3× (i)；"
            "(iv) 后台加载完全部项目后表格的首次绘制，列在旁边供参考。括号内为与同一条件下 (i) 的比值。",
            "",
            *table,
            "",
            "两种条件的区别只在字节码：本开发机设置了 PYTHONDONTWRITEBYTECODE=1 且 venv 中没有 .pyc，每次启动都要把 "
            "SQLAlchemy 等数千个模块从源码重新编译（仅 SQLAlchemy 就约 1.3 s）；安装后的程序不会这样"
            "（PyInstaller 包内是已编译的字节码，pip 安装后首次启动会写入 __pycache__）。",
            "",
            "- " + listing + "（Core 查询代替 ORM 行处理、相同金额共用一个 Money、按槽位直接构造行对象）。",
            "- " + filtering + "。",
            "- 结论：" + conclusion,
            "",
            "时间花在哪里（字节码已缓存时）：导入 PySide6 并显示登录窗口约为空窗口的时间；之后后台线程导入 SQLAlchemy"
            "（约 0.3 s）、表定义与用到的服务，打开数据库（完整性检查 quick_check、结构版本检查、每日备份、映射配置），"
            "再导入主窗口模块；登录（scrypt）和主窗口各约 0.07 s；列表在后台读取（`list_projects` 2 万行约 0.2 s）后填入。"
            "Alembic 只在确实需要迁移时导入；openpyxl、python-calamine、reportlab 只在导入/导出 Excel、评分表时导入；"
            "评审、申报受理等服务在第一次使用时才导入。",
            "",
            "为什么 (iii) 仍高于 3×：主窗口需要已登录的用户，而登录需要数据库和服务层；服务层建立在 SQLAlchemy ORM 上，"
            "仅导入 SQLAlchemy 就超过空窗口的时间。Python 的全局解释器锁使后台导入与界面线程不能真正并行，"
            "所以后台线程缩短的是“看到窗口”的时间 (ii)，而不是 (iii)。继续缩短 (iii) 需要不经 SQLAlchemy 的登录和首屏查询，"
            "那会把认证、锁定和审计链写两遍，本次没有这样做。",
        ]
        write_docs(lines)
        print(f"已写入 {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
