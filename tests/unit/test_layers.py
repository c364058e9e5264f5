"""The layer rules of docs/ARCHITECTURE.md, enforced on the import statements of every module."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "sti_desk"

# layer → prefixes it must never import
FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "openpyxl", "reportlab", "python_calamine",
               "sti_desk.db", "sti_desk.services", "sti_desk.io", "sti_desk.ui", "sti_desk.cli",
               "sti_desk.bootstrap"),
    "db": ("PySide6", "sti_desk.services", "sti_desk.io", "sti_desk.ui", "sti_desk.cli"),
    "services": ("PySide6", "sti_desk.ui", "sti_desk.cli"),
    "io": ("PySide6", "sqlalchemy", "sti_desk.db", "sti_desk.services", "sti_desk.ui", "sti_desk.cli"),
    "ui": ("sqlalchemy", "alembic", "sti_desk.db", "sti_desk.cli"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                out.append(".".join(base + ([node.module] if node.module else [])))
            else:
                out.append(node.module or "")
    return out


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    bad = []
    for path in _modules(layer):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(SRC)} imports {name}")
    assert not bad, "\n".join(bad)


def test_the_checker_sees_relative_imports():
    names = _imports(SRC / "services" / "projects.py")
    assert "sti_desk.db.tables" in names and "sti_desk.domain.money" in names
