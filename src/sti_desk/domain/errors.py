"""Domain errors. Every message is Simplified Chinese and names the rule that was broken."""


class DomainError(Exception):
    """Base of every rule violation; ``str(err)`` is the Chinese message shown to the user."""

    def __init__(self, message: str, *, rule: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field

    def __str__(self) -> str:  # message first, rule in brackets so the clerk can look it up
        return f"{self.message}（依据：{self.rule}）" if self.rule else self.message


class ValidationError(DomainError):
    """A value entered or imported is not acceptable (wrong format, out of range, missing)."""


class LifecycleError(DomainError):
    """A state transition's guard refused the change."""


class PermissionDenied(DomainError):
    """The acting user's role may not perform this operation."""


class AuthenticationError(DomainError):
    """Login failed: unknown user, wrong password, or locked account."""


class ConcurrencyError(DomainError):
    """Someone else saved the record after it was loaded (optimistic locking)."""


class NotFound(DomainError):
    """The record asked for does not exist (any more)."""
