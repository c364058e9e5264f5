"""系统管理 page (管理员): users and roles, backups, the audit log. Registered by :mod:`.pages`."""
