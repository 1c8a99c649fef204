"""Is a named service what the post is about, or only part of its setting?

Posts name services they are not complaining about: the device or browser ("my Xbox One S",
"Google Chrome", "Google Pixel"), how they sign in ("log in with Facebook", "use my FB to
log in"), a rival that works ("switch to Apple Music", "no problem with Apple Music", "I'll
leave you for Apple Music"), the channel they reached support through ("sent it to you on
Twitter", "change your Twitter handle"), the store the app came from ("the latest version on
the App Store"), the kind of mail address ("verify my gmail addy"), or what one meant to do
when the connection failed ("home to watch some Netflix and wi fi is down"). A post
to @RockstarSupport that says "restarted my Xbox One S" is about GTA Online, not Xbox Live.

``MentionRole.role(text, start, end)`` reads the words around one mention and answers
"target" (a problem or question is about it, or the post speaks to it), "setting" (one of the
patterns above) or "neutral"; only "setting" drops a mention, so its patterns stay narrow:
a possessive is no evidence ("nothing plays on my Spotify" is about Spotify). English
patterns, and one other: a service said to work, in Russian, Ukrainian, Polish, Turkish and
Korean ("а ВК норм"); elsewhere a mention is neutral. Written against posts to @SpotifyCares with
the handles removed (other services named there are the setting, by construction) and
checked against the demo's outage posts and everyday outage phrasings (tests). The
customer_care figure in bench/eval_nlp.py is no clean test of them: a few patterns ("on my
Apple TV", the failed connection) have their only real examples there. The word patterns
themselves are in ``mention_patterns``.
"""

from __future__ import annotations

from nlp.enrich import mention_patterns as pat

TARGET, SETTING, NEUTRAL = "target", "setting", "neutral"


class MentionRole:
    """Rule-based reading of one mention's role; a learned reader can replace it."""

    version = "role-13"

    def role(self, text: str, start: int, end: int, *, others: bool = False) -> str:
        """``others``: the post names another service, which where one went to find out, or
        the store the version was read in, would be the setting of ("came to Twitter to see
        if Discord is down"); without one, the site or the store is what failed."""
        left = text[max(0, start - 80) : start]
        right = text[end : end + 80]
        clause_left = pat.LEFT_CLAUSE.sub("", left)
        stop = pat.RIGHT_CLAUSE_END.search(right)
        clause_right = right[: stop.start()] if stop else right
        name = text[start:end]
        problem = bool(pat.PROBLEM_AFTER.search(clause_right))
        if pat.PRODUCT_AFTER.search(right) or pat.MODEL_AFTER.search(right):
            return SETTING
        if pat.CONSOLE_AFTER.search(right) and pat.HARDWARE_NAME.fullmatch(name):
            return SETTING
        if pat.RULED_OUT_BEFORE.search(left):
            return SETTING
        if not problem and (
            pat.WORKS_BEFORE.search(left)
            or pat.WORKS_AFTER.search(clause_right)
            or pat.WORKS_AFTER_OTHER.search(clause_right)
        ):
            return SETTING
        if problem:
            return TARGET
        if pat.ACTIVITY_BEFORE.search(left) and pat.CONNECTION_FAILED.search(text):
            return SETTING
        if pat.ROUTE_AFTER.search(right):
            return SETTING
        if pat.STORE.fullmatch(name) and (
            pat.STORE_BEFORE.search(left)
            or (
                others
                and (
                    pat.STORE_SAYS_AFTER.search(right)
                    or (pat.STORE_SAYS_BEFORE.search(left) and pat.STORE_NEWEST_AFTER.search(right))
                )
                and not pat.FAILS_THEN.search(right)
            )
        ):
            return SETTING
        if pat.HARDWARE_NAME.fullmatch(name) and (
            pat.DEVICE_LIST_BEFORE.search(left)
            or pat.DEVICE_LIST_AFTER.search(right)
            or pat.ON_DEVICE_BEFORE.search(left)
        ):
            return SETTING
        if not pat.FAILURE_LEFT.search(clause_left) and (
            (
                pat.SIGN_IN_PROVIDER.fullmatch(name)
                and (pat.LINKED_BEFORE.search(left) or pat.LINKED_AFTER.search(right))
            )
            or (pat.PAYMENT_PROVIDER.fullmatch(name) and pat.PAY_WITH_BEFORE.search(clause_left))
            or (
                pat.READ_PLACE.fullmatch(name)
                and (
                    pat.SEEN_BEFORE.search(clause_left)
                    or pat.SEEN_AFTER.search(right)
                    or (
                        others
                        and (
                            (pat.VISIT_BEFORE.search(clause_left) and pat.VISIT_AFTER.search(right))
                            or (
                                pat.ON_BEFORE.search(clause_left) and pat.PEOPLE_AFTER.search(right)
                            )
                        )
                        and not pat.FAILS_THEN.search(right)
                    )
                    or (
                        pat.CHANNEL_AFTER.search(right)
                        and not pat.FAILURE_LEFT.search(clause_right)
                    )
                )
            )
            or (
                pat.MAIL_NAME.fullmatch(name)
                and (pat.MAIL_ADDRESS_BEFORE.search(left) or pat.MAIL_ADDRESS_AFTER.search(right))
            )
        ):
            return SETTING
        if pat.SETTING_BEFORE.search(left) or (
            pat.ROUTE_BEFORE.search(left) and pat.SIGN_IN.search(clause_left)
        ):
            return SETTING
        if pat.CLAUSE_START.search(clause_left) or pat.ADDRESSED_BEFORE.search(left):
            return TARGET
        return NEUTRAL
