"""``sti-desk review rubric CALL [options]``: show or set a call's review rubric (评分标准).

Without options it prints the rubric. Options replace only their part: ``--criteria`` the whole list of
criteria (weights back to 1 unless ``--weights`` is given too), ``--weights`` the weights of the current
criteria, and so on. Refused once the call's first review round is drawn.
"""
from __future__ import annotations

import argparse

from ..domain.review import RULES
from ..domain.review.rubric_edit import revise_rubric
from .calls_print import print_rubric
from .common import say
from .review_print import run_review


def register_rubric(rs: argparse._SubParsersAction) -> None:
    c = rs.add_parser("rubric", help="查看或设置批次的评分标准、汇总规则和每组专家人数（首轮抽取后锁定）",
                      description="不带选项时显示评分标准。示例：\n"
                                  "  sti-desk review rubric 2026-ZDYF --criteria "
                                  "\"创新性=30,技术方案=25,团队基础=15,经济社会效益=20,预算合理性=10\"\n"
                                  "  sti-desk review rubric 2026-ZDYF --weights \"经济社会效益=1.5\" "
                                  "--recommendations \"资助,修改后资助,不予资助\" --comment-for 不予资助\n"
                                  "评分项的代码（如 innovation）是专家打分时使用的键：同名评分项保留原代码，"
                                  "新评分项自动编为 c1、c2…，也可写成 代码:名称=满分。")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--criteria", metavar="名称=满分,…", help="评分项及满分，逗号分隔：名称=满分（整数），如 创新性=30,技术方案=25")
    c.add_argument("--weights", metavar="权重,…", help="权重：按评分项顺序逐项给出（如 1,1,1,1.5,1），或 名称=权重（如 经济社会效益=1.5）")
    c.add_argument("--recommendations", metavar="意见,…", help="推荐意见选项，逗号分隔，如 优先资助,资助,不资助")
    c.add_argument("--comment-below", metavar="分数", help="总分低于此分数时须填写评审意见（默认 60）")
    c.add_argument("--comment-for", metavar="意见,…", help="推荐这些意见时须填写评审意见，逗号分隔（空值表示不要求），如 不资助")
    c.add_argument("--aggregation", metavar="规则",
                   help="汇总规则：" + "、".join(f"{k}（{v}）" for k, v in RULES.items()))
    c.add_argument("--per-group", type=int, metavar="人数", help="每组评审专家人数（3–25）")
    c.set_defaults(handler=cmd_rubric)


def cmd_rubric(args: argparse.Namespace) -> int:
    texts = {k: getattr(args, k) for k in ("criteria", "weights", "recommendations", "comment_below", "comment_for")}
    changing = any(v is not None for v in texts.values()) or args.aggregation is not None or args.per_group is not None

    def body(s, u) -> int:  # type: ignore[no-untyped-def]
        info = s.get_rubric(u, args.call)
        if changing:
            rubric, notes = info.rubric, []
            if any(v is not None for v in texts.values()):
                rubric, notes = revise_rubric(info.rubric, **texts)
            s.set_rubric(u, args.call, rubric, aggregation=args.aggregation, experts_per_group=args.per_group,
                         expected_version=info.version)
            say(f"已更新批次 {info.call_code} 的评分标准")
            for note in notes:
                say(f"注意：{note}")
            info = s.get_rubric(u, args.call)
        print_rubric(info.rubric, info.is_default, info.aggregation, info.experts_per_group, info.locked)
        return 0
    return run_review(args, body)
