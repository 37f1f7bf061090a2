"""Benchmark of the query layer (`make bench`): DuckDB SQL against pandas."""
