"""专家评审 (review) domain: recusal, random draw of experts, rubric, aggregation, ranking, funding
decision checks. Plain Python: imports nothing outside ``sti_desk.domain`` (no Qt, no SQLAlchemy).
See docs/review.md."""
from .aggregation import (
    DEFAULT_MIN_FOR_TRIM, DEFAULT_RULE, DEFAULT_SPREAD_THRESHOLD, RULES, DroppedMark, ExpertMark,
    ProjectScore, aggregate, explain, rule_text,
)
from .conflicts import (
    Conflict, ConflictKind, DeclaredConflict, ExpertCandidate, GroupConflictIndex, ProjectForReview,
    TeamMemberRef, conflict_reasons, conflicts, unit_name_key,
)
from .deadline import DeadlineNote, scoring_deadline_note
from .decision import (
    EMPTY_FUNDING_LIST, FundingItem, all_decided, check_funding_list, committed_funding, funding_wait, is_working_day,
    objection_date_problem, parse_days, publicity_end,
)
from ._util import fmt_exact, fmt_fixed, fmt_points
from .draw import ExpertShortage, Shortage, draw_experts, group_projects, new_seed
from .draw_records import (
    DEFAULT_GROUP_SIZE, DrawGroup, DrawResult, Exclusion, GroupAudit, Lot, Replacement, inputs_digest,
    pool_summary,
)
from .normalise import (
    NO_MEAN_Z_TIP, NO_Z, NO_Z_TIP, ExpertStats, Normalisation, no_spread_note, normalised_scores,
)
from .ranking import RankedProject, TieBreak, rank
from .replacement import replace_expert
from .rubric import Criterion, Rubric, default_rubric, nothing_marked_problem, total, validate_marks

__all__ = [
    "DEFAULT_GROUP_SIZE", "DEFAULT_MIN_FOR_TRIM", "EMPTY_FUNDING_LIST", "DEFAULT_RULE", "DEFAULT_SPREAD_THRESHOLD", "RULES",
    "Conflict", "ConflictKind", "Criterion", "DeadlineNote", "DeclaredConflict", "DrawGroup", "DrawResult",
    "DroppedMark", "Exclusion", "ExpertCandidate", "ExpertShortage", "ExpertMark", "ExpertStats", "FundingItem",
    "GroupAudit", "GroupConflictIndex", "Lot", "Normalisation", "ProjectForReview", "ProjectScore",
    "RankedProject", "Replacement", "Rubric", "Shortage", "TeamMemberRef", "TieBreak",
    "NO_MEAN_Z_TIP", "NO_Z", "NO_Z_TIP",
    "aggregate", "all_decided", "check_funding_list", "committed_funding", "parse_days", "conflict_reasons",
    "conflicts", "default_rubric", "funding_wait", "no_spread_note",
    "draw_experts", "explain", "fmt_exact", "fmt_fixed", "fmt_points", "group_projects", "inputs_digest",
    "is_working_day", "new_seed", "objection_date_problem", "pool_summary",
    "normalised_scores", "nothing_marked_problem", "publicity_end", "rank", "replace_expert", "rule_text",
    "scoring_deadline_note", "total", "unit_name_key", "validate_marks",
]
