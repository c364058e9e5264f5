"""Synthetic ProjectListRow lists for model tests and the benchmark."""
from __future__ import annotations

import random
from datetime import date

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectListRow

_UNITS = ("云芯电子", "海智装备", "绿源农业", "康宁生物", "华光新材", "蓝天环保", "启明软件", "中科智能")
_WORDS = ("智能", "监测", "新材料", "装备", "算法", "平台", "预警", "检测", "育种", "储能", "芯片", "诊断")
_LEADERS = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄涛")
_FIELDS = ("电子信息", "先进制造", "新材料", "生物医药", "现代农业")
_STATES = list(ProjectState)


def make_rows(n: int, seed: int = 1) -> list[ProjectListRow]:
    rnd = random.Random(seed)
    titles = ["".join(rnd.sample(_WORDS, 3)) for _ in range(997)]
    units = [f"杭州{_UNITS[u % len(_UNITS)]}有限公司{u}" for u in range(400)]
    moneys = [Money(k * 100_000) for k in range(10, 500)]
    calls = [(f"{2023 + c}年度重点研发计划", 2023 + c, date(2023 + c, 7, 1), date(2025 + c, 6, 30)) for c in range(3)]
    zero = Money(0)
    rows = []
    for i in range(1, n + 1):
        c = i % 3
        call_name, year, start, end = calls[c]
        unit = (i * 7919) % 400
        requested = moneys[(i * 31) % len(moneys)]
        rows.append(ProjectListRow(
            i, f"{year}-ZD-{i:05d}", f"{titles[(i * 13) % 997]}研究{i}", c + 1, call_name, year, unit + 1,
            units[unit], _LEADERS[(i * 5) % len(_LEADERS)], _FIELDS[i % len(_FIELDS)],
            _STATES[i % len(_STATES)], requested, zero if i % 2 else requested, start, end))
    return rows
