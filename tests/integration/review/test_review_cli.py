"""CLI smoke: the review verbs through ``sti_desk.cli.main`` on a real database file."""
from __future__ import annotations

import openpyxl
import pytest

from sti_desk.cli import main
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role
from sti_desk.io.score_sheets import FIRST_ROW, MAIN_SHEET

from .conftest import submit_all
from .world import GOOD, build_world, reviewer_actor


@pytest.fixture
def world(ctx):
    """Budget 150 万元, so that four projects of 50 万元 are over it."""
    return build_world(ctx, budget=Money.wan(150))

ORDER = ("innovation", "technical", "team", "benefit", "budget")


def _cli(capsys, monkeypatch, db, user, password, *argv):
    monkeypatch.setenv("STI_DESK_PASSWORD", password)
    code = main(["--db", str(db), "--user", user, *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_review_from_draw_to_approval(ctx, admin, clerk, boss, world, tmp_path, capsys, monkeypatch):
    db = ctx.db_path
    run = lambda *a: _cli(capsys, monkeypatch, db, "clerk", "clerk1234", *a)  # noqa: E731
    code, out = run("review", "draw", world.call, "--seed", "42", "--today", "2026-09-01", "--deadline", "2026-09-20")
    assert code == 0 and "随机种子：42" in out and "电子信息-1" in out
    code, out = run("review", "record", world.call, "--lots")
    assert code == 0 and "未参加抽取" in out and "与申报单位同单位" in out and "随机数" in out
    assert run("review", "verify", world.call)[1].startswith("复核通过")
    code, out = run("review", "status", world.call, "--today", "2026-09-21")
    assert code == 0 and "未提交 20 份" in out and "逾期未交" in out
    code, out = run("review", "sheets", world.call, str(tmp_path / "sheets"))
    assert code == 0 and "已生成 5 份评分表" in out
    sheet = sorted((tmp_path / "sheets").glob("*.xlsx"))[0]
    expert_id = int(sheet.stem.rsplit("_", 1)[1])
    wb = openpyxl.load_workbook(sheet)
    ws = wb[MAIN_SHEET]
    for i in range(4):
        for j, c in enumerate(ORDER):
            ws.cell(FIRST_ROW + i, 7 + j).value = GOOD[c] + (15 if (i, c) == (0, "innovation") else 0)
        ws.cell(FIRST_ROW + i, 14).value = "资助"
    wb.save(sheet)
    code, out = run("review", "import-scores", str(sheet))
    assert code == 2 and "第 5 行「创新性」：40 超过满分 30" in out
    ws.cell(FIRST_ROW, 7).value = 25
    wb.save(sheet)
    code, out = run("review", "import-scores", str(sheet), "--expert", str(expert_id))
    assert code == 0 and "提交 4 项" in out
    # another expert scores from the command line, the rest through the services
    staff = {a.expert.id for a in ctx.services.review.assignments_of(clerk, world.call)}
    other = min(staff - {expert_id})
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", other)
    code, out = _cli(capsys, monkeypatch, db, "exp", "expert123", "review", "mine")
    tasks = [line for line in out.splitlines() if line.split()[0].isdigit()]     # (after the 评分截止 line)
    assert code == 0 and len(tasks) == 4 and all(world.call in line for line in tasks)
    assert "评分截止日期 2026-09-20 已过" in out
    first = int(tasks[0].split()[0])
    marks = ",".join(f"{c}={GOOD[c]}" for c in ORDER)
    code, out = _cli(capsys, monkeypatch, db, "exp", "expert123", "review", "score", str(first),
                     "--marks", marks.replace("budget=8", "budget=8.5"), "--recommendation", "资助", "--submit")
    assert code == 0 and "总分 81.5" in out
    panel = {e: reviewer_actor(e) for e in {a.expert.id for a in ctx.services.review.assignments_of(clerk, world.call)}}
    for eid, actor in panel.items():
        for a in ctx.services.review.my_assignments(actor):
            if not a.locked:
                ctx.services.review.save_marks(actor, a.id, GOOD, "", "资助", submit=True)
    code, out = run("review", "close", world.call)
    assert code == 0 and "已结束" in out
    code, out = run("review", "results", world.call, "--explain", "--z")
    assert code == 0 and "得分 81.00" in out and "共 5 位专家打分" in out
    items = f"{world.codes[0]}=50,{world.codes[1]}=40.5,{world.codes[2]}=50,{world.codes[3]}=50"
    code, out = _cli(capsys, monkeypatch, db, "boss", "manager123", "review", "approve", world.call, "--items",
                     items, "--today", "2026-09-25")
    assert code == 3 and "超过批次总预算" in out
    code, out = _cli(capsys, monkeypatch, db, "boss", "manager123", "review", "approve", world.call, "--items",
                     f"{world.codes[0]}=50,{world.codes[1]}=40.5", "--note", "局务会研究", "--today", "2026-09-25")
    assert code == 0 and "拟立项 2 项，合计 90.50 万元" in out
    code, out = run("review", "publicity", "start", world.call, "--start", "2026-09-25")
    assert code == 0 and "2026-09-25 至 2026-10-01" in out
    code, out = run("review", "publicity", "objection", world.codes[1], "--received", "2026-09-28",
                    "--content", "重复申报")
    assert code == 0 and "编号" in out
    code, out = run("review", "publicity", "finish", world.call, "--today", "2026-10-02")
    assert code == 0 and world.codes[0] in out and "暂缓" in out
    code, out = run("review", "publicity", "list", world.call)
    assert "未处理" in out
    code, out = run("review", "results", "NOPE")
    assert code == 2 and "不存在" in out


def test_reviewers_are_refused_staff_verbs(ctx, admin, world, drawn, capsys, monkeypatch):
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", drawn.groups[0].panel[0].id)
    for argv in (("review", "record", world.call), ("review", "status", world.call), ("review", "close", world.call)):
        code, out = _cli(capsys, monkeypatch, ctx.db_path, "exp", "expert123", *argv)
        assert code == 2 and "无权" in out
    code, out = _cli(capsys, monkeypatch, ctx.db_path, "exp", "expert123", "review", "mine")
    assert code == 0 and out.count(world.call) == 4


def test_submit_all_helper_is_shared(review, panel):
    submit_all(review, panel)
    assert all(a.locked for actor in panel.values() for a in review.my_assignments(actor))


def test_import_scores_alias_reaches_the_review_importer(tmp_path, capsys, monkeypatch):
    """`sti-desk import scores FILE` is the documented alias of `review import-scores`."""
    from sti_desk.cli import main
    from sti_desk.cli import review as review_cli

    seen = {}

    def fake(args):
        seen["file"], seen["expert"], seen["draft"] = args.file, args.expert, args.draft
        return 0

    monkeypatch.setattr(review_cli, "cmd_import", fake)
    (tmp_path / "s.xlsx").write_bytes(b"")        # (a missing file is refused before anything else)
    assert main(["--db", str(tmp_path / "x.db"), "import", "scores", str(tmp_path / "s.xlsx")]) == 0
    assert seen == {"file": tmp_path / "s.xlsx", "expert": None, "draft": False}


def test_deadline_verb_sets_moves_and_clears(ctx, drawn, world, capsys, monkeypatch):
    run = lambda *a: _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", *a)  # noqa: E731
    code, out = run("review", "deadline", world.call, "2099-01-10")
    assert code == 0 and "本轮评分截止日期：2099-01-10" in out
    code, out = run("review", "deadline", world.call, "2099-01-15")
    assert code != 0 and "须填写原因" in out
    code, out = run("review", "deadline", world.call, "2099-01-15", "--reason", "专家出差")
    assert code == 0 and "2099-01-15" in out
    assert "截止 2099-01-15" in run("review", "status", world.call)[1]
    code, out = run("review", "deadline", world.call)
    assert code != 0 and "二者选一" in out
    code, out = run("review", "deadline", world.call, "--clear", "--reason", "不设期限")
    assert code == 0 and "已取消" in out and "截止" not in run("review", "status", world.call)[1].splitlines()[0]


@pytest.mark.parametrize("rule, label", [("mean", "算术平均"), ("median", "中位数")])
def test_results_rule_line_mentions_dropping_marks_only_for_the_trimmed_mean(ctx, clerk, world, capsys, monkeypatch,
                                                                             rule, label):
    from .world import DAY

    review = ctx.services.review
    review.set_rubric(clerk, world.call, aggregation=rule)
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel})
    review.close_round(clerk, world.call)
    code, out = _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", "review", "results", world.call)
    first = out.splitlines()[0]
    assert code == 0 and f"汇总规则：{label}；分歧阈值 20 分" in first and "去掉" not in first


def test_a_partial_score_changes_only_what_is_given_and_keeps_the_rest_of_the_draft(ctx, admin, drawn, capsys,
                                                                                     monkeypatch):
    from decimal import Decimal

    review = ctx.services.review
    eid = drawn.groups[0].panel[0].id
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", eid)
    actor = reviewer_actor(eid)
    a = review.my_assignments(actor)[0]
    review.save_marks(actor, a.id, GOOD, "原有意见", "资助")
    run = lambda *args: _cli(capsys, monkeypatch, ctx.db_path, "exp", "expert123", "review", "score", str(a.id),  # noqa: E731
                             *args)
    code, out = run("--marks", "innovation=26")
    assert code == 0 and "已暂存" in out
    form = review.get_score_form(actor, a.id)
    assert form.marks == {**{k: Decimal(v) for k, v in GOOD.items()}, "innovation": Decimal(26)}
    assert (form.comment, form.recommendation) == ("原有意见", "资助")
    code, out = run("--marks", "technical=", "--recommendation", "优先资助")      # a blank value clears one mark
    form = review.get_score_form(actor, a.id)
    assert code == 0 and "technical" not in form.marks and form.marks["innovation"] == Decimal(26)
    assert (form.comment, form.recommendation) == ("原有意见", "优先资助")
    code, out = run("--comment", "")
    assert code == 0 and review.get_score_form(actor, a.id).comment == ""
    code, out = run()
    assert code == 2 and "请给出要填写的内容" in out
    code, out = run("--submit")                                                   # still one mark short
    assert code == 2 and "尚未打分" in out
    code, out = run("--marks", "technical=20", "--submit")
    assert code == 0 and "已提交" in out and "总分 82" in out
    form = review.get_score_form(actor, a.id)
    assert form.locked and form.recommendation == "优先资助" and form.marks["technical"] == Decimal(20)


@pytest.mark.parametrize("size, why", [("1", "每组评审专家不少于 3 人"), ("2", "每组评审专家不少于 3 人"),
                                       ("26", "每组评审专家不多于 25 人"), ("x", "每组评审专家人数“x”应为整数")])
def test_draw_refuses_a_panel_size_outside_the_bounds(ctx, clerk, world, capsys, monkeypatch, size, why):
    with pytest.raises(SystemExit) as exit_:
        _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", "review", "draw", world.call,
             "--per-group", size, "--seed", "1")
    assert exit_.value.code == 2 and f"参数 --per-group：{why}" in capsys.readouterr().err
    with pytest.raises(ValidationError, match="尚未抽取"):
        ctx.services.review.status(clerk, world.call)


@pytest.mark.parametrize("items", [",", "", " ， "])
def test_approve_with_an_empty_list_is_refused_and_nothing_is_decided(ctx, admin, clerk, boss, world, capsys,
                                                                       monkeypatch, items):
    from .world import DAY

    review = ctx.services.review
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel})
    review.close_round(clerk, world.call)
    code, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "approve", world.call,
                     "--items", items)
    assert code == 2 and "--items 中没有任何项目" in out and "不能撤销" in out
    assert {ctx.services.projects.get_project(boss, p).state.value for p in world.projects} == {"review"}


def test_a_sheet_structure_error_is_printed_once(ctx, clerk, drawn, world, tmp_path, capsys, monkeypatch):
    run = lambda *a: _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", *a)  # noqa: E731
    assert run("review", "sheets", world.call, str(tmp_path / "s"))[0] == 0
    sheet = sorted((tmp_path / "s").glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(sheet)
    wb[MAIN_SHEET].delete_rows(FIRST_ROW + 1)
    wb.save(tmp_path / "row.xlsx")
    wb = openpyxl.load_workbook(sheet)
    wb[MAIN_SHEET].delete_cols(9)
    wb.save(tmp_path / "col.xlsx")
    for name, reason in (("row.xlsx", "行被增删"), ("col.xlsx", "表头被改动")):
        code, out = run("review", "import-scores", str(tmp_path / name))
        lines = [line for line in out.splitlines() if line.strip()]
        assert code == 2 and lines[0] == "错误：评分表结构被改动，未导入：", lines
        assert sum(reason in line for line in lines) == 1 and reason in lines[1]


def test_import_scores_names_the_rows_with_only_a_comment_and_does_not_save_them(ctx, clerk, drawn, world, tmp_path,
                                                                                 capsys, monkeypatch):
    run = lambda *a: _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", *a)  # noqa: E731
    assert run("review", "sheets", world.call, str(tmp_path / "s"))[0] == 0
    sheet = sorted((tmp_path / "s").glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(sheet)
    ws = wb[MAIN_SHEET]
    for j, c in enumerate(ORDER):
        ws.cell(FIRST_ROW, 7 + j).value = GOOD[c]
    ws.cell(FIRST_ROW, 13).value, ws.cell(FIRST_ROW, 14).value = "好", "资助"
    ws.cell(FIRST_ROW + 2, 13).value = "只写了意见"
    ws.cell(FIRST_ROW + 3, 7).value = GOOD[ORDER[0]]              # one mark of five: a draft, and what is missing
    wb.save(sheet)
    eid = int(sheet.stem.rsplit("_", 1)[1])                         # the expert had saved a draft online
    online = next(a for a in ctx.services.review.my_assignments(reviewer_actor(eid)) if a.project_code == world.codes[0])
    ctx.services.review.save_marks(reviewer_actor(eid), online.id, {"innovation": "20"}, "", "")
    code, out = run("review", "import-scores", str(sheet), "--draft")
    assert any(line.startswith(f"其中 1 项覆盖了专家在系统中暂存的草稿：{world.codes[0]}（暂存于 ")
               for line in out.splitlines()), out
    assert code == 0 and "提交 0 项，暂存 2 项，此前已提交 0 项，未填写 1 项，未保存 1 项" in out
    assert f"  第 {FIRST_ROW + 2} 行（{world.codes[2]}）没有填写评分，未保存（评审意见已忽略）" in out.splitlines()
    assert (f"  草稿：第 {FIRST_ROW + 3} 行（{world.codes[3]}）尚缺：技术方案、团队基础、经济社会效益、预算合理性"
            in out.splitlines())
    drafts = {a.project_code for a in ctx.services.review.assignments_of(clerk, world.call)
              if a.expert.id == int(sheet.stem.rsplit("_", 1)[1]) and a.has_draft}
    assert drafts == {world.codes[0], world.codes[3]}
