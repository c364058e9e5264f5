"""Screenshots of the 政策参数 tab for docs/screenshots (not a test).

    xvfb-run -a -s "-screen 0 1366x768x24" uv run python -m tests.ui.admin.screenshots

Builds the demo database in a temporary folder, adds a version that starts next month, and writes, at
1366×768:

- admin-policy.png         系统管理 → 政策参数 with the pending version selected (its changes highlighted);
- admin-policy-dialog.png  新建版本… with a wrong ratio and the past-date refusal shown inline.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from tests.ui.review.screenshots import OUT, SIZE, _NONE_GUARD, settle, wait, window_for  # noqa: F401


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="sti-policy-shots-"))
    os.environ["STI_DESK_HOME"] = str(tmp / "home")
    db = tmp / "demo.db"

    from sti_desk.bootstrap import open_app
    from sti_desk.services.demo import populate
    from sti_desk.ui.admin.policy_dialog import PolicyVersionDialog
    from sti_desk.ui.app import create_application
    from sti_desk.ui.review.common import select_key

    app = create_application()
    ctx = open_app(db)
    populate(ctx.db)
    admin = ctx.services.auth.login("admin", "admin123")
    start = date.today() + timedelta(days=30)
    ctx.services.policy.add_from_texts(admin, start, "县科发〔2026〕12号 关于调整科研项目经费管理的通知",
                                       {"indirect_ceiling": "25%", "retention_years": "不限",
                                        "publicity_working_days": "7"})
    window = window_for(app, ctx, db, admin, "admin")
    page = window.pages["admin"]
    page.tabs.setCurrentWidget(page.policy)
    wait(app, lambda: page.policy.load_handle is not None and page.policy.load_handle.done)
    pending = next(v for v in page.policy.history if v.pending)
    select_key(page.policy.versions_view, pending.id)
    settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "admin-policy.png"))

    dialog = PolicyVersionDialog(ctx.services, admin, page.policy.in_force(), [pending], window)
    dialog.show()
    dialog.move(window.geometry().center() - dialog.rect().center())
    dialog.date_edit.set_value(date.today() - timedelta(days=1))
    dialog.note_edit.setText("县科发〔2026〕15号")
    dialog.edits["title_similarity_threshold"].setText("80")
    dialog.save()
    settle(app)
    dialog.grab().save(str(OUT / "admin-policy-dialog.png"))
    print(f"对话框大小：{dialog.width()}×{dialog.height()}")
    dialog.reject()
    window.close()
    ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
