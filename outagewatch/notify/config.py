"""The watchlist and the notification channels, parsed and checked from Settings.

Secrets never live in the configuration: a channel names the environment variables that hold
its HMAC secret or SMTP credentials (`secret_env`, `username_env`, `password_env`), and the
webhook URLs of Slack, Discord and Teams, which are secrets themselves, may come from `url_env`.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from outagewatch.catalog import closest_slug, configured_catalog
from outagewatch.countries import is_country
from outagewatch.settings import ConfigError, Settings, beside, url_problem

SEVERITIES = ("minor", "major", "critical")
HTTP_KINDS = ("webhook", "slack", "discord", "teams")
KINDS = (*HTTP_KINDS, "email")
DRY_RUN = "dry-run"


def severity_rank(severity: str | None) -> int:
    """minor=1, major=2, critical=3, unknown=0."""
    return SEVERITIES.index(severity) + 1 if severity in SEVERITIES else 0


@dataclass(frozen=True)
class WatchEntry:
    """One `[[watchlist]]` entry: a service, optionally some countries and a minimum severity."""

    service: str
    countries: frozenset[str] = frozenset()
    min_severity: str = "minor"

    def matches(self, service: str, countries: set[str], severity: str | None) -> bool:
        if self.service not in ("*", service):
            return False
        if self.countries and not (self.countries & countries):
            return False
        return severity_rank(severity) >= severity_rank(self.min_severity)


@dataclass(frozen=True)
class Channel:
    """One `[[notify.channels]]` entry, secrets resolved from the environment at use."""

    name: str
    kind: str
    url: str = ""
    url_env: str = ""
    secret_env: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    starttls: bool = True
    ssl: bool = False
    ca_file: str = ""
    sender: str = ""
    to: tuple[str, ...] = ()
    username_env: str = ""
    password_env: str = ""

    def target_url(self) -> str:
        url = os.environ.get(self.url_env, "") if self.url_env else self.url
        if not url:
            raise ConfigError(
                f"channel {self.name!r}: environment variable {self.url_env} is not set"
            )
        # checked here, as the TOML `url` is when the config is read: urllib would otherwise
        # read a file:// URL or try FTP; past a short prefix the value may be a secret
        if self.url_env and url_problem(url, ""):
            shown = url if len(url) <= 16 else url[:16] + "…"
            raise ConfigError(
                f"channel {self.name!r}: environment variable {self.url_env} must hold a URL "
                f"starting with http:// or https://, not {shown!r}"
            )
        return url

    def secret(self) -> bytes | None:
        if not self.secret_env:
            return None
        value = os.environ.get(self.secret_env)
        if not value:
            raise ConfigError(
                f"channel {self.name!r}: environment variable {self.secret_env} (the HMAC secret) is not set"
            )
        return value.encode("utf-8")

    def credentials(self) -> tuple[str, str] | None:
        if not self.username_env:
            return None
        user = os.environ.get(self.username_env)
        password = os.environ.get(self.password_env, "") if self.password_env else ""
        if not user:
            raise ConfigError(
                f"channel {self.name!r}: environment variable {self.username_env} is not set"
            )
        return user, password

    def unset_variables(self) -> list[str]:
        """The environment variables this channel names that are not set (or empty): a
        channel that will fail every send, said once at start-up by `run`."""
        names = (self.url_env, self.secret_env, self.username_env, self.password_env)
        return [n for n in names if n and not os.environ.get(n)]

    def recipient(self) -> str:
        """Where it goes, safe to store: the host of a URL (its path may be a secret)."""
        if self.kind == "email":
            return ",".join(self.to)
        if self.url_env:
            return f"${self.url_env}"
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/…" if parts.path not in ("", "/") else self.url


@dataclass(frozen=True)
class Links:
    """Public URLs that let a message link to the incident: the dashboard's page (what a
    person opens) and the JSON API's record (what a script reads). Empty: no link."""

    dashboard: str = ""
    api: str = ""

    def for_incident(self, incident_id: str) -> dict[str, str | None]:
        """The incident's page and JSON record; None where the base URL is not configured."""
        return {
            "dashboard": f"{self.dashboard.rstrip('/')}/incident?id={incident_id}"
            if self.dashboard
            else None,
            "api": f"{self.api.rstrip('/')}/api/v1/incidents/{incident_id}" if self.api else None,
        }

    def lines(self, incident_id: str) -> list[str]:
        urls = self.for_incident(incident_id)
        out = []
        if urls["dashboard"]:
            out.append(f"Details: {urls['dashboard']}")
        if urls["api"]:
            out.append(f"API: {urls['api']}")
        return out


NO_LINKS = Links()


@dataclass(frozen=True)
class NotifyConfig:
    """Everything notify_cycle needs to know, with defaults that avoid floods."""

    watchlist: tuple[WatchEntry, ...] = ()
    channels: tuple[Channel, ...] = ()
    lookback_hours: float = 24.0  # older incidents are never announced (no flood on first run)
    quiet_minutes: float = 15.0  # a resolution is announced after this long without reopening
    max_per_incident_per_hour: int = 4  # more messages wait (they are not dropped)
    retries: int = 3  # extra attempts within one cycle
    backoff_seconds: float = 0.5  # first wait; doubles, capped by backoff_max_seconds
    backoff_max_seconds: float = 8.0
    timeout_seconds: float = 10.0
    base_url: str = ""  # public URL of `outagewatch serve`: an "API" link in messages
    dashboard_url: str = ""  # public URL of `outagewatch dashboard`: a "Details" link
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def links(self) -> Links:
        return Links(dashboard=self.dashboard_url, api=self.base_url)

    @property
    def dry_run(self) -> bool:
        return not self.channels

    def unset_variables(self) -> str | None:
        """'slack (SLACK_URL), hook (HOOK_SECRET)': the channels whose environment variables
        are unset, or None when every one is set."""
        said = [
            f"{ch.name} ({', '.join(unset)})"
            for ch in self.channels
            if (unset := ch.unset_variables())
        ]
        return ", ".join(said) or None

    def channel(self, name: str) -> Channel:
        for ch in self.channels:
            if ch.name == name:
                return ch
        names = ", ".join(ch.name for ch in self.channels) or "none configured"
        raise ConfigError(f"no notification channel named {name!r} (channels: {names})")


WATCH_KEYS = ("service", "countries", "min_severity")


def _watch_entry(raw: Any, i: int, names: dict[str, str]) -> WatchEntry:
    """``names``: every catalog slug and its service name, so a misspelt slug, which would
    match no incident and never notify, is refused with the slug it most likely meant."""
    if isinstance(raw, str):
        raw = {"service": raw}
    if not isinstance(raw, dict):
        raise ConfigError(f'[[watchlist]] entry {i + 1} needs service = "<slug>"')
    unknown = sorted(set(raw) - set(WATCH_KEYS))
    if unknown:
        raise ConfigError(
            f"[[watchlist]] entry {i + 1} has unknown keys: "
            + ", ".join(_with_hint(k, WATCH_KEYS) for k in unknown)
            + f" (known: {', '.join(WATCH_KEYS)})"
        )
    if not isinstance(raw.get("service"), str) or not raw["service"]:
        raise ConfigError(f'[[watchlist]] entry {i + 1} needs service = "<slug>"')
    if raw["service"] != "*" and raw["service"] not in names:
        hint = closest_slug(raw["service"], names)
        raise ConfigError(
            f"[[watchlist]] entry {i + 1}: no service {raw['service']!r} in the catalog"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + '; `outagewatch services` lists every slug, and "*" watches them all'
        )
    countries = raw.get("countries", [])
    if isinstance(countries, str):
        countries = [countries]
    if not all(isinstance(c, str) and len(c) == 2 for c in countries):
        raise ConfigError(
            f'[[watchlist]] entry {i + 1}: countries are ISO codes like "DE", got {countries!r}'
        )
    if unknown := [c for c in countries if not is_country(c)]:
        said = unknown[0]
        hint = ' (the United Kingdom is "GB")' if said.upper() == "UK" else ""
        raise ConfigError(
            f"[[watchlist]] entry {i + 1}: {said!r} is no ISO 3166-1 country code{hint}; "
            'codes are two letters like "DE", "BR", "JP"'
        )
    min_sev = raw.get("min_severity", "minor")
    if min_sev not in SEVERITIES:
        raise ConfigError(
            f"[[watchlist]] entry {i + 1}: min_severity must be one of {', '.join(SEVERITIES)}, not {min_sev!r}"
        )
    return WatchEntry(raw["service"], frozenset(c.upper() for c in countries), min_sev)


CHANNEL_KEYS = {
    "http": {"name", "kind", "url", "url_env", "secret_env"},
    "email": {"name", "kind", "smtp_host", "smtp_port", "starttls", "ssl", "ca_file", "from",
              "to", "username_env", "password_env"},
}  # fmt: skip


def _channel(raw: Any, i: int, config_dir: Path = Path()) -> Channel:
    """One [[notify.channels]] entry; an email channel's relative ca_file is read beside the
    config file, as every path written there."""
    where = f"[[notify.channels]] entry {i + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    name, kind = raw.get("name"), raw.get("kind")
    if not isinstance(name, str) or not name or name == DRY_RUN:
        raise ConfigError(f"{where} needs a name (any text but {DRY_RUN!r})")
    if kind not in KINDS:
        raise ConfigError(f"{where} ({name}): kind must be one of {', '.join(KINDS)}, not {kind!r}")
    known = CHANNEL_KEYS["http" if kind in HTTP_KINDS else "email"]
    if unknown := sorted(set(raw) - known):
        raise ConfigError(
            f"{where} ({name}): unknown key {unknown[0]!r} for a {kind} channel; "
            f"keys are {', '.join(sorted(known))}"
        )
    for flag in ("starttls", "ssl"):  # bool("false") is True: a quoted "false" must not pass
        if flag in raw and not isinstance(raw[flag], bool):
            raise ConfigError(f"{where} ({name}): {flag} must be true or false, not {raw[flag]!r}")
    if kind in HTTP_KINDS:
        url, url_env = str(raw.get("url", "")), str(raw.get("url_env", ""))
        if not url and not url_env:
            raise ConfigError(f"{where} ({name}): a {kind} channel needs url or url_env")
        if problem := url_problem(url, f"{where} ({name}): url"):
            raise ConfigError(problem)
        return Channel(
            name, kind, url=url, url_env=url_env, secret_env=str(raw.get("secret_env", ""))
        )
    to = raw.get("to", [])
    to = (to,) if isinstance(to, str) else tuple(to)
    if not raw.get("smtp_host") or not raw.get("from") or not to:
        raise ConfigError(f"{where} ({name}): an email channel needs smtp_host, from and to")
    return Channel(
        name, kind, smtp_host=str(raw["smtp_host"]), smtp_port=int(raw.get("smtp_port", 587)),
        starttls=bool(raw.get("starttls", True)), ssl=bool(raw.get("ssl", False)),
        ca_file=str(beside(config_dir, str(raw["ca_file"]))) if raw.get("ca_file") else "",
        sender=str(raw["from"]), to=to,
        username_env=str(raw.get("username_env", "")), password_env=str(raw.get("password_env", "")),
    )  # fmt: skip


def notify_config(settings: Settings) -> NotifyConfig:
    """Parse settings.watchlist and settings.notify; a bad entry raises ConfigError."""
    raw = dict(getattr(settings, "notify", {}) or {})
    entries = settings.watchlist or []
    services = {svc.slug: svc.name for svc in configured_catalog(settings)} if entries else {}
    watch = tuple(_watch_entry(e, i, services) for i, e in enumerate(entries))
    here = Path(settings.config_path).parent if settings.config_path else Path()
    channels = tuple(_channel(c, i, here) for i, c in enumerate(raw.pop("channels", []) or []))
    names = [c.name for c in channels]
    if len(set(names)) != len(names):
        raise ConfigError(f"[[notify.channels]] names must be unique: {names}")
    known = {
        k: v
        for k, v in raw.items()
        if k in NotifyConfig.__dataclass_fields__ and k not in ("extra", "watchlist")
    }
    unknown = sorted(set(raw) - set(known))
    if unknown:
        fields = [k for k in NotifyConfig.__dataclass_fields__ if k not in ("extra", "watchlist")]
        raise ConfigError(
            f"[notify] has unknown keys: {', '.join(_with_hint(k, fields) for k in unknown)}"
        )
    try:
        typed = {k: type(getattr(NotifyConfig(), k))(v) for k, v in known.items()}
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[notify]: {exc}") from None
    for key in ("base_url", "dashboard_url"):  # "outages.example.org" made broken links
        if problem := url_problem(typed.get(key, ""), f"[notify] {key}"):
            raise ConfigError(problem)
    return NotifyConfig(watchlist=watch, channels=channels, **typed)


def _with_hint(key: str, known: tuple[str, ...] | list[str]) -> str:
    """'quiet_minutez (did you mean quiet_minutes?)'"""
    close = difflib.get_close_matches(key, list(known), n=1)
    return f"{key} (did you mean {close[0]}?)" if close else key
