"""How to start the dashboard server: one place for the `streamlit run` flags, shared by
`outagewatch dashboard`, the browser test and the benchmark."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
ROOT = APP.parent.parent

# Offline and private: no usage statistics, no browser opened, no file watcher in
# production, the Okabe–Ito blue as the accent colour instead of Streamlit's red.
FLAGS = {
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "false",
    "theme.base": "light",
    "theme.primaryColor": "#0072B2",
}


def command(port: int = 8501, host: str = "127.0.0.1") -> list[str]:
    """The argv that serves the dashboard on host:port."""
    argv = [sys.executable, "-m", "streamlit", "run", str(APP)]
    argv += ["--server.port", str(port), "--server.address", host]
    for key, value in FLAGS.items():
        argv += [f"--{key}", value]
    return argv


def environment(
    db: str | Path | None = None, now: str | None = None, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The server's environment: the warehouse path, an optional replay clock, and the
    source tree on PYTHONPATH so a checkout runs without being installed."""
    env = dict(os.environ if base is None else base)
    if db is not None:
        env["OUTAGEWATCH_DB"] = str(Path(db).expanduser().resolve())
    if now:
        env["OUTAGEWATCH_NOW"] = now
    paths = [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env
