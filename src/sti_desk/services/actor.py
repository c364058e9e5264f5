"""Who is acting: the logged-in user as plain data."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.permissions import Permission, Role, require


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role
    expert_id: int | None = None

    def require(self, permission: Permission) -> None:
        require(self.role, permission)


#: The actor used by unattended maintenance (init, migrate, demo data).
SYSTEM = Actor(0, "system", "系统", Role.ADMIN)
