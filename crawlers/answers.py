"""What became of a source's requests: answers its spider could use, and why others failed.

`outagewatch crawl` exits 1 when not one request of any source came to something usable;
an API that moved, a captive portal or a proxy's HTML error page answers every request, so
counting the requests that got *no* response is not enough. A spider's skipped requests
are also summed up per reason (150 identical lines buried the summary): the first example
with its URL, and how many more failed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from twisted.internet.error import TimeoutError as TwistedTimeout

# what kind of failure a reason is: the final line of a crawl where all failed says what to
# check accordingly (the config's URLs, the network, or nothing: the reason names its limit)
ANSWER, LIMIT, NETWORK = "answer", "limit", "network"
STAT_ANSWERS = "outagewatch/answers"  # distinct URLs whose answer reached a callback
STAT_SPOILED = "outagewatch/answers_skipped"  # ...of which the spider skipped something

_TOO_BIG = re.compile(r"(?:Expected to receive|Received) (\d+) bytes .*max size \((\d+)\)")
_UNPACKED = re.compile(r"exceeded DOWNLOAD_MAXSIZE \((\d+) B\) during decompression")


def size_text(n: float) -> str:
    """Bytes as people read them: 5.0 GB, 19 MB, 10 MB, 512 bytes."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n:.0f} bytes"


def describe_failure(failure: Any, timeout: float) -> tuple[str, str, str]:
    """(what to say, the reason to group by, its kind) for a request that got no usable
    response: a limit is named with its value and setting, not as Scrapy's exception."""
    message = failure.getErrorMessage()
    if failure.check(DownloadTimeoutError, TwistedTimeout):
        said = (
            f"no complete answer within {timeout:g} s "
            "(DOWNLOAD_TIMEOUT; $OUTAGEWATCH_DOWNLOAD_TIMEOUT changes it)"
        )
        return said, said, LIMIT
    if match := _TOO_BIG.search(message):
        limit = f"over the {size_text(int(match.group(2)))} limit (DOWNLOAD_MAXSIZE)"
        said = f"the answer is {size_text(int(match.group(1)))}, {limit}"
        return said, f"an answer {limit}", LIMIT
    if failure.check(IgnoreRequest) and (match := _UNPACKED.search(message)):
        limit = f"unpacks to over the {size_text(int(match.group(1)))} limit (DOWNLOAD_MAXSIZE)"
        return f"the compressed answer {limit}", f"an answer that {limit}", LIMIT
    said = f"{failure.type.__name__}: {message}"
    # a downloader middleware refused what the server answered (a redirect loop, robots.txt)
    return said, said, ANSWER if failure.check(IgnoreRequest) else NETWORK


def describe_paused(failure: Any) -> tuple[str, str]:
    """(reason, kind) of a request not sent, or given up, because its host is paused this
    run (RetryAfterMiddleware said why in one line): rate limited, or not there at all."""
    response = getattr(failure.value, "response", None)
    message = failure.getErrorMessage()
    if response is not None:
        why = "rate limited" if response.status == 429 else f"HTTP {response.status}"
    elif "unreachable" in message or not failure.check(IgnoreRequest):
        return "no connection to the host", NETWORK
    else:  # "http://host is rate limited until 2026-…" (RateLimitPauses.refuse)
        why = message.split(" is ", 1)[-1].split(" until ")[0]
    return f"{why} for longer than RETRY_AFTER_MAX", LIMIT


@dataclass
class Skipped:
    """One reason a source's requests were skipped: how often, and the first example."""

    count: int
    url: str
    why: str
    kind: str
    said: bool = True  # False: said elsewhere (RetryAfterMiddleware's one line)


@dataclass
class SkipTally:
    """A spider's skips by reason, and which answered URLs it skipped something of."""

    reasons: dict[str, Skipped] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)
    spoiled: set[str] = field(default_factory=set)

    def add(self, url: str, why: str, reason: str, kind: str, said: bool = True) -> None:
        """Count one skip; the first of its reason is the example shown."""
        if seen := self.reasons.get(reason):
            seen.count += 1
        else:
            self.reasons[reason] = Skipped(1, url, why, kind, said)

    def lines(self, source: str) -> list[str]:
        """One warning line per reason: the first example with its URL, and the count."""
        out = []
        for s in self.reasons.values():
            if not s.said:
                continue
            more = f"; and {s.count - 1} more like it (-v lists each)" if s.count > 1 else ""
            out.append(f"{source}: skipped {s.url}: {s.why}{more}")
        return out

    def summary(self) -> list[list[Any]]:
        """[[count, reason, kind], ...], the commonest first: for the crawl's last line."""
        ranked = sorted(self.reasons.items(), key=lambda kv: -kv[1].count)
        return [[s.count, reason, s.kind] for reason, s in ranked]


class CountAnswers:
    """Spider middleware, after HttpErrorMiddleware: an answer that reaches a spider's
    callback is counted (once per URL); the spider counts those it then skipped something
    of (OutageSpider.skip), so answers less those is what the crawl could use."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> CountAnswers:
        return cls(crawler)

    def process_spider_input(self, response: Any) -> None:
        tally = getattr(self.crawler.spider, "tally", None)
        if isinstance(tally, SkipTally) and response.url not in tally.answered:
            tally.answered.add(response.url)
            self.crawler.stats.inc_value(STAT_ANSWERS)
