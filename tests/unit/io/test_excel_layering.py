"""The Excel layer imports only the domain, the standard library, openpyxl and python-calamine."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

IO = Path(__file__).resolve().parents[3] / "src" / "sti_desk" / "io"
ALLOWED_THIRD_PARTY = ("openpyxl", "python_calamine")


def _top_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(0, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                out.append((node.level, node.module))
            else:                                   # from . import excel_codes
                out += [(node.level, a.name) for a in node.names]
    return out


@pytest.mark.parametrize("path", sorted(IO.glob("excel_*.py")) + [IO / "__init__.py"], ids=lambda p: p.name)
def test_excel_modules_import_only_domain_stdlib_openpyxl_calamine(path: Path):
    for level, module in _top_imports(path):
        top = module.split(".")[0]
        if level:                                   # relative: only sibling Excel modules
            assert top.startswith("excel_"), module
        elif top == "sti_desk":
            # the domain, and the stdlib-only switch that pauses garbage collection during a big parse
            assert module.startswith("sti_desk.domain") or module == "sti_desk.gc_policy", \
                f"{path.name} imports {module}"
        else:
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY or top == "__future__", \
                f"{path.name} imports {module}"


@pytest.mark.parametrize("path", sorted(IO.glob("excel_*.py")), ids=lambda p: p.name)
def test_excel_modules_stay_small(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 350
