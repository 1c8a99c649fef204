"""A CDN or cloud named only as what shows or measures a failure, not as what failed.

A complaint about a site or a line often names the CDN in front of it or the server of a
speed test: "is the site down? cloudflare error page on every single product I click",
"download speed 2mbps all evening, speedtest to a cloudflare server says the same thing".
The error page is the site's failure shown by its CDN, and the speed test measures the
writer's line: the reviewers' labels (bench/labels/care2_posts_dev.csv) leave the CDN out.
Not when the post says the failure is everywhere ("cloudflare down? half the internet
showing 500 error pages"): then the CDN is the subject. The site need not be named: a post
to its support account names none ("Getting the Cloudflare error page when I try to log
in" abstains rather than blame the CDN for one site's failure).
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# the cheap test first: a speed test or an error page said at all
_GATE = re.compile(r"speed\s*test|ookla|error\s+(?:page|screen)", _I)
# "speedtest to a cloudflare server", "speed test on an AWS node" (the name within a few
# words after the test)
_TEST_BEFORE = re.compile(r"(?:speed\s*test|ookla)\w*\s+(?:\S+\s+){0,3}$", _I)
# "cloudflare error page", "Cloudflare's error screen", "cloudflare speed test"
_SHOWN_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:\d{3}|5xx|ray\s+id)\s+)?(?:error\s+(?:page|screen)|speed\s*test)", _I
)
# the failure said everywhere: the CDN itself is down
_EVERYWHERE = re.compile(
    r"(?<!\w)(?:every\s+(?:other\s+)?(?:site|website|webpage)|all\s+(?:the\s+)?(?:sites|websites)|"
    r"half\s+(?:of\s+)?the\s+(?:internet|web)|everywhere|across\s+the\s+(?:internet|web)|"
    r"(?:many|multiple|several|lots\s+of)\s+(?:sites|websites))(?!\w)",
    _I,
)


def shown_by(text: str, start: int, end: int) -> bool:
    """The mention ``text[start:end]`` names what shows the failure (an error page) or the
    server a speed test ran against, in a post that does not say the failure is
    everywhere."""
    if not _GATE.search(text) or _EVERYWHERE.search(text):
        return False
    return bool(
        _SHOWN_AFTER.match(text, end) or _TEST_BEFORE.search(text, max(0, start - 60), start)
    )
