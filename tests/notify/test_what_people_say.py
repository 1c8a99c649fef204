"""What people are saying, in every channel: the incident's keywords and representative
posts, shortened, escaped for the channel's markup, and naming no one. Real receivers on
127.0.0.1 (HTTP, and SMTP in test_email.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from notify_kit import AUTHOR, HOSTILE, SECRET, T0, Receiver, put_incident, put_posts, settings_for

from outagewatch.notify import notify_cycle, verify_signature
from outagewatch.notify.payloads import (
    POST_CHARS,
    SAMPLE_CHARS,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    shorten,
)

NOW = T0 + timedelta(minutes=30)
KEYWORDS = ["login", "sso", "error", "app", "desktop", "mobile", "seventh", "eighth"]
POSTS = [HOSTILE, "cannot log in to slack since 8:00", "sso loop again", "fourth is not sent"]
NOBODY = ("alice", AUTHOR, "mastodon.example", "evil.example")  # handle, hash, post URL, link


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)


@pytest.fixture
def noisy_db(empty_db: Path) -> Path:
    put_incident(empty_db, "talk")
    put_posts(empty_db, "talk", POSTS, KEYWORDS)
    return empty_db


def _deliver(db: Path, receiver: Receiver, kind: str) -> dict:
    channel = {"name": kind, "kind": kind, "url": receiver.url + "/" + kind}
    if kind == "webhook":
        channel["secret_env"] = "OW_TEST_SECRET"
    assert notify_cycle(settings_for(db, [channel]), now=NOW).delivered == 1
    (req,) = receiver.delivered()
    body = req["body"].decode()
    assert not [x for x in NOBODY if x in body], body
    return req


def test_webhook_carries_keywords_and_three_posts(noisy_db: Path, receiver: Receiver) -> None:
    req = _deliver(noisy_db, receiver, "webhook")
    h = req["headers"]
    assert verify_signature(SECRET.encode(), req["body"], h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER])
    inc = req["json"]["incident"]
    assert inc["keywords"] == KEYWORDS
    posts = inc["representative_posts"]
    assert [p["rank"] for p in posts] == [1, 2, 3]
    assert {tuple(sorted(p)) for p in posts} == {("created_at", "rank", "source", "text")}
    first = posts[0]["text"]
    assert len(first) == POST_CHARS and first.endswith("…") and "\n" not in first
    assert first.startswith("@… <!channel> Slack **down** for us [click]((link)) <b>bold</b>")
    assert posts[1] == {"rank": 2, "source": "mastodon", "created_at": "2026-11-20T08:01:00Z",
                        "text": "cannot log in to slack since 8:00"}  # fmt: skip
    with duckdb.connect(str(noisy_db), read_only=True) as con:
        stored = json.loads(con.execute("SELECT payload FROM notification_log").fetchone()[0])
    assert stored["incident"]["representative_posts"] == posts


def test_slack_escapes_mrkdwn_controls(noisy_db: Path, receiver: Receiver) -> None:
    p = _deliver(noisy_db, receiver, "slack")["json"]
    section = p["blocks"][1]["text"]["text"]
    for text in (p["text"], section):
        assert "Keywords: login, sso, error, app, desktop, mobile\n" in text
        assert "<!channel>" not in text and "<b>" not in text
        (say,) = [line for line in text.splitlines() if line.startswith("People say: ")]
        assert say.startswith("People say: “@… &lt;!channel&gt; Slack **down** for us")
        assert "&lt;b&gt;bold&lt;/b&gt; &amp; ||spoiler||" in say
        assert len(say) <= len("People say: “”") + SAMPLE_CHARS + 4 * 8  # escapes lengthen it


def test_discord_escapes_markdown(noisy_db: Path, receiver: Receiver) -> None:
    p = _deliver(noisy_db, receiver, "discord")["json"]
    text = p["embeds"][0]["description"]
    (say,) = [line for line in text.splitlines() if line.startswith("People say: ")]
    assert r"\<!channel\> Slack \*\*down\*\* for us \[click\]\(\(link\)\)" in say
    assert r"\|\|spoiler\|\| \`code\`" in say
    assert "Keywords: login, sso, error, app, desktop, mobile" in text
    assert "@everyone" not in json.dumps(p) and "People say" not in p["content"]


def test_teams_escapes_markdown_in_its_facts(noisy_db: Path, receiver: Receiver) -> None:
    p = _deliver(noisy_db, receiver, "teams")["json"]
    facts = {f["title"]: f["value"] for f in p["attachments"][0]["content"]["body"][1]["facts"]}
    assert facts["Keywords"] == "login, sso, error, app, desktop, mobile"
    assert facts["People say"].startswith(r"“@… \<!channel\> Slack \*\*down\*\* for us \[click\]")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("log in at evil.com/login now", "log in at (link) now"),
        ("see bit.ly/abc or discord.gg/xyz", "see (link) or (link)"),
        ("x.com/user/status/1 says it is down", "(link) says it is down"),
        ("go to evil.com", "go to (link)"),
        ("Node.js crashes since v2.5, e.g. on login", "Node.js crashes since v2.5, e.g. on login"),
    ],
)
def test_an_address_without_a_scheme_is_no_link_either(text: str, shown: str) -> None:
    """Slack and Teams link "evil.com/login" without https:// (review 138): a post's
    address never reaches a channel as a link; version numbers and "Node.js" stay."""
    assert shorten(text, 200) == shown
