"""The data: the contract a snapshot must meet (contract), the store of
published snapshots (snapshots), and the one door to DuckDB (db)."""
