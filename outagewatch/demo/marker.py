"""How a warehouse made by `outagewatch demo` is told apart from one holding crawled posts.

The demo writes a marker (its seed, days and end) and a frozen clock into the warehouse, and
by default uses the same file as real crawling. Real posts crawled into it would be judged
on the demo's clock and be deleted by the next demo run, so `crawl` and `run` refuse it.
"""

from __future__ import annotations

from pathlib import Path

from outagewatch.errors import UserError

DEMO_STATE_KEY = "demo_world"
# the demo's frozen clock: a replayed warehouse runs on its simulated world's time
REPLAY_CLOCK = "replay_clock"


def _demo_state(path: Path, key: str, timeout: float = 30.0) -> str | None:
    """pipeline_state[key] of a demo warehouse; None for any other warehouse, an empty DuckDB
    file (a new warehouse to a writer) or none at all. Another program's DuckDB file is
    refused here (NotAWarehouse), as the writer that follows would: this check runs first,
    and it read a table the file does not have."""
    if not path.exists():
        return None
    import duckdb

    from warehouse import db as warehouse_db  # lazily: `crawl --help` need not load pandas
    from warehouse import store

    with warehouse_db.reader(path, timeout=timeout) as con:
        warehouse_db.check_is_warehouse(con, path)
        try:
            if store.get_state(con, DEMO_STATE_KEY) is None:
                return None
            return store.get_state(con, key)
        except duckdb.CatalogException:
            return None  # an empty file: no pipeline_state yet, so no demo's marker


def demo_world(path: Path) -> str | None:
    """The demo's marker ("seed=7;days=7;end=…") when ``path`` is a demo warehouse."""
    return _demo_state(path, DEMO_STATE_KEY)


def replay_clock(path: Path) -> str | None:
    """The demo's frozen clock (ISO) when ``path`` is a demo warehouse, else None; None too
    when a writer holds the file (no wait: the demo's file has no writer but the demo, and
    a dashboard must start beside `outagewatch run`)."""
    from warehouse.db import WarehouseLocked

    try:
        return _demo_state(path, REPLAY_CLOCK, timeout=0)
    except WarehouseLocked:
        return None


def refuse_demo_warehouse(path: Path) -> None:
    """Raise a UserError saying what to do when real crawling targets the demo's file."""
    world = demo_world(path)
    if world is None:
        return
    end = dict(p.split("=", 1) for p in world.split(";") if "=" in p).get("end", "?")
    raise UserError(
        f"{path} is the demo's warehouse (simulated posts, clock frozen at {end}); crawl into "
        f"another file with --db, or delete {path} first"
    )
