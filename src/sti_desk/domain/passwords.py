"""The password rule (密码强度), plain Python so that the first-run dialog can check as the user types
without importing the services. ``services.auth`` applies the same function when a password is set."""
from __future__ import annotations

from .errors import ValidationError

MIN_PASSWORD_LENGTH = 8
#: The rule as shown next to a new-password field.
PASSWORD_RULE = f"密码至少 {MIN_PASSWORD_LENGTH} 位，须同时包含字母和数字"


def check_password_strength(password: str) -> None:
    """Raise ValidationError (field ``password``) with the Chinese reason when ``password`` is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位", field="password")
    if password.isdigit() or password.isalpha():
        raise ValidationError("密码须同时包含字母和数字", field="password")
