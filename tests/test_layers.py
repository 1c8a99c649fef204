"""Data flows one way: crawlers -> warehouse -> nlp -> warehouse -> dashboard and exports.
A package never imports the ones it must not know: the dashboard reads the warehouse only,
the crawlers store what they fetch without the NLP stages, and those stay pure computation.
Read from the source (every import, also inside functions), so a test of the running code
cannot miss one that a code path seldom reaches."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "crawlers": {"nlp", "dashboard"},
    "warehouse": {"crawlers", "nlp", "dashboard"},
    "nlp": {"crawlers", "warehouse", "dashboard"},
    "dashboard": {"crawlers", "nlp"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_none_it_must_not_know(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_packages(path) & FORBIDDEN[package]
    }
    assert not wrong, sorted(wrong)
