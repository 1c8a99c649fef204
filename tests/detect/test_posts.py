"""Problem reports of a file of posts as 5-minute counts per service, and their bursts."""

from __future__ import annotations

import pandas as pd

from nlp.detect.posts import bursts_in_posts, problem_volume


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


def test_no_problem_reports_no_bursts() -> None:
    times = pd.Series(pd.to_datetime(["2026-11-01 10:00"]))
    assert bursts_in_posts(times, [["slack"]], [False]) == []
