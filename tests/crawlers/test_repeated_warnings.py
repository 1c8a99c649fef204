"""`outagewatch run` relays each crawl child's log; a standing warning is said once an hour."""

from __future__ import annotations

import io
import logging

from crawlers.runner import RepeatedWarnings, _relay_logs

NO_TOKEN = "WARNING mastodon: Mastodon status search skipped on mastodon.social: no token\n"


def relay(text: str, repeats: RepeatedWarnings | None, caplog) -> list[tuple[int, str]]:
    caplog.clear()
    _relay_logs(io.StringIO(text), [], repeats)
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name.startswith("crawlers")]


def test_a_repeated_warning_is_held_back_for_an_hour_then_counted(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    now = [0.0]
    repeats = RepeatedWarnings(interval=3600, clock=lambda: now[0])
    first = relay(NO_TOKEN + "INFO mastodon: 3 new posts\n", repeats, caplog)
    assert first == [
        (logging.WARNING, NO_TOKEN.split(": ", 1)[1].strip()),
        (logging.INFO, "3 new posts"),
    ]
    for minute in (5, 10, 55):  # the next cycles: the same line, kept at DEBUG
        now[0] = minute * 60.0
        assert [lvl for lvl, _ in relay(NO_TOKEN, repeats, caplog)] == [logging.DEBUG]
    now[0] = 3601.0
    ((level, message),) = relay(NO_TOKEN, repeats, caplog)
    assert level == logging.WARNING
    assert message.endswith("(also said 3 times since it was last shown; -v shows each)")


def test_other_warnings_and_errors_are_never_held_back(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    repeats = RepeatedWarnings(clock=lambda: 0.0)
    text = NO_TOKEN + "WARNING reddit: HTTP 503 from reddit.com\nERROR x: login refused\n"
    relay(text, repeats, caplog)
    again = relay(text + "WARNING reddit: HTTP 503 from reddit.com (2nd host)\n", repeats, caplog)
    assert [lvl for lvl, _ in again] == [
        logging.DEBUG,
        logging.DEBUG,
        logging.ERROR,
        logging.WARNING,
    ]


def test_a_single_crawl_says_every_warning(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    assert [lvl for lvl, _ in relay(NO_TOKEN * 2, None, caplog)] == [logging.WARNING] * 2


def test_a_skip_line_with_another_count_is_the_same_warning(caplog) -> None:
    """A spider's skip line counts its like failures: 150 this cycle, 148 the next is the same
    standing problem, held back for the hour like any repeat."""
    caplog.set_level(logging.DEBUG)
    repeats = RepeatedWarnings(clock=lambda: 0.0)
    line = "WARNING hackernews: hackernews: skipped http://h/x: HTTP 500; and {} more like it (-v lists each)\n"
    assert [lvl for lvl, _ in relay(line.format(149), repeats, caplog)] == [logging.WARNING]
    assert [lvl for lvl, _ in relay(line.format(147), repeats, caplog)] == [logging.DEBUG]
