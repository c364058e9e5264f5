"""The placeholder pages (立项/任务书, 实施与中期, 检查, 验收, 结余资金) show their whole description: the
wrapped text gets the height it needs instead of one line cut off at the top and bottom."""
from __future__ import annotations

import pytest

KEYS = ("approval", "implementation", "inspection", "acceptance", "balance")


@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_placeholder_description_wraps_with_its_natural_height(qtbot, make_window, clerk_actor, size):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor)
    window.resize(*size)
    for key in KEYS:
        page = window.navigate(key)
        qtbot.wait(20)
        details = page.details
        assert details.wordWrap() and details.isVisible()
        needed = details.heightForWidth(details.width())
        assert needed > 2 * details.fontMetrics().lineSpacing(), key    # it does wrap at this width
        assert details.height() >= needed, (key, details.height(), needed)
        assert details.width() <= 640
