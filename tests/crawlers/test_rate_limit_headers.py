"""How long a 429 or 5xx asks us to wait, from each API's own headers (as real servers send
them: Mastodon's rack-attack, Reddit's and X's API gateways)."""

from __future__ import annotations

from scrapy.http.headers import Headers

from crawlers.middlewares import rate_limit_wait, reset_seconds

NOW = 1_795_000_000.0  # 2026-11-18 11:06:40 UTC


def wait(status: int, **headers: str) -> float | None:
    return rate_limit_wait(
        status, Headers({k.replace("_", "-"): v for k, v in headers.items()}), NOW
    )


def test_mastodon_iso_reset():
    # rack_attack.rb: X-RateLimit-Reset is (now + rest of the period).iso8601(6)
    headers = {"X_RateLimit_Limit": "300", "X_RateLimit_Remaining": "0"}
    assert wait(429, X_RateLimit_Reset="2026-11-18T11:15:00.000000Z", **headers) == 500.0
    assert wait(429, X_RateLimit_Reset="2026-11-18T11:06:50+00:00") == 10.0


def test_reddit_seconds_until_reset():
    # Reddit: X-Ratelimit-Reset is the seconds left in the 10-minute window
    assert wait(429, X_Ratelimit_Reset="596", X_Ratelimit_Remaining="0") == 596.0


def test_x_epoch_reset():
    # X: x-rate-limit-reset is the Unix time the 15-minute window ends
    assert wait(429, x_rate_limit_reset=str(int(NOW) + 900), x_rate_limit_remaining="0") == 900.0


def test_retry_after_comes_first_and_counts_on_5xx():
    assert wait(429, Retry_After="7", X_RateLimit_Reset="2026-11-18T11:15:00Z") == 7.0
    assert wait(503, Retry_After="120") == 120.0


def test_reset_headers_only_on_429():
    # Reddit sends its X-Ratelimit-* headers on every answer; a 500 is not a rate limit
    assert wait(500, X_Ratelimit_Reset="596") is None


def test_unreadable_or_past_resets():
    assert wait(429) is None
    assert wait(429, X_RateLimit_Reset="soon") is None
    assert wait(429, X_RateLimit_Reset="2026-11-18T11:00:00Z") == 0.0  # already past
    assert reset_seconds("Wed, 18 Nov 2026 11:07:40 GMT", NOW) == 60.0
    assert reset_seconds(str(int(NOW) - 5), NOW) == 0.0
