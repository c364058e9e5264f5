"""系统管理 page (管理员): users and roles, policy parameters, backups, the audit log. Registered by :mod:`.pages`."""
