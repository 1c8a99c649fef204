"""Rebuild the README's dashboard screenshots from the offline demo (run by hand).

    make screenshots        # or: python docs/screenshots.py [--db PATH]

Runs `outagewatch demo --no-dashboard` for the week ending 2026-11-20 12:00 UTC into a
temporary warehouse (or uses --db), serves the dashboard on the replayed clock, and saves
the Now page and the open incident's page as seen in headless Chromium (Debian's
`chromium`, `make browser`) to docs/images/. Not a test: the browser tests live in
tests/dashboard/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))

from dash_browser import dashboard_server, launch, wait_until_done  # noqa: E402

END = "2026-11-20T12:00"
OUT = ROOT / "docs" / "images"
# page path, file name, height of the part worth showing (px at a 1400 px wide window)
SHOTS = [("/", "now.png", 1180), ("/incident", "incident.png", 1140)]


def build_demo(db: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "demo", "--db", str(db), "--no-dashboard",
         "--days", "7", "--end", END],
        check=True, cwd=ROOT,
    )  # fmt: skip


def take(db: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        dashboard_server(db, END, Path(tmp) / "server.log") as base,
        sync_playwright() as p,
    ):
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        for path, name, height in SHOTS:
            page.goto(base + path)
            wait_until_done(page, '[data-testid="stMain"] h1', quiet=2.0)
            out = OUT / name
            page.screenshot(path=str(out), clip={"x": 0, "y": 100, "width": 1400, "height": height})
            saved.append(out)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing demo warehouse (else one is built)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "demo.duckdb"
            build_demo(db)
        for out in take(db):
            print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
