"""The demo's sample watchlist: a few of the simulated week's services, every severity."""

from __future__ import annotations

import dataclasses

from outagewatch.settings import Settings

DEMO_WATCHLIST = (
    {"service": "whatsapp"},
    {"service": "netflix"},
    {"service": "deutsche-telekom", "countries": ["DE"]},
    {"service": "slack"},
)


def demo_settings(settings: Settings, days: int) -> Settings:
    """`settings` with the sample watchlist when it has none, looking back over the whole
    simulated period (a real installation only looks back a day, see lookback_hours)."""
    notify = dict(settings.notify)
    notify.setdefault("lookback_hours", 24.0 * (days + 1))
    watchlist = settings.watchlist or [dict(e) for e in DEMO_WATCHLIST]
    return dataclasses.replace(settings, watchlist=watchlist, notify=notify)
