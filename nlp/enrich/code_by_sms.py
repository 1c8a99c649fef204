"""A bank named only as the sender of a code that cannot arrive while no text arrives at all.

"no SMS coming through since yesterday, hdfc OTP never arrives so I can't pay for anything":
every text fails to arrive, so the bank's one-time code is how the writer's line failing
shows, not the bank failing; the reviewers' labels (bench/labels/care2_posts_dev.csv) leave
the bank out. Only when the post says texts in general do not arrive ("no SMS coming
through", "not getting any texts"), not when only the bank's code is late ("HDFC OTP not
received": the bank's own SMS gateway may be the subject).
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# the cheap test first: an OTP or a code said at all
_GATE = re.compile(r"otp|code", _I)
# "hdfc OTP", "HDFC's verification code", "sbi one-time password" (the name right before)
_CODE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:bank\s+)?(?:otps?|(?:verification|security|one[\s-]time)\s+(?:codes?|"
    r"passwords?)|sms\s+codes?|codes?)(?!\w)",
    _I,
)
# ...or after: "the OTP from hdfc", "code from my bank SBI"
_CODE_BEFORE = re.compile(r"(?:otps?|codes?)\s+(?:from|by)\s+(?:my\s+|the\s+)?$", _I)
# texts in general do not arrive: "no SMS coming through", "not getting any texts", "SMS not
# arriving", "can't receive any messages"
_NO_TEXTS = re.compile(
    r"(?<!\w)(?:no\s+(?:sms|texts?|text\s+messages)(?:\s+at\s+all)?\s+(?:(?:is|are)\s+)?"
    r"(?:coming|arriving|getting|received|since|for)|"
    r"(?:not|n['’]?t|never)\s+(?:getting|receiving|get|receive)\s+(?:any\s+)?(?:sms|texts|"
    r"text\s+messages)|"
    r"(?:sms|texts|text\s+messages)\s+(?:are\s+|is\s+)?(?:not|n['’]?t|never)\s+"
    r"(?:coming|arriving|getting\s+through|come|arrive))",
    _I,
)


def code_of_a_line_out(text: str, start: int, end: int) -> bool:
    """The mention ``text[start:end]`` names the sender of a code ("hdfc OTP") in a post
    that says no text arrives at all."""
    if not _GATE.search(text) or not _NO_TEXTS.search(text):
        return False
    return bool(
        _CODE_AFTER.match(text, end) or _CODE_BEFORE.search(text, max(0, start - 30), start)
    )
