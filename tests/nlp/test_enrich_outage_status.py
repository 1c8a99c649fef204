"""One reading of "<name> down" for attribution and the failure cues: they agree."""

from __future__ import annotations

import pytest

from nlp.enrich.failure import FailureCues
from nlp.enrich.outage_status import status_after


def _status(text: str, name: str) -> bool:
    start = text.index(name)
    return status_after(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "down"),
    [
        ("Spotify is still down", "Spotify", True),
        ("spotify down in the uk?", "spotify", True),
        ("Steam and Discord both down?", "Steam", True),
        ("Netflix app totally down again", "Netflix", True),
        ("twitch not working for anyone?", "twitch", True),
        ("Spotify outage right now", "Spotify", True),
        ("Amazon down in early trading", "Amazon", False),
        ("Apple down 3% after earnings", "Apple", False),
        ("Netflix down to $4.99 this week", "Netflix", False),
        ("turn Spotify down please", "Spotify", False),
        ("put Netflix down for later", "Netflix", False),
        ("an Orange down jacket", "Orange", False),
        ("Spotify, my mood went down", "Spotify", False),
        ("love spotify, my stress went down today", "spotify", False),
        ("Spotify and Apple Music both down?", "Spotify", True),
        ("Discord died for like 10 minutes", "Discord", True),
        ("Slack having issues again, messages late", "Slack", True),
        ("Reddit is broken again", "Reddit", False),  # "broken" is an opinion too
        ("Instagram is acting up", "Instagram", True),
        ("Uber crashed into a pole", "Uber", False),
        ("netflix not working on the ps4", "netflix", True),
        ("Slack having issues again?", "Slack", True),
        ("Spotify having problems with artists over royalties", "Spotify", False),
        ("Twitter died down after the election", "Twitter", False),
        ("Reddit is broken as a platform", "Reddit", False),
        ("Twitter is dead, everyone left", "Twitter", False),
        # a count, a place one goes down to (fail-26); not "down at the moment"
        ("Three down, two to go", "Three", False),
        ("Jazz down at the club tonight", "Jazz", False),
        ("Netflix down at the moment?", "Netflix", True),
        ("Square offline at the shop, 3 customers turned away", "Square", True),
        ("Steam down, 2 hours and counting", "Steam", True),
    ],
)
def test_attribution_and_failure_cues_read_the_same_status(
    text: str, name: str, down: bool
) -> None:
    cues = FailureCues(names=[name])
    assert _status(text, name) is down
    assert cues.named_down(text) is down


def test_only_the_text_right_before_the_name_can_be_its_verb() -> None:
    # "turn" belongs to another clause far before the name
    text = "I had to turn around and go home because Spotify is down"
    assert _status(text, "Spotify")


# fail-19's statuses in the markets' languages, after a name or two joined by their "and"
@pytest.mark.parametrize(
    ("text", "name", "down"),
    [
        ("Discord padł, nie da się wejść", "Discord", True),
        ("Discord ve Steam ikisi birden çöktü", "Discord", True),
        ("Messenger nie wysyła wiadomości", "Messenger", True),
        ("Steam не грузит магазин", "Steam", True),
        ("Discord çalışmıyor yine", "Discord", True),
        ("DAZN non funziona stasera", "DAZN", True),
        ("Allegro nie ładuje koszyka", "Allegro", True),
        ("Orange i Play jednocześnie padły", "Orange", True),
        # fail-22's, said of a name only
        ("M-Pesa inakataa kila muamala", "M-Pesa", True),
        ("Safaricom data hazifunguki kurasa", "Safaricom", True),
        ("Nubank travando direto", "Nubank", True),
        ("Maxis tak boleh hantar SMS", "Maxis", True),
        ("glo no get network for Lekki", "glo", True),
        ("stc ما فيه تغطية من الصبح", "stc", True),
        ("stc فيه مشكلة في النت", "stc", True),
        ("X phir se band?", "X", True),
        ("Max è giù da ieri", "Max", False),
        ("Snapchat funker ikke i dag", "Snapchat", True),
        ("tiktok chal hi nahi rahi", "tiktok", True),
        ("youtube tak load langsung", "youtube", True),
        ("Aaj raat Jazz band hai", "Jazz", False),
        ("Tim è giù oggi", "Tim", False),
        ("Steam nie jest drogi", "Steam", False),
        ("Allegro ma non troppo", "Allegro", False),
        ("Discord ve arkadaşlar", "Discord", False),
    ],
)
def test_a_status_in_the_markets_languages(text: str, name: str, down: bool) -> None:
    assert _status(text, name) is down


@pytest.mark.parametrize(
    ("text", "name", "down"),
    [
        # attr-50, fail-31: Arabic statuses said of a name
        ("واتساب واقف عندكم؟", "واتساب", True),
        ("موبايلي فاصل من الصبح", "موبايلي", True),
        ("شبكة زين طايحة", "زين", True),
        ("فودافون مش شغال خالص", "فودافون", True),
        ("انستاباي واقع النهارده؟", "انستاباي", True),
        ("اتصالات عندها عطل في دبي", "اتصالات", True),
        ("موبايلي وقع مني وانكسرت الشاشة", "موبايلي", False),  # my phone fell
        ("جوالي موبايلي من سنتين", "موبايلي", False),
        ("زين الحمد لله", "زين", False),
    ],
)
def test_arabic_statuses_after_a_name(text: str, name: str, down: bool) -> None:
    assert _status(text, name) is down
