"""docs/excel-formats.md names every column, synonym and choice key the specs know."""
from __future__ import annotations

from pathlib import Path

import pytest

from sti_desk.io.excel_specs import ALL_SUBJECTS, BUDGET_DETAIL, CHOICE_KEYS, SPECS, SheetSpec

DOC = Path(__file__).resolve().parents[3] / "docs" / "excel-formats.md"


@pytest.mark.parametrize("spec", [*SPECS.values(), BUDGET_DETAIL], ids=lambda s: s.kind)
def test_every_column_and_synonym_is_documented(spec: SheetSpec):
    text = DOC.read_text(encoding="utf-8")
    assert f"kind = `{spec.kind}`" in text
    for f in spec.fields:
        if f.name.startswith("budget:"):
            continue
        assert f"| {f.template_header} | `{f.name}` |" in text
        for synonym in f.synonyms:
            assert synonym in text, synonym


def test_subjects_and_choice_keys_are_documented():
    text = DOC.read_text(encoding="utf-8")
    assert "、".join(ALL_SUBJECTS) in text
    for key in CHOICE_KEYS:
        assert f"`{key}`" in text
