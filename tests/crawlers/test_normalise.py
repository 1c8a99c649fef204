"""Normalisation helpers, the Retry-After parser, --since parsing and settings transport."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crawlers.middlewares import retry_after_seconds
from crawlers.normalise import (
    clean_text,
    clean_url,
    hash_handle,
    html_to_text,
    lang_tag,
    to_utc,
    updated_mark,
)
from crawlers.runner import settings_from_json, settings_to_json
from outagewatch.commands.crawl import parse_since
from outagewatch.errors import UserError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-27T10:00:00.123Z", datetime(2026, 11, 27, 10, 0, 0, 123000)),
        ("2026-11-27T12:00:00+02:00", datetime(2026, 11, 27, 10)),
        ("Fri, 27 Nov 2026 10:00:00 GMT", datetime(2026, 11, 27, 10)),
        (1795773600, datetime(2026, 11, 27, 10)),
        (datetime(2026, 11, 27, 10), datetime(2026, 11, 27, 10)),
    ],
)
def test_to_utc(value, expected):
    assert to_utc(value) == expected


@pytest.mark.parametrize("bad", [None, "", "yesterday", True, [1]])
def test_to_utc_rejects(bad):
    with pytest.raises(ValueError, match="not a timestamp"):
        to_utc(bad)


def test_html_to_text_keeps_links_and_paragraphs():
    html = (
        '<p>Spotify down? <a href="https://x.example/status"><span class="invisible">https://</span>'
        'x.example/status</a></p><p>see <a href="https://d.example/s">here</a> &amp; '
        '<a href="https://m.example/tags/down" class="hashtag">#<span>down</span></a></p>'
        "<script>alert(1)</script>"
    )
    assert html_to_text(html) == (
        "Spotify down? https://x.example/status\n\nsee here (https://d.example/s) & #down"
    )


@pytest.mark.parametrize(
    "odd", ["", "<", "<p", "<<<>>>", "\x00\x01text", "a" * 50_000, "<b>" * 1000]
)
def test_odd_html_never_crashes(odd):
    out = html_to_text(odd)
    assert isinstance(out, str) and len(out) <= 20_000


def test_clean_text_caps_and_strips():
    assert clean_text("a\x00b\r\n\n\n\nc  d") == "ab\n\nc d"
    assert len(clean_text("x" * 30_000)) == 20_000


def test_urls_langs_and_handles():
    assert clean_url(" HTTPS://Example.COM/a?b=1#frag ") == "https://example.com/a?b=1"
    assert clean_url("javascript:alert(1)") is None and clean_url(None) is None
    assert (
        lang_tag("pt-BR") == "pt"
        and lang_tag("und") is None
        and lang_tag("fil") == "fil"
        and lang_tag(7) is None
    )
    assert hash_handle("@Alice", "s") == hash_handle("alice", "s") != hash_handle("alice", "t")
    assert len(hash_handle("alice", "s")) == 16


def test_retry_after():
    assert retry_after_seconds(b"3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_parse_since():
    now = datetime(2026, 11, 27, 12)
    assert parse_since("6h", now) == now - timedelta(hours=6)
    assert parse_since("2026-11-01T00:00Z") == datetime(2026, 11, 1)
    with pytest.raises(UserError, match="bad --since"):
        parse_since("last tuesday")


@pytest.mark.parametrize("text", ["99999999999d", "9999999999999w", "1900-01-01", "1969-12-31"])
def test_parse_since_too_far_back_is_one_line(text):
    """Review 147 #4: no OverflowError, and no date before any post."""
    with pytest.raises(UserError, match=rf"bad --since '{text}': too far back"):
        parse_since(text, datetime(2026, 11, 30, 15, 20))


@pytest.mark.parametrize("text", ["2030-01-01", "2026-11-30T15:21Z", "2026-11-30T16:00+00:30"])
def test_parse_since_in_the_future_is_refused_with_now(text):
    """Review 147 #10: a typo (2030 for 2020) would crawl nothing, and move the Mastodon and
    Discourse cursors past every post it skipped."""
    with pytest.raises(UserError) as caught:
        parse_since(text, datetime(2026, 11, 30, 15, 20))
    assert str(caught.value).startswith(
        f"--since {text} is in the future (now 2026-11-30 15:20 UTC)"
    )


def test_parse_since_now_and_the_epoch_are_fine():
    now = datetime(2026, 11, 30, 15, 20)
    assert parse_since("2026-11-30T15:20Z", now) == now
    assert parse_since("1970-01-01", now) == datetime(1970, 1, 1)
    assert parse_since("0m", now) == now


def test_settings_travel_to_the_child(local_settings):
    settings = local_settings(mastodon={"instances": ["http://127.0.0.1:1"]})
    back = settings_from_json(settings_to_json(settings))
    assert back == settings


def test_an_updated_mark_sorts_as_text_in_time_order() -> None:
    """Status cursors compare marks as text: a fixed width, microseconds even when 0."""
    stamps = [to_utc("2026-11-27T10:02:03Z"), to_utc("2026-11-27T10:02:03.5Z"), to_utc(1e10)]
    marks = [updated_mark(s) for s in stamps]
    assert marks[:2] == ["2026-11-27T10:02:03.000000", "2026-11-27T10:02:03.500000"]
    assert marks == sorted(marks) and updated_mark(None) == ""
