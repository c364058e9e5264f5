"""The review domain stays pure: no Qt, no SQLAlchemy, nothing of the app outside sti_desk.domain;
and every module stays small enough to read in one sitting."""
import ast
import sys
from pathlib import Path

import sti_desk.domain.review as review

PACKAGE = Path(review.__file__).parent


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.level, node.module or ""


def test_review_imports_only_the_standard_library_and_the_domain():
    stdlib = sys.stdlib_module_names
    for path in sorted(PACKAGE.glob("*.py")):
        for level, module in _imports(path):
            if level == 0:
                top = module.split(".")[0]
                assert top in stdlib or module.startswith("sti_desk.domain"), (path.name, module)
            else:
                assert level <= 2, (path.name, level, module)   # .x = review, ..x = domain


def test_modules_are_small():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 300, path.name
