"""One way for every edit dialog to save through a service and explain a refusal (保存与拒绝说明).

Field errors go next to their fields, a stale version (乐观锁) offers to reload the latest content, a
missing permission gets a message box, any other domain error is shown at the top of the form. Nothing
is saved when the service refuses, so the dialog stays open with the user's input intact.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ...domain.errors import ConcurrencyError, DomainError, PermissionDenied, ValidationError
from ...domain.validation import FieldErrors
from .. import messages

T = TypeVar("T")

RELOAD_QUESTION = "\n\n是否重新加载最新内容？本窗口中未保存的修改将丢失。"


def save_or_explain(parent: QWidget, save: Callable[[], T], show_errors: Callable[[dict[str, str]], None],
                    reload: Callable[[], None], *, field_alias: Mapping[str, str] | None = None
                    ) -> tuple[bool, T | None]:
    """Run ``save``; return ``(True, result)`` or ``(False, None)`` after showing why it was refused.
    ``field_alias`` maps a service's field name to the form's (e.g. ``id_number`` → ``leader_id_number``)."""
    try:
        return True, save()
    except FieldErrors as exc:
        show_errors(dict(exc.errors))
    except ConcurrencyError as exc:
        if messages.confirm(parent, f"{exc}{RELOAD_QUESTION}", title="保存被拒绝", yes="重新加载", no="暂不"):
            reload()
    except PermissionDenied as exc:
        messages.show_exception(parent, exc)
    except ValidationError as exc:
        name = exc.field or "_"
        show_errors({(field_alias or {}).get(name, name): str(exc)})
    except DomainError as exc:
        show_errors({"_": str(exc)})
    return False, None
