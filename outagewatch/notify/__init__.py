"""Notifications: tell people when an incident on their watchlist opens, worsens, is
acknowledged by the provider, and resolves (webhook, Slack, Discord, Teams, email).

`notify_cycle(settings)` is the one entry point of the pipeline; see docs/notifications.md.
"""

from __future__ import annotations

from outagewatch.notify.config import Channel, NotifyConfig, WatchEntry, notify_config
from outagewatch.notify.cycle import NotifyStats, Sent, notify_cycle, send_test
from outagewatch.notify.demo import DEMO_WATCHLIST, demo_settings
from outagewatch.notify.payloads import verify_signature

__all__ = [
    "DEMO_WATCHLIST",
    "Channel",
    "NotifyConfig",
    "NotifyStats",
    "Sent",
    "WatchEntry",
    "demo_settings",
    "notify_config",
    "notify_cycle",
    "send_test",
    "verify_signature",
]
