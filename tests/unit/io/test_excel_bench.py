"""The parse benchmark script runs (on a small workbook) and its workbook parses without a problem."""
from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "excel_parse_bench.py"


def test_benchmark_script_runs_on_a_small_workbook(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("excel_parse_bench", SCRIPT)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--rows", "300", "--repeat", "1", "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "300 rows × 20 columns" in out and "ratio parse / read" in out and "peak RSS" in out
