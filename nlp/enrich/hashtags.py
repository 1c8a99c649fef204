"""The place a hashtag names: people tag where something happens by joining the place's name
to a word ("#BoulderFlood", "#prayforboston", "#qldfloods", "#sardegna"). The text reader sees
a tag as one word that names nothing, so the name is taken out here, for the gazetteer."""

from __future__ import annotations

import regex as re

# Words joined before or after a place's name in tags about what happened there, in the
# languages posts come in; the longest is tried first ("floods" before "flood")
_BEFORE = tuple(
    sorted(
        ["prayfor", "pray4", "forza", "welove", "ilove", "helpthe", "help"], key=len, reverse=True
    )
)
_AFTER = tuple(
    sorted(
        [
            "earthquake", "quake", "sismo", "terremoto", "temblor", "flood", "floods",
            "flooding", "alluvione", "inondations", "bushfire", "bushfires", "wildfire",
            "wildfires", "fire", "fires", "storm", "storms", "strong", "haze", "outage",
            "outages", "blackout", "powercut", "apagon", "apagao", "down", "wx", "weather",
            "traffic", "rain", "snow", "heat", "news", "alert", "alerts", "relief", "rescue",
        ],
        key=len,
        reverse=True,
    )
)  # fmt: skip
_CAMEL = re.compile(r"\p{Lu}{2,}(?=\p{Lu}\p{Ll}|\P{L}|$)|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+")
# a shorter remainder is a word or a code too often something else: "#coflood", "#sghaze",
# "#prayforus"; one of three letters is read only as a code ("#nswfires", "#yycflood")
MIN_NAME = 3


def camel_words(tag: str) -> list[str]:
    """ "PrayForBoston" -> ["Pray", "For", "Boston"], "NYCFire" -> ["NYC", "Fire"]; a run of
    capitals before lower case splits one letter early ("NSWfires" -> ["NS", "Wfires"]),
    which the caller tries again in one case."""
    return _CAMEL.findall(tag)


def tag_letters(tag: str) -> str:
    """A tag's letters in one case, as names are compared: "#Boulder_Flood2013" ->
    "boulderflood"."""
    return "".join(ch for ch in tag.casefold() if ch.isalpha())


def joined_name(tag: str) -> str:
    """A tag in one case less the words joined to the place: "qldfloods" -> "qld",
    "prayforboston" -> "boston", "sardegna" -> "sardegna"; "" when what is left is too short
    to be a name or a code."""
    name = tag_letters(tag)
    for word in _BEFORE:
        if name.startswith(word) and name != word:
            name = name[len(word) :]
            break
    for word in _AFTER:
        if name.endswith(word) and name != word:
            name = name[: -len(word)]
            break
    return name if len(name) >= MIN_NAME else ""
