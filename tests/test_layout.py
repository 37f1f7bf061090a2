"""The house's rooms keep to their floors: which room may import which.

Read from the source with `ast` (nothing is imported), so a module that
reaches past its room -- a page opening the database, the numbers layer
formatting words, the store knowing about Streamlit -- fails here with the
line that does it. The map is childplan/__init__.py's docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "childplan"

# room -> the rooms (besides itself) it may import from
MAY_IMPORT = {
    "paths": set(),
    "store": {"paths"},
    "indicators": {"store", "paths"},
    "disclosure": {"store", "indicators", "paths"},
    "access": {"disclosure", "paths"},
    "present": {"disclosure", "indicators", "store", "paths"},
    "ingest": {"store", "paths"},
    "sample": {"store", "paths"},
    "decisions": {"paths"},
    "app": {
        "present",
        "disclosure",
        "access",
        "decisions",
        "indicators",
        "store",
        "paths",
    },
    "cli": {
        "ingest",
        "sample",
        "indicators",
        "present",
        "access",
        "disclosure",
        "store",
        "paths",
    },
    "__main__": {"cli"},
    "__init__": set(),
    # the frame and the pages: the app's glue and plain presentation only,
    # never the database, the SQL or the numbers layer directly
    "pages": {"app", "present", "disclosure", "access"},
}
# Rooms that must not import Streamlit: plain functions and data only.
NO_STREAMLIT = {
    "paths",
    "store",
    "indicators",
    "disclosure",
    "present",
    "ingest",
    "sample",
    "decisions",
    "cli",
}


def room_of(path: Path) -> str:
    if path.parent == ROOT or path.parent.name == "pages":
        return "pages"
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def sources() -> list[Path]:
    return [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "pages").glob("*.py"),
        ROOT / "dashboard.py",
    ]


def imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.lineno, node.module))
    return out


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_from_the_rooms_below_it(path):
    room = room_of(path)
    allowed = MAY_IMPORT[room] | {room}
    wrong = []
    for line, module in imports(path):
        parts = module.split(".")
        if parts[0] == "childplan":
            target = parts[1] if len(parts) > 1 else "childplan"
            if target not in allowed:
                wrong.append(f"line {line}: {module}")
        elif parts[0] == "streamlit" and room in NO_STREAMLIT:
            wrong.append(f"line {line}: {module} (no Streamlit in {room}/)")
    assert wrong == [], f"{path.relative_to(ROOT)} ({room}/) reaches past its room"


def test_every_room_is_on_the_map():
    rooms = {
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and (p / "__init__.py").is_file()
    }
    assert rooms <= set(MAY_IMPORT)
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text()))
    assert all(f"{room}/" in doc for room in rooms)


def test_no_module_is_long_without_saying_why():
    """A module over 400 lines says in its docstring why it is one module."""
    long = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if len(text.splitlines()) > 400 and "One module because" not in doc:
            long.append(path.relative_to(ROOT))
    assert long == []
