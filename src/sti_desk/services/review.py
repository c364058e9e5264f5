"""专家评审 → 拟立项 → 公示 → 立项: the one service object the GUI and the CLI use (``services.review``).

Its methods come from one module per concern, each small enough to read in one sitting:

- :mod:`.review_experts`  expert pool: search, edit, suspend/activate, declared conflicts, history
- :mod:`.review_rubric`   rubric, aggregation rule and experts per group of a call
- :mod:`.review_draw`     seeded draw, draw record (clerks and managers), re-run check
- :mod:`.review_replace`  replacement from the reserves, decline, progress (who is late)
- :mod:`.review_scoring`  reviewer's own assignments, score form, draft/submit, reopen, close
- :mod:`.review_sheets`   offline Excel score sheets out and back in
- :mod:`.review_results`  aggregation, ranking, z-scores, data of the 评审结果汇总表
- :mod:`.review_decision` funding list, publicity, objections, 立项
- :mod:`.review_project`  one project's review for its dossier (项目详情 → 专家评审)

Every method takes the acting :class:`Actor` first and returns plain dataclasses
(:mod:`.review_dto`), never ORM objects. See docs/review.md.
"""
from __future__ import annotations

from ..db.uow import Database
from .review_decision import DecisionMixin
from .review_draw import DrawMixin
from .review_experts import ExpertPoolMixin
from .review_project import ProjectReviewMixin
from .review_replace import ReplaceMixin
from .review_results import ResultsMixin
from .review_rubric import RubricMixin
from .review_scoring import ScoringMixin
from .review_sheets import SheetsMixin


class ReviewService(ExpertPoolMixin, RubricMixin, DrawMixin, ReplaceMixin, ScoringMixin, SheetsMixin, ResultsMixin,
                    DecisionMixin, ProjectReviewMixin):
    def __init__(self, db: Database):
        self.db = db
