"""Fixtures of the Excel I/O tests: the files of tests/fixtures/make_fixtures.py, built fresh per session."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[2] / "fixtures" / "make_fixtures.py"
_spec = importlib.util.spec_from_file_location("sti_excel_fixtures", _SCRIPT)
assert _spec and _spec.loader
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)


@pytest.fixture(scope="session")
def fx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Name -> path of every fixture file (messy, detail, units_xls, experts, expenditures, broken …)."""
    return make_fixtures.make_all(tmp_path_factory.mktemp("excel_fixtures"))


@pytest.fixture(scope="session")
def mf():
    """The fixture-maker module (valid codes UNIT_A…, ID_1…, cc(), idn())."""
    return make_fixtures
