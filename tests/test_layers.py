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


# What each layer may take from outagewatch/ (docs/architecture.md, "may import"): constants,
# the catalog and small shared helpers, never the CLI or the orchestrator above them. A
# module listed allows its submodules.
OUR_MODULES = {
    "crawlers": {
        "outagewatch",  # __version__, for the user agent
        "outagewatch.catalog",
        "outagewatch.official",
        "outagewatch.settings",
        "outagewatch.sources",  # the registry of sources: spiders, settings keys
    },
    "nlp": {
        "outagewatch.catalog",
        "outagewatch.countries",
        "outagewatch.official",
        "outagewatch.post_links",
        "outagewatch.settings",  # MIN_BUCKET_REPORTS, shared with the dashboard
    },
    "warehouse": set(),
    "dashboard": {
        "outagewatch.commands.sql_errors",
        "outagewatch.countries",
        "outagewatch.demo.marker",
        "outagewatch.errors",
        "outagewatch.exports",
        "outagewatch.settings",
        "outagewatch.sources",  # the platforms' display names
        "outagewatch.times",
        "outagewatch.words",
    },
}


def outagewatch_modules(path: Path) -> set[str]:
    """The outagewatch modules a file imports (``from outagewatch import post_links`` is the
    module ``outagewatch.post_links``; ``from outagewatch import __version__`` the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.split(".")[0] == "outagewatch")
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "outagewatch":
                for alias in node.names:
                    sub = ROOT / "outagewatch" / alias.name
                    is_module = sub.with_suffix(".py").exists() or sub.is_dir()
                    names.add(f"outagewatch.{alias.name}" if is_module else "outagewatch")
            elif node.module.split(".")[0] == "outagewatch":
                names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(OUR_MODULES))
def test_a_layer_takes_from_outagewatch_only_what_the_architecture_lists(package: str) -> None:
    allowed = OUR_MODULES[package]

    def ok(module: str) -> bool:
        # the package itself ("outagewatch") allows only its own names, not every module
        return any(
            module == a or (a != "outagewatch" and module.startswith(f"{a}.")) for a in allowed
        )

    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in outagewatch_modules(path)
        if not ok(name)
    }
    assert not wrong, sorted(wrong)
