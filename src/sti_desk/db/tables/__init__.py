"""All tables. Importing this package registers every table on ``Base.metadata`` (Alembic reads it).
Feature areas add their own module here (e.g. ``intake``, ``review``)."""
from .base import Base
from .core import (BudgetLineRow, CallRow, CreditRecordRow, ExpertRow, PersonRow, PolicyVersionRow,
                   ProjectEventRow, ProjectRow, TeamMemberRow, UnitRow)
from .system import AuditRow, UserRow

__all__ = ["Base", "AuditRow", "BudgetLineRow", "CallRow", "CreditRecordRow", "ExpertRow", "PersonRow",
           "PolicyVersionRow", "ProjectEventRow", "ProjectRow", "TeamMemberRow", "UnitRow", "UserRow"]
from .intake import ExpenditureRow, ImportBatchRow, ScreeningRow  # noqa: E402

__all__ += ["ExpenditureRow", "ImportBatchRow", "ScreeningRow"]
from .review import (ExpertConflictRow, ExpertStatusRow, FundingDecisionRow, ObjectionRow,  # noqa: E402
                     PublicityRow, ReviewAssignmentRow, ReviewDrawRow, ReviewGroupProjectRow,
                     ReviewGroupRow, ReviewMarkRow, ReviewReopenRow, ReviewReplacementRow, ReviewRoundRow)

__all__ += ["ExpertConflictRow", "ExpertStatusRow", "FundingDecisionRow", "ObjectionRow", "PublicityRow",
            "ReviewAssignmentRow", "ReviewDrawRow", "ReviewGroupProjectRow", "ReviewGroupRow", "ReviewMarkRow",
            "ReviewReopenRow", "ReviewReplacementRow", "ReviewRoundRow"]
