"""A plain page for capabilities that later versions provide."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...services.actor import Actor


class PlaceholderPage(QWidget):
    def __init__(self, title: str, headline: str, details: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.headline = QLabel(headline)
        self.headline.setStyleSheet("font-size: 13pt; color: #444;")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel(details)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setProperty("role", "hint")
        self.details.setMaximumWidth(640)
        # centred by stretches on either side, not by an alignment flag: a box layout gives an aligned item
        # only its one-line size hint, which cut the wrapped text off at the top and bottom
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.details, 100)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading)
        layout.addStretch(2)
        layout.addWidget(self.headline)
        layout.addSpacing(10)
        layout.addLayout(centred)
        layout.addStretch(3)


class MyReviewsPage(PlaceholderPage):
    """评审专家的首页：分配给本人的申报书（后续版本）。"""

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__("我的评审任务", "我的评审任务功能在后续版本提供",
                         f"{actor.display_name}，您好。这里将列出分配给您的申报书，您可逐项打分、填写意见并提交；"
                         "您看不到其他专家的评分。", parent)
