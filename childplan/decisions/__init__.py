"""The committee's decisions beside their targets (SQLite, see store.py)."""
