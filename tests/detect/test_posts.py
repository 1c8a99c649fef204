"""Problem reports of a file of posts as 5-minute counts per service, and their bursts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.detect.posts import bursts_in_posts, problem_volume, scored_window


def test_each_problem_post_counts_once_for_each_service_it_names() -> None:
    times = pd.Series(pd.to_datetime(
        ["2026-11-01 10:01", "2026-11-01 10:04", "2026-11-01 10:07", None, "2026-11-01 10:02"]
    ))  # fmt: skip
    services = [["slack", "aws"], ["slack", "slack"], ["slack"], ["slack"], ["slack"]]
    problem = [True, True, True, True, False]
    volume = problem_volume(times, services, problem)
    got = {(r.service_slug, str(r.bucket)): r.reports for r in volume.itertuples()}
    assert got == {
        ("aws", "2026-11-01 10:00:00"): 1,
        ("slack", "2026-11-01 10:00:00"): 2,  # the repeated name counts once
        ("slack", "2026-11-01 10:05:00"): 1,  # the post without a time and the non-problem: none
    }
    assert set(volume["country"]) == {""}


OUTAGE_AT = pd.Timestamp("2026-11-03 10:00")
OUTAGE_FROM = OUTAGE_AT - pd.Timedelta(minutes=30)


def outage_posts(extra: list[str] = ()) -> pd.Series:
    """Three days of a few reports a day, 40 reports in 30 minutes on the third, and extras."""
    rng = np.random.default_rng(5)
    quiet = pd.Timestamp("2026-11-01") + pd.to_timedelta(rng.uniform(0, 72 * 3600, 12), unit="s")
    burst = OUTAGE_AT + pd.to_timedelta(rng.uniform(0, 1800, 40), unit="s")
    return pd.Series([*quiet, *burst, *pd.to_datetime(list(extra))])


def test_the_outage_is_found_and_nothing_else() -> None:
    times = outage_posts()
    found, left_out = bursts_in_posts(times, [["spotify"]] * len(times), [True] * len(times))
    assert [b.service_slug for b in found] == ["spotify"]
    assert OUTAGE_FROM <= found[0].episode.start <= OUTAGE_AT  # its excess may begin a bit early
    assert left_out == 0


def test_an_ordinary_report_before_the_outage_does_not_start_it() -> None:
    """One report at 09:36, the usual one of a few a day, then nothing for 15 minutes: the
    outage does not start at 09:35. With the flat hour-of-day shape (1f8ea52) the baseline
    there is 0.01 a bucket, so that report alone was "above the baseline", and the 1-hour
    window that fired at 10:xx made the excess begin at it (analyze's table said 09:40 for
    such a report at 09:41). The file's own 09:57 report, just before the 40, may begin it."""
    times = outage_posts(["2026-11-03 09:36:30"])
    found, _ = bursts_in_posts(times, [["spotify"]] * len(times), [True] * len(times))
    assert [b.service_slug for b in found] == ["spotify"]
    assert OUTAGE_AT - pd.Timedelta(minutes=5) <= found[0].episode.start <= OUTAGE_AT


def test_a_stray_post_years_ahead_or_behind_hides_no_outage() -> None:
    times = outage_posts(["2099-01-01 00:00", "2013-05-01 00:00"])
    found, left_out = bursts_in_posts(times, [["spotify"]] * len(times), [True] * len(times))
    assert [b.service_slug for b in found] == ["spotify"]
    assert OUTAGE_FROM <= found[0].episode.start <= OUTAGE_AT
    assert left_out == 2


def test_the_window_ends_at_the_last_report_with_company() -> None:
    buckets = pd.Series(
        pd.to_datetime(["2026-11-01 10:00", "2026-11-01 12:00", "2030-01-01 00:00"])
    )
    assert scored_window(buckets) == (
        pd.Timestamp("2026-11-01 10:00"),
        pd.Timestamp("2026-11-01 12:00"),
    )


def test_a_quiet_services_last_report_is_no_stray_and_an_open_burst_is_ongoing() -> None:
    """A service with one report a week before the file's end had its later ones left out
    (each service's window ended at its own last report with company); and a burst still
    abnormal in the file's last bucket read as over (helper-106)."""
    times = outage_posts()
    quiet = pd.to_datetime(["2026-10-28 09:00", "2026-10-28 11:00", "2026-11-03 09:00"])
    late = OUTAGE_AT + pd.Timedelta(minutes=25)  # the file ends inside the outage
    times = pd.concat([times[times <= late], pd.Series(quiet)], ignore_index=True)
    services = [["spotify"]] * (len(times) - 3) + [["zoom"]] * 3
    found, left_out = bursts_in_posts(times, services, [True] * len(times))
    assert left_out == 0  # zoom's last report counts, though a week lies before it
    (burst,) = [b for b in found if b.service_slug == "spotify"]
    assert burst.ongoing
    closed, _ = bursts_in_posts(outage_posts(), [["spotify"]] * 52, [True] * 52)
    assert not closed[0].ongoing  # the outage of the whole three days is over by their end


def test_strays_and_other_years_hide_no_service_s_burst() -> None:
    """One window for the whole file (a first version of the change above) lost a burst to
    two stray posts dated 2099, or to another service's outage 500 days later
    (helper-108)."""
    times = outage_posts(["2099-01-01 00:00", "2099-01-01 00:01"])
    problem = [True] * (len(times) - 2) + [False] * 2
    found, _ = bursts_in_posts(times, [["spotify"]] * len(times), problem)
    assert [b.service_slug for b in found] == ["spotify"] and not found[0].ongoing
    later = outage_posts() + pd.Timedelta(days=500)
    both = pd.concat([outage_posts(), later], ignore_index=True)
    services = [["spotify"]] * 52 + [["zoom"]] * 52
    found, left_out = bursts_in_posts(both, services, [True] * len(both))
    assert sorted(b.service_slug for b in found) == ["spotify", "zoom"] and left_out == 0
