"""Use cases. Each service takes the acting user, checks the role, runs one unit of work and returns
plain data (dataclasses from ``sti_desk.domain`` or the DTOs here) — never live ORM objects."""
