"""专家评审 GUI: the expert pool page, the clerk's and manager's review page (draw, progress, results,
funding decision, publicity) and the reviewer's own page. Registered by :mod:`.pages`."""
