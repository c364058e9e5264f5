"""The PyInstaller build (build.spec) works: the frozen app runs its migrations from the bundle and the
CLI round trip init → demo → audit verify gives the expected Chinese output and exit codes.

Slow (a build takes 1–3 minutes and ~220 MB), so it only runs with ``STI_DESK_TEST_FROZEN=1``:

    STI_DESK_TEST_FROZEN=1 uv run --group build pytest tests/integration/test_frozen_build.py -m slow

The build goes to a temporary folder (not dist/) and includes the ``sti-desk-probe`` self-test
executable (``STI_DESK_BUILD_PROBE=1``). To test a folder that is already built instead, point
``STI_DESK_FROZEN_DIR`` at it (e.g. dist/sti-desk); the probe test is then skipped if it has no probe.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "sti-desk"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
# On Windows sti-desk.exe is windowed (no stdout); its console twin runs the subcommands.
CLI_NAME = f"{APP_NAME}-cli" if sys.platform == "win32" else APP_NAME
RUN_TIMEOUT = 180

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("STI_DESK_TEST_FROZEN") != "1",
                       reason="PyInstaller build test: set STI_DESK_TEST_FROZEN=1 (takes minutes, ~220 MB)"),
]


def _pyinstaller_command() -> list[str]:
    if importlib.util.find_spec("PyInstaller") is not None:
        return [sys.executable, "-m", "PyInstaller"]
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "--group", "build", "pyinstaller"]
    pytest.skip("PyInstaller is not installed (uv sync --group build)")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app: built now into a temporary folder, or taken from STI_DESK_FROZEN_DIR."""
    given = os.environ.get("STI_DESK_FROZEN_DIR")
    if given:
        folder = Path(given).resolve()
        assert (folder / f"{APP_NAME}{EXE_SUFFIX}").is_file(), f"no {APP_NAME} executable in {folder}"
        return folder
    out = tmp_path_factory.mktemp("pyinstaller")
    env = {**os.environ, "STI_DESK_BUILD_PROBE": "1"}
    cmd = _pyinstaller_command() + [str(ROOT / "build.spec"), "--noconfirm", "--log-level", "WARN",
                                    "--distpath", str(out / "dist"), "--workpath", str(out / "build")]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=1800)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, f"PyInstaller failed ({elapsed:.0f} s):\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    folder = out / "dist" / APP_NAME
    size_mb = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    print(f"\nfrozen build: {elapsed:.0f} s, {size_mb:.0f} MB in {folder}")
    return folder


@pytest.fixture()
def app_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "STI_DESK_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "STI_DESK_SETTINGS": str(tmp_path / "home" / "settings.ini"),
           "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    for name in ("STI_DESK_USER", "STI_DESK_PASSWORD", "STI_DESK_ADMIN_PASSWORD", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    return env


def run(bundle: Path, env: dict[str, str], *args: str, exe: str = CLI_NAME) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / f"{exe}{EXE_SUFFIX}"), *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=RUN_TIMEOUT)


def test_bundle_layout(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (bundle / f"{APP_NAME}{EXE_SUFFIX}").is_file()
    assert (internal / "migrations" / "env.py").is_file()
    assert (internal / "migrations" / "script.py.mako").is_file()
    bundled = sorted(p.name for p in (internal / "migrations" / "versions").glob("*.py"))
    assert bundled == sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert not list((internal / "migrations").rglob("*.pyc")), "bytecode caches were bundled"
    for src in (ROOT / "resources").rglob("*"):
        if src.is_file() and "__pycache__" not in src.parts:
            assert (internal / "resources" / src.relative_to(ROOT / "resources")).is_file(), src
    broken = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not broken, f"dangling symlinks: {broken}"
    names = {p.name for p in internal.rglob("*")}
    heavy = sorted(n for n in names if re.match(r"(lib)?Qt6?(WebEngine|Quick|Qml|3D|Multimedia|Designer)", n)
                   or re.match(r"Qt(WebEngine|Quick|Qml|3D|Multimedia|Designer|Test)\w*\.(abi3\.so|pyd)$", n))
    assert not heavy, f"excluded Qt modules were bundled: {heavy}"
    assert not any(n.startswith(("_tkinter", "tcl", "tk8")) for n in names), "tkinter was bundled"
    assert any(n.startswith("QtCharts") for n in names) and any(n.startswith("QtPrintSupport") for n in names)
    size_mb = sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    assert size_mb < 400, f"bundle grew to {size_mb:.0f} MB"


def test_cli_round_trip(bundle: Path, app_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "数据" / "a.db"  # a Chinese folder name, as on a real office PC
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

    r = run(bundle, app_env, "--version")
    assert r.returncode == 0 and f"STI Desk {version}" in r.stdout, r

    r = run(bundle, app_env, "--db", str(tmp_path / "weak.db"), "init", "--admin-password", "short")
    assert r.returncode == 2 and "错误：" in r.stderr, r  # weak password refused, in Chinese

    r = run(bundle, app_env, "--db", str(db), "init", "--admin-password", "abc12345")
    assert r.returncode == 0, r
    assert re.search(r"数据库结构：新建 → \w+", r.stdout), r.stdout  # the migrations ran from the bundle
    assert "已创建管理员账号：admin" in r.stdout, r.stdout

    r = run(bundle, app_env, "--db", str(db), "init", "--admin-password", "abc12345")
    assert r.returncode == 0 and "数据库结构已是最新" in r.stdout and "已有用户，未创建管理员" in r.stdout, r

    r = run(bundle, app_env, "--db", str(db), "demo")
    assert r.returncode == 0, r
    assert re.search(r"已写入演示数据：\d+ 家单位、\d+ 位专家、\d+ 个申报批次、\d+ 个项目", r.stdout), r.stdout
    assert "各阶段项目数：" in r.stdout and "新建演示账号" in r.stdout, r.stdout

    r = run(bundle, app_env, "--db", str(db), "audit", "verify")
    assert r.returncode == 0, r
    m = re.search(r"审计日志完整：共 (\d+) 条记录，哈希链校验通过。", r.stdout)
    assert m and int(m.group(1)) > 100, r.stdout

    r = run(bundle, app_env, "--db", str(db), "migrate")
    assert r.returncode == 0 and "无需升级" in r.stdout, r

    with sqlite3.connect(db) as conn:  # tamper with one audit entry
        conn.execute("UPDATE audit_log SET username = 'mallory' WHERE id = (SELECT MIN(id) + 5 FROM audit_log)")
    r = run(bundle, app_env, "--db", str(db), "audit", "verify")
    assert r.returncode == 1 and "审计日志被篡改" in r.stdout, r


def test_probe_inside_bundle(bundle: Path, app_env: dict[str, str]) -> None:
    """GUI modules, Qt plugins (offscreen), charts, SVG, print-to-PDF, Excel and reportlab inside the bundle."""
    if not (bundle / f"{APP_NAME}-probe{EXE_SUFFIX}").is_file():
        pytest.skip("bundle was built without STI_DESK_BUILD_PROBE=1")
    r = run(bundle, app_env, exe=f"{APP_NAME}-probe")
    assert r.returncode == 0 and "PROBE OK" in r.stdout, f"{r.stdout}\n{r.stderr}"


def test_gui_starts_offscreen(bundle: Path, app_env: dict[str, str], tmp_path: Path) -> None:
    """`sti-desk` without a subcommand opens the login window; it must still be running after a few
    seconds (no crash on import or start-up). Then it is terminated."""
    if not (ROOT / "src" / "sti_desk" / "ui" / "app.py").is_file():
        pytest.skip("the GUI (sti_desk/ui/app.py) is not written yet")
    db = tmp_path / "gui.db"
    r = run(bundle, app_env, "--db", str(db), "init", "--admin-password", "abc12345")
    assert r.returncode == 0, r
    proc = subprocess.Popen([str(bundle / f"{APP_NAME}{EXE_SUFFIX}"), "--db", str(db)], env=app_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None  # still showing the login window: good
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        out, err = proc.communicate()
    assert code is None, (f"GUI exited at start-up with code {code}:\n"
                          f"{out.decode('utf-8', 'replace')}\n{err.decode('utf-8', 'replace')[-4000:]}")
