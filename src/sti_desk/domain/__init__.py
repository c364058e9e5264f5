"""Domain core: plain Python rules of the bureau's project lifecycle.

Imports nothing else of the app and neither Qt nor SQLAlchemy (checked by tests/unit/test_layers.py).
"""
