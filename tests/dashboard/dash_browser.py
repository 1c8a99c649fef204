"""Drive the real dashboard in headless Chromium: start `streamlit run` on a free loopback
port, open pages, wait until the app has finished running. Shared by the browser test
and bench/bench_dashboard.py."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dashboard import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BUSY_JS = """() => !!document.querySelector('[data-testid="stStatusWidget"]')
    || !!document.querySelector('[data-stale="true"]')
    || !!document.querySelector('[data-testid="stSkeleton"]')"""


# Injected before any page script: records, on the page's own clock (ms since navigation
# start), when the title, the first card and the first chart appear and when the app last
# stopped running, so timing does not depend on how often Python polls.
MARKS_JS = """
window.__ow = {busy: false};
const owMark = (k) => { if (!(k in window.__ow)) window.__ow[k] = performance.now(); };
new MutationObserver(() => {
  if (document.querySelector('[data-testid="stMain"] h1')) owMark('title');
  if (document.querySelector('[data-testid="stMetric"]')) owMark('cards');
  if (document.querySelector('[data-testid="stVegaLiteChart"] canvas, '
                             + '[data-testid="stVegaLiteChart"] svg')) owMark('chart');
  const busy = !!document.querySelector('[data-testid="stStatusWidget"]');
  if (window.__ow.busy && !busy) window.__ow.idle = performance.now();
  window.__ow.busy = busy;
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dashboard_server(db: Path, now: str | None, log: Path) -> Iterator[str]:
    """A running dashboard; yields its base URL. The server is stopped on exit."""
    port = free_port()
    env = serve.environment(db, now)
    env["OUTAGEWATCH_REFRESH"] = "0"
    with log.open("w") as out:
        proc = subprocess.Popen(
            serve.command(port, "127.0.0.1"), env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"dashboard exited early, see {log}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"dashboard did not listen in 60 s, see {log}") from None
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_until_done(page: Any, selector: str, quiet: float = 0.8, timeout: float = 60) -> float:
    """Wait until `selector` is visible and the app has not been running for `quiet` seconds.
    Returns the monotonic time at which that calm began (the page's 'done' moment)."""
    page.wait_for_selector(selector, timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    calm_since = time.monotonic()
    while True:
        if page.evaluate(BUSY_JS):
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return calm_since
        if time.monotonic() > deadline:
            raise TimeoutError("the app was still running after the timeout")
        time.sleep(0.1)
