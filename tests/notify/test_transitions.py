"""One message per transition, never a flood: derived from a real warehouse, cycle by cycle."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from notify_kit import T0, put_incident, settings_for

from outagewatch.notify import notify_config, notify_cycle
from outagewatch.settings import ConfigError


def sent(stats) -> list[tuple[str, str]]:
    return [
        (m.incident_id, m.transition) for m in stats.messages if m.result in ("sent", "dry_run")
    ]


def test_a_lifecycle_gives_one_message_per_transition(empty_db: Path) -> None:
    s = settings_for(empty_db, quiet_minutes=15)
    put_incident(empty_db, "a", severity="minor")
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=30))) == [("a", "opened")]
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=35))) == []  # nothing changed
    put_incident(empty_db, "a", severity="critical")  # minor -> critical in one step: one message
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=40))) == [("a", "worsened")]
    put_incident(
        empty_db, "a", severity="major", ack=T0 + timedelta(minutes=42)
    )  # milder: no message
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=45))) == [("a", "acknowledged")]
    end = T0 + timedelta(minutes=90)
    put_incident(empty_db, "a", status="resolved", severity="major", ack=T0, resolved=end)
    assert sent(notify_cycle(s, now=end + timedelta(minutes=5))) == []  # quiet period not over
    stats = notify_cycle(s, now=end + timedelta(minutes=16))
    assert sent(stats) == [("a", "resolved")]
    assert stats.dry_run and stats.duplicates == 0
    with duckdb.connect(str(empty_db), read_only=True) as con:
        rows = con.execute(
            "SELECT transition, result FROM notifications ORDER BY event_at"
        ).fetchall()
    assert rows == [("opened", "dry_run"), ("worsened", "dry_run"), ("acknowledged", "dry_run"),
                    ("resolved", "dry_run")]  # fmt: skip


def test_flapping_within_the_quiet_period_costs_no_message(empty_db: Path) -> None:
    s = settings_for(empty_db, quiet_minutes=15)
    put_incident(empty_db, "f")
    assert len(sent(notify_cycle(s, now=T0 + timedelta(minutes=30)))) == 1
    for k in range(4):  # resolved for 5 minutes, open again, ... four times
        put_incident(empty_db, "f", status="resolved", resolved=T0 + timedelta(minutes=40 + 10 * k))
        assert sent(notify_cycle(s, now=T0 + timedelta(minutes=45 + 10 * k))) == []
        put_incident(empty_db, "f", status="open", updated=T0 + timedelta(minutes=50 + 10 * k))
        assert sent(notify_cycle(s, now=T0 + timedelta(minutes=50 + 10 * k))) == []
    put_incident(empty_db, "f", status="resolved", resolved=T0 + timedelta(minutes=100))
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=120))) == [("f", "resolved")]
    # A real comeback after the resolution was announced is a new transition.
    put_incident(empty_db, "f", status="open", updated=T0 + timedelta(minutes=130))
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=130))) == [("f", "reopened")]


def test_rate_limit_defers_and_never_drops(empty_db: Path) -> None:
    s = settings_for(empty_db, max_per_incident_per_hour=2, quiet_minutes=15)
    put_incident(empty_db, "r", ack=T0 + timedelta(minutes=20))
    first = notify_cycle(s, now=T0 + timedelta(minutes=30))
    assert sent(first) == [("r", "opened"), ("r", "acknowledged")] and first.deferred == 0
    end = T0 + timedelta(minutes=50)
    put_incident(empty_db, "r", status="resolved", ack=T0 + timedelta(minutes=20), resolved=end)
    second = notify_cycle(s, now=end + timedelta(minutes=20))
    assert sent(second) == [] and second.deferred == 1  # resolution due, budget still spent
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=91))) == [("r", "resolved")]


def test_an_incident_over_before_it_was_seen_gets_one_recap(empty_db: Path) -> None:
    """The first start (or a new watchlist entry) finds incidents that are already over: each
    gets one "resolved" message saying so, not an "Outage detected" for something long over,
    and no acknowledgement follows later."""
    s = settings_for(empty_db, quiet_minutes=15)
    end = T0 + timedelta(minutes=50)
    put_incident(empty_db, "p", status="resolved", ack=T0 + timedelta(minutes=20), resolved=end)
    put_incident(empty_db, "q", status="resolved", resolved=end + timedelta(minutes=55))
    first = notify_cycle(s, now=end + timedelta(hours=1))
    # q is over for only 5 min: nothing yet (no "Outage detected" for what has just ended)
    assert sent(first) == [("p", "resolved")]
    assert sent(notify_cycle(s, now=end + timedelta(hours=2))) == [("q", "resolved")]
    with duckdb.connect(str(empty_db), read_only=True) as con:
        payloads = dict(con.execute(
            "SELECT dedup_key, payload FROM notification_log WHERE incident_id = 'p'"
        ).fetchall())  # fmt: skip
    assert list(payloads) == ["p:resolved:1"]
    assert '"recap": true' in payloads["p:resolved:1"]


@pytest.mark.parametrize(
    "entry, countries, severity, expected",
    [
        pytest.param({"service": "slack"}, {"US": 3}, "minor", True, id="service"),
        pytest.param({"service": "discord"}, {"US": 3}, "minor", False, id="other-service"),
        pytest.param(
            {"service": "slack", "countries": ["DE"]}, {"US": 3}, "minor", False, id="other-country"
        ),
        pytest.param(
            {"service": "slack", "countries": ["de"]},
            {"US": 3, "DE": 1},
            "minor",
            True,
            id="country",
        ),
        pytest.param(  # one German report in 30: a US outage, not Germany's
            {"service": "slack", "countries": ["DE"]},
            {"US": 29, "DE": 1},
            "minor",
            False,
            id="stray-report",
        ),
        pytest.param(
            {"service": "slack", "min_severity": "major"}, {"US": 3}, "minor", False, id="too-mild"
        ),
        pytest.param(
            {"service": "*", "min_severity": "major"}, {"US": 3}, "critical", True, id="any-service"
        ),
    ],
)
def test_watchlist(
    empty_db: Path, entry: dict, countries: dict, severity: str, expected: bool
) -> None:
    put_incident(empty_db, "w", severity=severity, countries=countries)
    stats = notify_cycle(settings_for(empty_db, watchlist=[entry]), now=T0 + timedelta(minutes=30))
    assert bool(sent(stats)) is expected


def test_an_incident_that_becomes_severe_enough_opens_then(empty_db: Path) -> None:
    s = settings_for(empty_db, watchlist=[{"service": "slack", "min_severity": "major"}])
    put_incident(empty_db, "m", severity="minor")
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=30))) == []
    put_incident(empty_db, "m", severity="major")
    assert sent(notify_cycle(s, now=T0 + timedelta(minutes=35))) == [("m", "opened")]


def test_old_incidents_are_not_announced_on_a_first_run(empty_db: Path) -> None:
    put_incident(
        empty_db,
        "old",
        status="resolved",
        resolved=T0 - timedelta(days=3),
        started=T0 - timedelta(days=3, hours=1),
    )
    put_incident(empty_db, "new")
    stats = notify_cycle(settings_for(empty_db), now=T0 + timedelta(minutes=30))
    assert {i for i, _ in sent(stats)} == {"new"}


def test_no_watchlist_means_no_work(empty_db: Path) -> None:
    put_incident(empty_db, "n")
    stats = notify_cycle(settings_for(empty_db, watchlist=[]), now=T0 + timedelta(hours=1))
    assert stats.messages == [] and stats.watched == 0


@pytest.mark.parametrize(
    "notify, watchlist, message",
    [
        pytest.param({"channels": [{"name": "x", "kind": "pager"}]}, [], "kind must be one of", id="kind"),
        pytest.param({"channels": [{"name": "x", "kind": "slack"}]}, [], "needs url or url_env", id="no-url"),
        pytest.param({"channels": [{"name": "x", "kind": "webhook", "url": "ftp://h"}]}, [], "http://", id="scheme"),
        pytest.param({"channels": [{"name": "m", "kind": "email", "smtp_host": "h"}]}, [], "needs smtp_host, from and to", id="email"),
        pytest.param({"channels": [{"name": "a", "kind": "webhook", "url": "http://h"}] * 2}, [], "unique", id="dup"),
        pytest.param({"quiet_minute": 5}, [], "unknown keys: quiet_minute (did you mean quiet_minutes?)", id="typo"),
        pytest.param({"retries": "many"}, [], "[notify]", id="type"),
        pytest.param({}, [{"service": "slack", "min_severity": "huge"}], "min_severity must be", id="severity"),
        pytest.param({}, [{"countries": ["DE"]}], "needs service", id="no-service"),
        pytest.param({}, [{"servise": "slack"}], "unknown keys: servise (did you mean service?)", id="key-typo"),
        pytest.param({}, [{"service": "slak"}], "no service 'slak' in the catalog (did you mean 'slack'?)", id="slug-typo"),
        pytest.param({}, [{"service": "Disney+"}], "did you mean 'disney-plus'?", id="brand-not-slug"),
        pytest.param({}, [{"service": "slack", "countries": ["Germany"]}], "ISO codes", id="country"),
        pytest.param({}, [{"service": "slack", "countries": ["DE", "ZZ"]}], "'ZZ' is no ISO 3166-1 country code", id="no-country"),
        pytest.param({}, [{"service": "slack", "countries": ["UK"]}], 'the United Kingdom is "GB"', id="uk"),
        pytest.param({"channels": [{"name": "h", "kind": "webhook", "url": "http://h", "secret": "x"}]}, [],
                     "unknown key 'secret' for a webhook channel", id="channel-key"),
        pytest.param({"channels": [{"name": "m", "kind": "email", "smtp_host": "h", "from": "a@b",
                                    "to": "c@d", "starttls": "false"}]}, [],
                     "starttls must be true or false, not 'false'", id="quoted-bool"),
    ],
)  # fmt: skip
def test_bad_configuration_is_a_precise_error(
    tmp_path: Path, notify: dict, watchlist: list, message: str
) -> None:
    s = settings_for(tmp_path / "x.duckdb", watchlist=watchlist)
    s.notify = notify
    with pytest.raises(ConfigError, match=re.escape(message)):
        notify_config(s)


def test_kosovo_is_watchable_as_the_gazetteer_names_it(tmp_path: Path) -> None:
    """XK is no ISO 3166-1 code, but GeoNames' (and so the region stage's) for Kosovo."""
    s = settings_for(tmp_path / "x.duckdb", watchlist=[{"service": "slack", "countries": ["XK"]}])
    assert notify_config(s).watchlist[0].countries == frozenset({"XK"})


def test_every_service_and_a_star_are_watchable(tmp_path: Path) -> None:
    s = settings_for(tmp_path / "x.duckdb", watchlist=[{"service": "*"}, "slack"])
    assert [e.service for e in notify_config(s).watchlist] == ["*", "slack"]


def test_notify_urls_are_checked(empty_db: Path) -> None:
    """`dashboard_url = "outages.example.org"` made links like "outages.example.org/incident"."""
    for key in ("dashboard_url", "base_url"):
        with pytest.raises(ConfigError, match=rf"\[notify\] {key} must be a URL starting with"):
            notify_config(settings_for(empty_db, **{key: "outages.example.org"}))


def test_a_channel_url_gets_the_same_check(empty_db: Path) -> None:
    """One URL check for every setting: a broken IPv6 host was a ValueError, not a line."""
    hook = {"name": "hook", "kind": "webhook", "url": "http://[oops"}
    with pytest.raises(ConfigError, match=r"entry 1 \(hook\): url must be a URL starting with"):
        notify_config(settings_for(empty_db, [hook]))
