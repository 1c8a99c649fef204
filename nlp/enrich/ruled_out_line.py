"""A phone or internet line named in a post that rules the connection out as the cause.

Written to an app's support account with the handle removed, a complaint often names the line
it is on and then says the line is not to blame: "zoom keeps freezing in my uni lecture, on
aussie broadband so def not my connection", "No me carga Netflix con la fibra de Movistar,
pero YouTube va perfecto, así que no es mi conexión", "drops after a minute on both wifi and
my EE 5G, so not the network", "on telstra nbn and speedtest is perfect so it's not me".
The writer has ruled the line out: the reviewers' labels (bench/labels/care_posts_dev.csv,
everyday_posts_dev3.csv, thread_posts_dev.csv) leave it out. "not my router" or "not the
modem" is no such phrase: it blames the line, not the home equipment. A line said down
itself ("Xfinity down, not my wifi") stays (see attribution).
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# the connection, in the words such posts use for it (never the router or modem)
_CONNECTION_EN = r"(?:connection|internet|wi-?fi|network|line|broadband|isp|signal|data)"
# "so it's not my connection", "def not the network", "it isn't my wifi", "no es mi conexión",
# "não é a minha internet", "c'est pas ma connexion", "non è la rete", "liegt nicht am Netz"
_RULED_OUT = re.compile(
    r"(?<!\w)(?:"
    r"(?:(?:it'?s|its|it\s+is|that'?s|so|def(?:initely)?|defo|clearly|deffo)\s+)?not\s+"
    rf"(?:my|the|our|a)\s+(?:home\s+|own\s+)?{_CONNECTION_EN}|"
    rf"(?:it|that)\s+isn'?t\s+(?:my|the|our)\s+{_CONNECTION_EN}|"
    # the writer's own end ruled out: "speedtest is perfect so it's not me", "so it's not on
    # my end" (not "it's not just me": others have it too)
    r"(?:it'?s|its|it\s+is|so)\s+not\s+(?:me|us|(?:on\s+)?(?:my|our)\s+end)|"
    r"no\s+es\s+(?:mi|la|el)\s+(?:conexi[óo]n|internet|red|wi-?fi|fibra|l[íi]nea|se[ñn]al)|"
    r"n[ãa]o\s+[ée]\s+(?:a\s+|minha\s+|meu\s+|o\s+)?(?:internet|conex[ãa]o|rede|wi-?fi|sinal)|"
    r"(?:c'?est\s+|ce\s+n'?est\s+)?pas\s+(?:ma|la|mon|le)\s+(?:connexion|ligne|wi-?fi|r[ée]seau)|"
    r"non\s+[èe]\s+(?:la\s+|il\s+)?(?:connessione|rete|linea|wi-?fi)|"
    # attr-60: Polish "więc to nie u mnie", "to nie moje łącze"
    r"to\s+nie\s+(?:u\s+mnie|(?:moje|m[óo]j)\s+(?:[łl][ąa]cze|internet|wi-?fi))|"
    r"(?:liegt|lag)\s+(?:also\s+|wohl\s+)?nicht\s+a[mn]\s+(?:der\s+|meiner\s+|meinem\s+)?"
    r"(?:leitung|internet|wlan|verbindung|netz)"
    r")(?!\w)",
    _I,
)


# the line blamed after all: "it's not me, it's your network", "must be on your end"
_BLAMED = re.compile(
    r"(?<!\w)(?:(?:your|ur|their)\s+(?:network|connection|line|service|end|side|fault|outage)|"
    r"it'?s\s+(?:you|them|on\s+your\s+end))(?!\w)",
    _I,
)


def blames_the_line(text: str) -> bool:
    """The post turns back to the line: "it's not me, it's your network"."""
    return _BLAMED.search(text) is not None


def ruled_out_connection(text: str) -> tuple[int, int] | None:
    """Where the post says its connection is not the cause ("so it's not my wifi")."""
    m = _RULED_OUT.search(text)
    return m.span() if m else None
