"""STI Desk 科技项目全生命周期管理 — a desktop app for county science & technology bureaus."""

__version__ = "0.1.0"
