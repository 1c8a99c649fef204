"""A phone or internet line named as one the failure persists on, beside the failing app.

Written to an app's support account with the handle removed, a complaint often says the app
fails whichever connection it is on, naming the line it tried: "discord voice is robotic in
every server tonight, even on a wired comcast line", "whatsapp web not syncing, tried the
ziggo wifi and my 4g", "même chose depuis le wifi SFR du boulot", "ドコモ回線でもWi-Fiでも
アプリが起動しない". Failing over every line rules the line out: the reviewers' labels
(bench/labels/care*_dev.csv) leave it out. A line named plainly as the route ("Netflix won't
load on my Comcast internet") is not read so: that may be the line's fault.
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# possessives, articles and the line's kind between the marker and the name
_DET = (
    r"(?:\s+(?:my|the|a|an|our|their|her|his|le|la|les|mon|ma|mes|un|une|el|mi|mis|o|a|"
    r"meu|minha|die|der|den|dem|das|mein\w*|unser\w*))?"
)
_KIND = (
    r"(?:\s+(?:wired|home|own|work|office|mobile|cellular|phone|wi-?fi|4g|5g|lte|data|fibre|"
    r"fiber|fibra|réseau|reseau|connexion|box|red|rede|datos|dados|netz|hotspot|sim|"
    r"line|network|broadband)(?:\s+(?:de|du|d[ae]|do))?)*"
)
# the marker right before the name: "even on a wired", "tried the", "même chose depuis le
# wifi", "incluso con la fibra de", "até na rede da", "auch über das", "sogar mit"
_TRIED_BEFORE = re.compile(
    r"(?<!\w)(?:"
    r"(?:even|also|same(?:\s+thing)?|too)\s+(?:on|over|with|from|via|through|thru|using)|"
    r"(?:tried|tries|trying|switched\s+to|swapped\s+to)(?:\s+(?:it|both|on|over|with|via))?|"
    r"m[êe]me(?:\s+chose)?\s+(?:depuis|avec|sur|via|en)|"
    r"(?:incluso|tambi[ée]n|igual)\s+(?:con|en|desde|por)|prob[ée]\s+(?:con|en|desde)|"
    r"(?:at[ée]|tamb[ée]m|mesmo)\s+(?:na|no|com|pela|pelo)|testei\s+(?:na|no|com)|"
    r"(?:auch|sogar|selbst)\s+(?:über|ueber|mit|im|in)"
    rf"){_DET}{_KIND}\s*$",
    _I,
)
# ...or Japanese "でも" (even on) / Korean "로도", "에서도" right after it: "ドコモ回線でも"
_TRIED_AFTER = re.compile(
    r"(?:\s*(?:回線|の回線|のWi-?Fi|のwifi|の4G|の5G|のネット|の電波|데이터|와이파이))?\s*"
    r"(?:でも|로도|으로도|에서도)",
    _I,
)
_WINDOW = 60


def tried_over(text: str, start: int, end: int) -> bool:
    """The line ``text[start:end]`` is named as one the failure persists on ("even on a wired
    comcast line", "tried the ziggo wifi", "ドコモ回線でも"), not as the route alone."""
    before = text[max(0, start - _WINDOW) : start]
    return bool(_TRIED_BEFORE.search(before) or _TRIED_AFTER.match(text, end))


# what the failure is of, when no other service is named: the support account's own app or
# site ("la app no carga", "アプリが起動しない"); "no internet, even on Verizon" is the line's
_APP = re.compile(
    r"(?<!\w)(?:apps?|appli\w*|aplica\w*|aplicativo|site|website|sitio|web)(?!\w)|アプリ|앱", _I
)
# failures such posts say that the shared failure words leave to the symptom stage: a voice
# "robotic", an app that "起動しない" (will not start)
_ALSO_FAILS = re.compile(
    r"(?<!\w)(?:robotic|choppy|lagg(?:y|ing)|cutting\s+out)(?!\w)|起動し(?:ない|ません)|"
    r"開(?:か|き)(?:ない|ません)|(?:繋|つな)が(?:らない|りません)",
    _I,
)


def names_the_app(text: str) -> bool:
    """The post names an app or a site, the thing that fails over every line."""
    return bool(_APP.search(text))


def also_fails(text: str) -> bool:
    """A failure word of this kind of post that the shared lexicon does not read."""
    return bool(_ALSO_FAILS.search(text))
