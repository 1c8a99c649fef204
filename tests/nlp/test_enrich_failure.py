"""Failure phrases outside English make a complaint and an outage symptom; English stays
with the model, and ordinary non-English posts are not complaints by rule."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.failure import FailureCues

cues = FailureCues()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("넷플릭스 로그인이 안 돼요", "ko", id="ko"),
        pytest.param("微信发不出消息，一直转圈", "zh", id="zh"),
        pytest.param("Телеграм не работает с утра", "ru", id="ru"),
        pytest.param("واتساب لا يعمل", "ar", id="ar"),
        pytest.param("נטפליקס לא עובד", "he", id="he"),
        pytest.param("WhatsApp non funziona", "it", id="it"),
        pytest.param("Instagram werkt niet", "nl", id="nl"),
        pytest.param("Netflix çalışmıyor", "tr", id="tr"),
        pytest.param("Spotify nie działa", "pl", id="pl"),
        pytest.param("WhatsApp: Nachrichten werden nicht gesendet", "de", id="de"),
        pytest.param("Netflix caído", "und", id="too-short-to-tell"),
        pytest.param("plus d'internet depuis 30 minutes, merci Orange", "fr", id="fr-no-internet"),
        pytest.param("Livebox marche pas depuis ce matin", "fr", id="fr-marche-pas"),
        pytest.param("Claro sin señal desde ayer", "es", id="es-sin-senal"),
        # fail-33's phrases that fail-34 keeps (a place after "giù in", no campaign, no support)
        pytest.param("Iliad è giù in tutta Milano", "it", id="it-giu-in-place"),
        pytest.param("Turkcell sms gelmiyor", "tr", id="tr-sms"),
        pytest.param("Монобанк і Приват обидва не відповідають", "uk", id="uk-both"),
    ],
)
def test_failure_phrases(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("넷플릭스 신작 재밌다", "ko", id="ko-praise"),
        pytest.param("Телеграм — лучший мессенджер", "ru", id="ru-praise"),
        pytest.param("we are storing data on the new server", "en", id="english-left-to-model"),
        pytest.param("non funziona means it does not work", "en", id="english-even-with-phrase"),
    ],
)
def test_no_failure(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


@pytest.mark.slow
def test_a_korean_outage_post_becomes_a_problem_report(enricher) -> None:
    out = enricher.enrich(pd.DataFrame({"text": ["Discord 접속이 안 돼요", "I love Discord"]}))
    assert list(out["complaint"]) == [1, 0]
    assert bool(out["problem"].iloc[0])
    assert "website_down" in out["symptoms"].iloc[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("are you down rn", True),
        ("is Netflix down?", True),
        ("it won't let me log in since this morning", True),
        ("the app keeps crashing", True),
        ("slack is sooo slow today", True),
        ("login just spins forever", True),
        ("a slow jam for a slow day", False),
        ("I'm down for pizza tonight", False),
        ("prices are down to 5 dollars", False),
        ("how do I change my password?", False),
    ],
)
def test_english_counts_only_outright_failures(text, expected):
    """fail-3: in English the head decides, except for sentences that say outright that it
    does not work; the brief ones are what the head misses ("are you down rn")."""
    assert FailureCues().cued([text], ["en"]) == [expected]


named = FailureCues(names=["Spotify", "Netflix", "Twitter", "Disney+"], capitalised=["Slack"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("spotify down", True, id="name-down"),
        pytest.param("Netflix down again?", True, id="name-down-again"),
        pytest.param("Disney+ down, alle fragen ob es down ist", True, id="name-with-plus"),
        pytest.param("twitter went down for an hour", True, id="went-down"),
        pytest.param("the Spotify app down for anyone?", True, id="app-down"),
        pytest.param("#spotifydown", True, id="hashtag"),
        pytest.param("so slow #NetflixOutage", True, id="outage-hashtag"),
        pytest.param("Slack down?", True, id="everyday-name-capitalised"),
        pytest.param("#slackdown", True, id="everyday-name-hashtag"),
        pytest.param("slack down the rope", False, id="everyday-name-lowercase"),
        pytest.param("Slack down, two to go", False, id="everyday-name-not-a-whole-line"),
        # fail-8: how long it lasted ends the thought too
        pytest.param("Slack died for like 10 minutes", True, id="everyday-name-for-minutes"),
        pytest.param("Slack down since 6am", True, id="everyday-name-since"),
        pytest.param("Slack has been down all day", True, id="everyday-name-has-been"),
        pytest.param("Slack down for the team offsite", False, id="everyday-name-for-a-thing"),
        pytest.param("spotify has been down all morning", True, id="has-been-down"),
        pytest.param("Netflix has been down 5% this year", False, id="has-been-down-percent"),
        # a reviewer's ordinary sentences: a mood, a direction, a year
        pytest.param("spotify has been down about it all week", False, id="down-about"),
        pytest.param("Netflix has been down there before", False, id="down-there"),
        pytest.param("twitter has been down hard on bots lately", False, id="down-hard-on"),
        pytest.param("Slack down since 2019 for me", False, id="everyday-name-since-a-year"),
        pytest.param("Spotify down to 4.99 this month", False, id="down-to"),
        pytest.param("Netflix down 5% after earnings", False, id="down-percent"),
        pytest.param("Netflix down under", False, id="down-under"),
        pytest.param("turn Spotify down please", False, id="object-of-turn"),
        pytest.param("put Netflix down for later", False, id="object-of-put"),
        pytest.param("@Spotify down?", False, id="handle-is-not-the-name"),
        pytest.param("spotifyish down", False, id="name-inside-a-word"),
    ],
)
def test_service_named_as_down(text: str, expected: bool) -> None:
    """fail-4: "<service> down" and "#<service>down", the commonest outage posts, need the
    catalog's names to be told from "calm down" or "prices down"."""
    assert named.named_down(text) is expected
    assert named.cued([text], ["en"]) == [expected or FailureCues().cued([text], ["en"])[0]]


@pytest.mark.slow
def test_bare_outage_posts_are_problem_reports(shipped_enricher) -> None:
    """With the whole catalog: before fail-4, "spotify down" was `other` and "#spotifydown"
    no complaint, so neither counted."""
    enricher = shipped_enricher
    texts = ["spotify down", "#spotifydown", "Slack down", "whatsapp down", "I love Spotify"]
    out = enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    assert list(out["problem"]) == [True, True, True, True, False]
    assert all("website_down" in s for s in out["symptoms"].iloc[:4])


@pytest.mark.slow
def test_other_ways_of_saying_down_are_problem_reports(shipped_enricher) -> None:
    """fail-7/attr-19/sym-20 (posts written for a review, none from the evaluation data):
    "died", "having issues", "acting up" say a service is down as "down" does, and keep its
    name as "down" does, also a misspelt or short one the embedding check would drop; an
    error code counts in the plural; a cue word inside another word is no cue."""
    enricher = shipped_enricher
    outages = [
        "Discord died again, anyone else?",
        "Slack having issues again",
        "Instagram is acting up again",
        "netflx not working, keeps saying error",
        "GitHub is throwing 500s on every push",
        "Gmail keeps timing out",
        "Spotify failed to load my playlists",
        "Revolut card payments failing everywhere today",
        # fail-8: "has been", how long it lasted, a short name typed in lower case
        "Spotify has been down all day",
        "Discord died for like 10 minutes",
        "fb not loading",
    ]
    ordinary = [
        "YouTube ads are getting out of hand, 2 unskippable ads on a 3 minute video",
        # the reviewer's ordinary senses of the new phrases
        "Spotify having problems with artists over royalties, so annoying",
        "my boss isn't responding on Slack and I'm stuck",
        "PayPal charged me twice for one order",  # a billing dispute, no outage
    ]
    out = enricher.enrich(pd.DataFrame({"text": outages + ordinary}), with_embeddings=False)
    services = [list(s) for s in out["services"]]
    assert services[:4] == [["discord"], ["slack"], ["instagram"], ["netflix"]]
    assert list(out["problem"]) == [True] * len(outages) + [False] * len(ordinary)
    assert "website_down" in out["symptoms"].iloc[4]
    assert "playback_streaming" not in out["symptoms"].iloc[len(outages)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("O Instagram não está funcionando", "pt", id="pt-esta-funcionando"),
        pytest.param("WhatsApp não tá funcionando", "pt", id="pt-ta-funcionando"),
        pytest.param("o app não quer abrir", "pt", id="pt-quer-abrir"),
        pytest.param("Instagram non mi funziona", "it", id="it-mi-funziona"),
        pytest.param("WhatsApp in tilt da stamattina", "it", id="it-in-tilt"),
        pytest.param("Netflix no está funcionando", "es", id="es-esta-funcionando"),
        pytest.param("Spotify no me funciona", "es", id="es-me-funciona"),
        pytest.param("Netflix sigue sin funcionar", "es", id="es-sigue-sin"),
        pytest.param("ya no me carga Instagram", "es", id="es-ya-no-me-carga"),
        pytest.param("Netflix geht gerade nicht", "de", id="de-geht-gerade-nicht"),
        pytest.param("WhatsApp funktioniert schon wieder nicht", "de", id="de-schon-wieder"),
        pytest.param("Instagram lädt bei mir nicht", "de", id="de-bei-mir"),
        pytest.param("Netflix ne fonctionne toujours pas", "fr", id="fr-toujours-pas"),
        pytest.param("Discord ne se lance plus", "fr", id="fr-se-lance-plus"),
        pytest.param("WhatsApp werkt alweer niet", "nl", id="nl-alweer-niet"),
        pytest.param("Ziggo ligt eruit", "nl", id="nl-ligt-eruit"),
        pytest.param("Facebook è down", "it", id="it-down"),
        pytest.param("Discord ist down", "de", id="de-down"),
        pytest.param("Instagram ist mal wieder down", "de", id="de-mal-wieder-down"),
        pytest.param("Twitter está down", "es", id="es-down"),
        pytest.param("Insta tá down", "pt", id="pt-down"),
        pytest.param("YouTube est down", "fr", id="fr-down"),
    ],
)
def test_failure_phrases_with_words_inside(text: str, lang: str) -> None:
    """fail-6: pronouns, adverbs and auxiliaries inside the phrase ("no me funciona", "geht
    gerade nicht"), and "down" in another language's sentence ("è down")."""
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("non mi va di uscire stasera", "it", id="it-non-mi-va"),
        pytest.param("non ci sono più i temporali di una volta", "it", id="it-non-ci-sono"),
        pytest.param("das geht mir nicht aus dem Kopf", "de", id="de-geht-mir-nicht"),
        pytest.param("mir geht es nicht gut", "de", id="de-nicht-gut"),
        pytest.param("es läuft nicht so gut mit ihm", "de", id="de-laeuft-nicht-so"),
        pytest.param("esta serie no sirve para nada", "es", id="es-no-sirve-para"),
        pytest.param("no te preocupes, está bien", "es", id="es-no-te-preocupes"),
        pytest.param("ça marche pas mal, merci", "fr", id="fr-pas-mal"),
        pytest.param("het werkt gewoon weer", "nl", id="nl-werkt-gewoon"),
    ],
)
def test_ordinary_sentences_with_the_same_words(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Bell internet down in Toronto", True, id="isp-internet-down"),
        pytest.param("Spectrum internet has been out all day", True, id="internet-has-been-out"),
        pytest.param("Internet down in Sydney, Telstra useless", True, id="internet-down-in"),
        pytest.param("power and internet out since last night", True, id="power-and-internet"),
        pytest.param("wifi keeps going out", True, id="wifi-keeps-going-out"),
        pytest.param("internet outage in my area", True, id="internet-outage"),
        pytest.param("I was out all day", False, id="out-all-day"),
        pytest.param("working out, then check out the new Comcast deal", False, id="phrasal"),
        pytest.param("the internet is full of lies", False, id="internet-full-of-lies"),
        pytest.param("the internet is out of control", False, id="out-of"),
        pytest.param("the internet out there is wild", False, id="out-there"),
        pytest.param("internet speed down to 3 Mbps", False, id="down-to"),
        pytest.param("Netflix is out now on DVD", False, id="a-release"),
        pytest.param("figure it out", False, id="figure-it-out"),
        pytest.param("tickets sold out again", False, id="sold-out"),
    ],
)
def test_the_home_line_out(text: str, expected: bool) -> None:
    """fail-6: "internet down", "internet is out": the home line said down in English."""
    assert cues.cued([text], ["en"]) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Comcast out again in Springfield", True, id="name-out-again"),
        pytest.param("Comcast has been out since 6am", True, id="name-out-since"),
        pytest.param("comcast out for 3 hours now", True, id="name-out-for-hours"),
        pytest.param("Rogers out again?", True, id="everyday-name-capitalised"),
        pytest.param("rogers out again", False, id="everyday-name-lowercase"),
        pytest.param("check Comcast out again", False, id="object-of-check"),
        pytest.param("Netflix is out now on DVD", False, id="a-release"),
        pytest.param("Netflix out since March in the UK", False, id="a-launch"),
        pytest.param("Netflix out", False, id="out-alone"),
        # fail-12: a place between "out" and the words of an outage
        pytest.param("Comcast is out in St. Louis again", True, id="out-in-a-place-again"),
        pytest.param("Rogers out in Toronto since 6am", True, id="everyday-name-out-in-a-place"),
        pytest.param("Netflix is out in Germany today", False, id="out-in-a-country-a-release"),
        pytest.param("Comcast is out in front again", False, id="out-in-front"),
        # an everyday-word name said down in a place, then nothing more
        pytest.param("Rogers down in Toronto again", True, id="everyday-name-down-in-a-place"),
        pytest.param("Rogers down in the final", False, id="everyday-name-down-in-a-game"),
    ],
)
def test_service_named_as_out(text: str, expected: bool) -> None:
    """fail-6: "<service> out" is an outage only with what follows ("again", "since 6am")."""
    cues_out = FailureCues(names=["Comcast", "Netflix"], capitalised=["Rogers"])
    assert cues_out.named_down(text) is expected


@pytest.mark.slow
def test_home_line_and_non_english_outages_are_problem_reports(shipped_enricher) -> None:
    """With the whole catalog: before fail-6/sym-17 each of these was `other` or no
    complaint, so none counted; the ordinary sentences beside them still do not."""
    from nlp.enrich.symptoms import OUTAGE_SYMPTOMS

    outages = [
        "Bell internet down in Toronto", "Spectrum internet has been out all day",
        "Internet down in Sydney, Telstra useless", "Comcast out again in Springfield",
        "O Instagram não está funcionando", "WhatsApp não tá funcionando",
        "Instagram non mi funziona", "Netflix no está funcionando", "Spotify no me funciona",
        "Netflix sigue sin funcionar", "Netflix geht gerade nicht", "Facebook è down",
    ]  # fmt: skip
    ordinary = [
        "I was out all day", "working out", "check out the new Comcast deal",
        "the internet is full of lies", "Netflix is out now on DVD", "figure it out",
        "sold out",
    ]  # fmt: skip
    enricher = shipped_enricher
    out = enricher.enrich(pd.DataFrame({"text": outages + ordinary}), with_embeddings=False)
    assert list(out["problem"]) == [True] * len(outages) + [False] * len(ordinary)
    assert all(OUTAGE_SYMPTOMS & set(s) for s in out["symptoms"].iloc[: len(outages)])
    assert all(out["complaint"].iloc[: len(outages)] == 1)
    home = out["symptoms"].iloc[:3]
    assert all("connectivity" in s for s in home)


def test_the_phrases_searched_one_by_one_find_what_their_union_finds() -> None:
    """AnyOf only changes the speed: on phrases of every language, and on texts that hold
    none, it agrees with one pattern made of all of them."""
    import regex as re

    from nlp.enrich.failure import _GAPPED, _PHRASES, FAILURE_PATTERNS, AnyOf

    union = re.compile("|".join(f"(?:{p})" for p in FAILURE_PATTERNS), re.IGNORECASE)
    any_of = AnyOf(FAILURE_PATTERNS, re.IGNORECASE)
    texts = [
        "Spotify no me funciona desde ayer", "geht gerade nicht", "не работает уже час",
        "LINEが使えない", "인터넷 안 돼요", "werkt alweer niet", "I baked an apple pie",
        "non mi va di uscire", "ça marche pas mal", "the weather is nice", "",
    ]  # fmt: skip
    assert len(FAILURE_PATTERNS) == len(_PHRASES) + len(_GAPPED)
    for text in texts:
        assert bool(any_of.search(text)) == bool(union.search(text)), text
    assert sum(bool(any_of.search(t)) for t in texts) == 6


def enrich_with_catalog(enricher, texts: list[str]) -> pd.DataFrame:
    """The whole enrichment with the shipped catalog (``shipped_enricher``), signals only."""
    return enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)


def read_posts(enricher, outages: dict[str, str], ordinary: list[str]) -> pd.DataFrame:
    """Each outage post finds its service ("" for none) and is a problem report when it has
    one; no ordinary post is. Returns the signals for further checks."""
    texts = [*outages, *ordinary]
    out = enrich_with_catalog(enricher, texts)
    assert list(out["service"].iloc[: len(outages)]) == list(outages.values())
    named = [bool(s) for s in outages.values()]
    assert list(out["problem"]) == named + [False] * len(ordinary), list(
        zip(texts, out["services"], out["problem"], out["symptoms"], strict=True)
    )
    return out


@pytest.mark.slow
def test_an_everyday_name_out_or_down_in_a_place_is_a_problem_report(shipped_enricher) -> None:
    """attr-23, fail-12: "Spectrum out again" found no service, and "Spectrum down in Tampa
    since 6am" was a complaint with no symptom; "check Spectrum out" is still no outage."""
    outages = [
        "Spectrum out again", "Spectrum is out since 6am", "Spectrum out in Tampa since 6am",
        "Spectrum down in Tampa since 6am", "Bell down in Montreal",
    ]  # fmt: skip
    ordinary = ["check Spectrum out again", "Three down, two to go"]
    out = enrich_with_catalog(shipped_enricher, outages + ordinary)
    assert list(out["service"].iloc[:5]) == ["spectrum"] * 4 + ["bell-canada"]
    assert list(out["problem"]) == [True] * len(outages) + [False] * len(ordinary)
    assert all("connectivity" in s for s in out["symptoms"].iloc[:5])


@pytest.mark.slow
def test_how_english_posts_say_it_broke_and_that_it_is_over(shipped_enricher) -> None:
    """sym-23, fail-12 (from a reviewer's 250 everyday English posts): slang and error codes
    are outage reports; an outage that is over, a past one in the news, or praise of a
    5G network is none."""
    outages = {
        "xbox live is dead rn, party chat won't connect at all": "xbox-live",
        "Claude overloaded again. I have a deadline": "claude",
        "gitlab.com 502 again lol": "gitlab",
        "snapchat won't send snaps, stuck on sending forever": "snapchat",
        "GTA online is unplayable rn, kicked back to story mode every 5 mins": "gta-online",
        "Spectrum out across SoCal?? my whole street is down": "spectrum",
        "Discord is back down again": "discord",
        "Steam packed up again": "steam",
    }
    over = [
        "Fortnite servers are back online, queue times normal again",
        "Cloudflare published the postmortem for yesterday's outage. wild read",
        "ok discord is back, false alarm",
        "Telstra 5G in Perth is stupidly fast, 900mbps on my phone",
        "Twitter is dead, everyone moved to bluesky",
        "paypal froze my account for 180 days over a $40 sale",
    ]
    read_posts(shipped_enricher, outages, over)


@pytest.mark.slow
def test_a_service_said_to_work_is_not_the_subject(shipped_enricher) -> None:
    texts = [
        "Gmail's fine, it's Outlook that's refusing to sync. emails stuck in the outbox",
        "Netflix keeps throwing errors on the TV, YouTube plays fine on the same TV",
    ]
    out = enrich_with_catalog(shipped_enricher, texts)
    assert [list(s) for s in out["services"]] == [["outlook"], ["netflix"]]


@pytest.mark.slow
def test_a_part_of_the_service_or_what_it_keeps_saying_between_name_and_status(shipped_enricher):
    """attr-24, fail-13: an everyday-word name followed by a part of the service ("API",
    "checkout", "readers") or by "keeps saying", then a failure, is the service down; a name
    written as a domain is no everyday word."""
    outages = {
        "stripe API returning 500s on payment intents, our checkout is dead": "stripe",
        "amazon checkout keeps failing, 'there was a problem'. is the site down?": "amazon",
        "zoom keeps saying unable to connect, error 5003": "zoom",
        "square readers won't connect at the farmers market": "square",
        "mastodon.social is crawling tonight, my toots take a minute to show up": (
            "mastodon-social"
        ),
        "ChatGPT down here in Christchurch too?": "chatgpt",
    }
    ordinary = [
        "amazon failing to pay its taxes again, shocking",
        "come down here to the lake, the sunset is unreal",
        "a mastodon skeleton at the museum today",
    ]
    out = read_posts(shipped_enricher, outages, ordinary)
    assert list(out["service"].iloc[len(outages) + 1 :]) == ["", ""]


@pytest.mark.slow
def test_short_names_in_lower_case_and_plain_symptoms(shipped_enricher) -> None:
    """From a second reviewer's 250 posts (attr-24, fail-13, sym-24): the lower-case short
    forms people type ("psn", "aws", "jio", "vzw", "tmo"), a part of the service or a plain
    symptom after the name ("yt buffering", "wa web disconnects", "discord stuck on
    connecting"), and the symptoms said without "down" ("emergency calls only", "spinning
    wheel forever", "technical difficulties")."""
    outages = {
        "psn down? can't sign in on ps5, error WS-116522-7": "playstation-network",
        "aws is down and nothing works this morning": "aws",
        "jio network gone in hyderabad, no internet since morning": "jio",
        "vzw no bars in downtown dallas, sos only on my iphone": "verizon",
        "tmo data not working at all, emergency calls only. seattle": "t-mobile",
        "discord stuck on connecting forever, the little logo just spinning": "discord",
        # "boa" is a snake too: since attr-28 a short name in lower case counts only before
        # a service word of its own or an outage status ("boa app", not "boa constrictor")
        "boa app won't load my accounts, spinning wheel forever": "bank-of-america",
        "cap one app says we're experiencing technical difficulties since this morning": (
            "capital-one"
        ),
    }
    ordinary = [
        "heard this song on spotify and i can't stop playing it",
        "rogers service restored here in kitchener after 5 hours",
    ]
    read_posts(shipped_enricher, outages, ordinary)


@pytest.mark.slow
def test_plain_words_for_what_failed(shipped_enricher) -> None:
    """sym-28: what people say instead of "down" (a blank screen, a program that does not
    answer, timeouts, a build that never starts) is an outage symptom; the same words about
    a person, a text, a game's base or a chat moderator are not."""
    outages = {
        "shopify admin is just a white screen for me": "shopify",
        "slack not responding on my laptop, just spins": "slack",
        "heroku builds stuck on deploying for 40 minutes now": "heroku",
        "cash app payment fails every time i try to send": "cash-app",
        "steam won't download anything, stuck at 0 bytes": "steam",
        "discord keeps erroring out when i join a call": "discord",
        "pip install failing with read timeouts from pypi all morning": "pypi",
    }
    ordinary = [
        "airbnb host not responding for 2 days",
        "netflix subtitles are full of errors",
        "been stuck on building my base in minecraft",
        "got timeouts in the twitch chat again lol",
        "comcast won't respond to my complaint letter",
        "the white screen of the wedding dress looks amazing",
    ]
    out = read_posts(shipped_enricher, outages, ordinary)
    assert not len(out["symptoms"].iloc[-1])  # the dress: no symptom at all


@pytest.mark.parametrize(
    "text",
    [
        "Netflix crashes 10% after earnings", "Apple lagging behind Samsung on AI",
        "Google keeps dropping support for old Pixels", "PayPal freezing accounts for no reason",
        "Netflix won't let me share my password anymore",
        "Verizon says no service interruptions expected", "Microsoft says outage resolved",
        "Uber packed up and left Austin", "Disney+ out across Europe today",
    ],
)  # fmt: skip
def test_a_reviewers_sentences_that_are_no_status(text: str) -> None:
    """The review of attr-24: a market move, a policy, a statement or a release after the
    name is no outage status."""
    from nlp.enrich.outage_status import status_after

    name = text.split()[0]
    assert not status_after(text, 0, len(name))


@pytest.mark.parametrize(
    ("text", "failed"),
    [
        ("getting 500 followers this week!", False),
        ("Reddit is crawling with bots", False),
        ("getting 502s from github", True),
        ("Spotify stopped working again", True),  # not "working again", an outage that is over
    ],
)
def test_a_reviewers_failure_phrases(text: str, failed: bool) -> None:
    assert FailureCues().cued([text], ["en"]) == [failed]


def test_not_working_again_is_no_outage_that_is_over() -> None:
    from nlp.enrich.symptoms import SymptomTagger

    tag = SymptomTagger(None).tag
    assert tag(["Spotify stopped working again"], None, [1]) == [["website_down"]]
    assert tag(["ok spotify is working again"], None, [1]) == [["other"]]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("gak bisa login dari tadi pagi", "id"),
        ("internet mati lagi, udah lapor belum ada teknisi", "id"),
        ("Fastweb: pagamenti con la carta rifiutati ovunque", "it"),
        ("Telia nere igen? inget internet sedan i morse", "en"),  # given to English
        ("walang signal buong araw dito sa Cavite", "en"),
        ("MTN network no dey work for this side", "en"),
        ("PTCL internet band hai kal raat se", "en"),
        ("aussie bb having dramas tonight", "en"),
    ],
)
def test_failure_phrases_of_the_newer_markets(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Fue un error comprar la Xbox", "es"),  # "error" alone is a mistake
        ("aku tidak bisa tidur, nonton Netflix aja", "id"),  # can't sleep
        ("putus sama pacar, gagal paham aku", "id"),  # broke up; can't get it
        ("scarpe nere su Amazon a metà prezzo", "it"),  # Italian "nere" is black
        ("ho rifiutato l'offerta di Vodafone", "it"),  # declined an offer
        ("having dramas on netflix tonight", "en"),  # shows, not an outage
        ("office band hai kal, chutti hai", "en"),  # the office is closed
        ("main party mein nahi aa raha", "en"),  # I'm not coming
    ],
)
def test_the_same_words_in_ordinary_sentences_of_those_markets(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


# fail-19: the markets' everyday verbs of what does not happen, from a development set of
# posts naming several services (bench/labels/market*_dev2.csv); phrasings written here
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("ютуб и инста не грузятся с утра", "ru", id="ru-plural"),
        pytest.param("ChatGPT не отвечает, висит", "ru", id="ru-hangs"),
        pytest.param("Discord не коннектится к голосовым", "ru", id="ru-connect"),
        pytest.param("дома интернет ноль", "ru", id="ru-zero"),
        pytest.param("Інстаграм не оновлює стрічку", "uk", id="uk-refresh"),
        pytest.param("лайфсел зник після обстрілу", "uk", id="uk-gone"),
        pytest.param("Discord padł wieczorem", "pl", id="pl-padl"),
        pytest.param("Insta i fb leżą", "pl", id="pl-lezy-plural"),
        pytest.param("nie da się wejść na kanał", "pl", id="pl-nie-da-sie"),
        pytest.param("videolar yüklenmiyor", "tr", id="tr-yuklenmiyor"),
        pytest.param("Steam'e bağlanamıyorum", "tr", id="tr-baglanamiyorum"),
        pytest.param("mobil veri yok", "tr", id="tr-veri-yok"),
        pytest.param("트위터 타임라인 안 불러와짐", "ko", id="ko-load"),
        pytest.param("KT 인터넷 또 끊김", "ko", id="ko-cut"),
        pytest.param("سناب شات معلق عندي", "ar", id="ar-hanging"),
        pytest.param("Safaricom network iko chini", "sw", id="sw-iko-chini"),
        pytest.param("X phir se band? khulta hi nahi", "ur", id="ur-khulta-nahi"),
        pytest.param("WhatsApp non manda messaggi", "it", id="it-non-manda"),
        pytest.param("Telia och Telenor båda nere?", "sv", id="sv-bada-nere"),
        # fail-21: helper-93's misses
        pytest.param("Приложение Сбербанка вылетает при входе", "ru", id="ru-crashes"),
        pytest.param("у МТС авария, интернета нет", "ru", id="ru-outage-at"),
        pytest.param("Приват24 вилітає після оновлення", "uk", id="uk-crashes"),
        pytest.param("IKO wyrzuca mnie z aplikacji", "pl", id="pl-kicks-out"),
        pytest.param("Turkcell'de şebeke yok", "tr", id="tr-no-network"),
        pytest.param("인스타 계속 튕김", "ko", id="ko-bounce"),
        pytest.param("M-Pesa haipiti tangu asubuhi", "sw", id="sw-haipiti"),
        pytest.param("Spotify hänger sig hela tiden", "sv", id="sv-hangs"),
        # fail-22: the more markets' (dev2 and a probe set's errors; phrasings written here;
        # the rest of fail-22's are statuses after a name, test_enrich_outage_status.py)
        pytest.param("calls drop ho rahi hain baar baar", "ur", id="ur-calls-drop"),
        pytest.param("PTCL fiber phir se band hai", "ur", id="ur-fiber-off"),
        # fail-24: phrasings of a probe set's missed outage reports (helper-95; written here)
        pytest.param("Swish går inte att öppna", "sv", id="sv-cannot-open"),
        pytest.param("a Vivo tá sem 4G aqui", "pt", id="pt-no-4g"),
        pytest.param("rete assente da stamattina", "it", id="it-no-network"),
        pytest.param("né chiamate né internet da ieri", "it", id="it-neither"),
        pytest.param("signal gayab hain subah se", "ur", id="ur-no-signal"),
        pytest.param("app asyik keluar error", "ms", id="ms-shows-error"),
    ],
)
def test_more_failure_phrases_of_the_markets(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("nie da się ukryć, że jest dobrze", "pl", id="pl-idiom"),
        pytest.param("okula gitti, akşam döner", "tr", id="tr-went-to-school"),
        pytest.param("YouTube'da sorun yok", "tr", id="tr-no-problem"),
        pytest.param("моя ошибка, извините", "ru", id="ru-my-mistake"),
        pytest.param("Batman filmini izlerken elektrikler gitti", "tr", id="tr-power-cut"),
        # a review's finds: news, idioms and people, not outages
        pytest.param("Netflix: padł rekord oglądalności", "pl", id="pl-padl-rekord"),
        pytest.param("Książki leżą na stole", "pl", id="pl-lezy-na-stole"),
        pytest.param("Ona nie odpowiada na moje wiadomości", "pl", id="pl-person"),
        pytest.param("Szczęścia nie da się kupić", "pl", id="pl-idiom-buy"),
        pytest.param("Spotify'ın yeni özelliği hoşuma gitmiyor", "tr", id="tr-dislike"),
        pytest.param("Messi bu akşam oynamıyor", "tr", id="tr-not-playing"),
        pytest.param("Hatta hiç vaktim yok", "tr", id="tr-hatta"),
        pytest.param("Сбербанк не отвечает на запросы журналистов", "ru", id="ru-press"),
        pytest.param("Картина висит криво", "ru", id="ru-painting"),
        pytest.param("Дети легли спать", "ru", id="ru-kids-asleep"),
        # fail-22's reviews (its own probe set, helper-96): a phone in water, a locked door,
        # a quarrel, a car that stopped, schools closed, a car that will not start, no media
        # coverage, a child not taken to school, a head with "no network"
        pytest.param("simu yangu imeanguka ndani ya maji", "sw", id="sw-phone-fell"),
        pytest.param("meu pai travou a porta da garagem", "pt", id="pt-locked-door"),
        pytest.param("فيه مشكلة بيني وبين أخوي", "ar", id="ar-quarrel"),
        pytest.param("gaari raste mein band ho gayi", "ur", id="ur-car-stopped"),
        pytest.param("Shule hazifunguki hadi Januari", "sw", id="sw-schools-closed"),
        pytest.param("Gari yangu inakataa kuwaka asubuhi hii", "sw", id="sw-car-refuses"),
        pytest.param("ما فيه تغطية إعلامية للمباراة اليوم", "ar", id="ar-no-media-coverage"),
        pytest.param("فيه مشكلة في الاتصال بيني وبين أبوي", "ar", id="ar-no-talking"),
        pytest.param("Tak boleh hantar anak ke sekolah hari ni", "ms", id="ms-school-run"),
        pytest.param("Motorway ki ek line band hai construction ki wajah se", "ur", id="ur-lane"),
        # helper-97's review of fail-24: "it does not seem", a plan without data, statistics,
        # a wall, a mother who will not agree, a strike
        pytest.param("Det virker ikke som om de betaler nok", "da", id="da-seems"),
        pytest.param("El plan básico no tiene datos ilimitados", "es", id="es-plan"),
        pytest.param("Sem dados oficiais sobre isso", "pt", id="pt-statistics"),
        pytest.param("La parete nord assente di neve", "it", id="it-wall"),
        pytest.param("Mama no dey gree me use her phone", "pcm", id="pcm-mother"),
        pytest.param("Serikali imegoma kupunguza bei", "sw", id="sw-refused"),
        pytest.param("Чоловік зник безвісти", "uk", id="uk-missing-person"),
        pytest.param("ㅋㅋㅋ 빵 터짐", "ko", id="ko-laugh"),
        pytest.param("넷플릭스 오징어 게임 대박 터졌다", "ko", id="ko-hit"),
        pytest.param("المعلق الرياضي رائع", "ar", id="ar-commentator"),
        pytest.param("Safaricom iko chini ya uongozi mpya", "sw", id="sw-under"),
        pytest.param("Mujhe yakeen nahi ho raha", "ur", id="ur-cant-believe"),
        pytest.param("Hindi nagreply si crush", "tl", id="tl-no-reply"),
        pytest.param("Obat ini tidak dapat digunakan oleh ibu hamil", "id", id="id-medicine"),
        pytest.param("Oggi sono giù di morale", "it", id="it-mood"),
        # fail-34 (review 202): a share price, a price, a campaign's messages, a support line
        pytest.param("TIM è giù in borsa del 5% oggi", "it", id="it-stock"),
        pytest.param("il prezzo è giù a 20 euro", "it", id="it-price"),
        pytest.param("Turkcell'den kampanya sms gelmiyor artık", "tr", id="tr-campaign"),
        # fail-35: "mail" read inside "emaili" had slipped past the campaign before it
        pytest.param("Turkcell'den kampanya emaili gelmiyor artık", "tr", id="tr-campaign-email"),
        pytest.param(
            "написав у підтримку Монобанк і ПриватБанк, обидва не відповідають",
            "uk",
            id="uk-support",
        ),
        pytest.param("Los niños se cayeron de la bici", "es", id="es-fell"),
        pytest.param("Känner mig helt nere efter beskedet", "sv", id="sv-mood"),
        pytest.param("Авария на трассе М-11, пробка на 5 км", "ru", id="ru-car-crash"),
    ],
)
def test_the_same_words_in_ordinary_sentences(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # review 146: French "HS" (hors service), and the ways slowness and failure are said
        pytest.param("SFR HS", "fr", id="fr-hs"),
        pytest.param("La box Bouygues est HS", "fr", id="fr-est-hs"),
        pytest.param("Internet HS chez Free", "fr", id="fr-internet-hs"),
        pytest.param("youtube rame grave ce soir", "fr", id="fr-rame"),
        pytest.param("deezer ne lit plus aucun morceau", "fr", id="fr-ne-lit-plus"),
        pytest.param("La connexion SFR est lente à Nice", "fr", id="fr-lente"),
        pytest.param("Mon réseau SFR est mort", "fr", id="fr-mort"),
        pytest.param("Wetter schlecht und Vodafone Kabel tot", "de", id="de-kabel-tot"),
        pytest.param("Internet seit 3 Tagen tot", "de", id="de-seit-tot"),
        pytest.param("Discord verbindet nicht", "de", id="de-verbindet-nicht"),
        pytest.param("Nada funciona con Telmex", "es", id="es-nada-funciona"),
        pytest.param("youtube va lentísimo hoy", "es", id="es-lentisimo"),
        pytest.param("Anda fallando BBVA otra vez", "es", id="es-fallando"),
        pytest.param("o app do nubank travando toda hora", "pt", id="pt-travando"),
        pytest.param("横浜でソフトバンクの回線激遅", "ja", id="ja-gekioso"),
        pytest.param("ネトフリ止まる、ずっとくるくるしてる", "ja", id="ja-kurukuru"),
        pytest.param("auの電波死んでる", "ja", id="ja-denpa-shinderu"),
        pytest.param("5Gにしたらソフトバンク圏外になった", "ja", id="ja-kengai"),
        pytest.param("넷플릭스 계속 버퍼링 걸림", "ko", id="ko-buffering"),
        pytest.param("배그 서버 렉 미쳤네", "ko", id="ko-lag"),
        pytest.param("LINE 直ったと思ったらまた落ちた", "ja", id="ja-down-again"),
        pytest.param("Steam läuft wieder, stürzt aber ständig ab", "de", id="de-crashes"),
        pytest.param("App stürzt bei jeder Überweisung ab", "de", id="de-app-crashes"),
        pytest.param("Telenor bredband superlångsamt ikväll", "sv", id="sv-slow"),
    ],
)
def test_failure_cues_of_a_reviewer_of_non_english_use(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("HS : quelqu'un connaît un bon resto ?", "fr", id="fr-hors-sujet"),
        pytest.param("la rame est bloquée à Châtelet", "fr", id="fr-train"),
        pytest.param("une plante verte pour le salon", "fr", id="fr-plant"),
        pytest.param("Le film est lent mais beau", "fr", id="fr-slow-film"),
        pytest.param("Die Katze ist tot", "de", id="de-dead-cat"),
        pytest.param("la falla técnica del árbitro", "es", id="es-noun"),
        pytest.param("Schönes Wetter in Stuttgart heute", "de", id="de-weather"),
        pytest.param("Das Flugzeug stürzt ab", "de", id="de-plane"),
        pytest.param("Han fick inte börja skolan, en långsam film", "sv", id="sv-film"),
        pytest.param("試験に落ちた", "ja", id="ja-exam"),
        # review 158 #3-#6 (fail-30): each cue needs a subject, a line's, an app's or a name
        pytest.param("Netflix plante des arbres pour le climat", "fr", id="fr-plants-trees"),
        pytest.param("Je rame sur Microsoft 365 pour ma présentation", "fr", id="fr-je-rame"),
        pytest.param("Ho ancora la linea TIM in rame, quando arriva la fibra?", "it", id="it-rame"),
        pytest.param("cavi di rame rubati", "it", id="it-copper"),
        pytest.param("Mañana a las 21 HS estreno de la serie en Netflix", "es", id="es-21-hs"),
        pytest.param("電車止まった、Netflixでも見るか", "ja", id="ja-train-stopped"),
        pytest.param("ネットで買った服が入らない", "ja", id="ja-clothes-fit"),
        pytest.param("ネット通販遅い", "ja", id="ja-shopping-slow"),
        pytest.param("ネットの評判悪い", "ja", id="ja-reputation"),
        pytest.param("返信遅すぎ", "ja", id="ja-reply-slow"),
        pytest.param("Amazonの配達遅すぎ", "ja", id="ja-delivery-slow"),
        pytest.param("髪をくるくる巻いた", "ja", id="ja-curl-hair"),
        pytest.param("エレベーター止まった", "ja", id="ja-elevator"),
        pytest.param("Vi um filme muito lento na Netflix", "pt", id="pt-slow-film"),
        pytest.param("넷플릭스 드라마 전개가 너무 느려", "ko", id="ko-slow-plot"),
        pytest.param("el tráfico va lento hoy", "es", id="es-traffic"),
        pytest.param("Ausfall von Müller im Mittelfeld", "de", id="de-football"),
        pytest.param("Ausfall im Regionalverkehr wegen Streik", "de", id="de-trains"),
    ],
)
def test_the_same_words_said_of_no_failure(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # review 158 (fail-30): the same cues with their subject
        pytest.param("Free HS depuis ce matin", "fr", id="fr-name-hs"),
        pytest.param("la box HS encore", "fr", id="fr-box-hs"),
        pytest.param("ça rame grave", "fr", id="fr-ca-rame"),
        pytest.param("l'appli plante sans arrêt", "fr", id="fr-appli-plante"),
        pytest.param("Youtube qui rame encore", "fr", id="fr-name-rame"),
        pytest.param("ネットが遅すぎ", "ja", id="ja-net-slow"),
        pytest.param("動画が止まった", "ja", id="ja-video-stopped"),
        pytest.param("YouTube止まった", "ja", id="ja-name-stopped"),
        pytest.param("楽天モバイル遅すぎ", "ja", id="ja-name-slow"),
        pytest.param("ドコモ激遅", "ja", id="ja-name-gekioso"),
        pytest.param("電波が入らない", "ja", id="ja-no-signal"),
        pytest.param("인터넷 너무 느려", "ko", id="ko-internet-slow"),
        pytest.param("앱이 너무 느려요", "ko", id="ko-app-slow"),
        pytest.param("a internet da vivo tá muito lenta", "pt", id="pt-internet-slow"),
        pytest.param("el internet de telmex va muy lento", "es", id="es-internet-slow"),
        pytest.param("Ausfall bei Vodafone seit heute früh", "de", id="de-ausfall-bei"),
        pytest.param("Ausfall im Mobilfunknetz in Köln", "de", id="de-ausfall-im-netz"),
    ],
)
def test_failure_cues_with_their_subject(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


# fail-31: Arabic as the Gulf, Egypt, the Levant and the Maghreb write it (helper-172; posts
# written for this test)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("النت واقف عند stc من الصبح", id="gulf-stopped"),
        pytest.param("الانترنت فاصل من امس", id="gulf-cut-off"),
        pytest.param("الشبكة واقعة في المنصورة", id="network-down"),
        pytest.param("النت قاطع عندنا", id="gulf-net-cut"),
        pytest.param("فصل النت مرة ثانية", id="gulf-verb-first"),
        pytest.param("stc النت علقان ومو شغال", id="gulf-mo-shaghal"),
        pytest.param("ما فيه نت من ساعتين", id="gulf-no-net"),
        pytest.param("انقطاع الانترنت في الكويت", id="outage-noun"),
        pytest.param("فودافون مش شغال خالص", id="eg-mish-shaghal"),
        pytest.param("التطبيق مش بيفتح", id="eg-mish-biyiftah"),
        pytest.param("الواتساب مبيبعتش رسايل", id="eg-circumfix"),
        pytest.param("مفيش نت في البيت", id="eg-mafish-net"),
        pytest.param("الحلقة مش عم تحمّل", id="lev-mish-am"),
        pytest.param("تيك توك عم يسكر لحالو", id="lev-closes-itself"),
        pytest.param("الواتساب ماخدامش عندي", id="ma-makhdamsh"),
        pytest.param("ماكاينش الانترنيت من الصباح", id="ma-makaynsh"),
        pytest.param("انستغرام مابغاش يتحل", id="ma-wont-open"),
        pytest.param("نتفليكس يعلق ويقطع الحلقة كل دقيقة", id="cuts-every-minute"),
        pytest.param("ما قدرت ادخل حسابي", id="cant-get-in"),
        pytest.param("ديسكورد ما يتصل بالسيرفر", id="no-connection-to-server"),
        pytest.param("العملية مرفوضة من الصبح", id="payment-rejected"),
        pytest.param("حسابي في تيك توك انقفل بدون سبب", id="account-locked"),
        pytest.param("اتصالات الامارات النت بطئ", id="slow-as-written"),
        # what normalisation leaves of stretched and vowelled words (nlp/enrich/normalize.py)
        pytest.param("النـــت فاصـــل", id="tatweel"),
        pytest.param("الواتساب لا يَعمل", id="vowel-mark"),
    ],
)
def test_arabic_failure_phrases_of_every_region(text: str) -> None:
    from nlp.enrich.normalize import TextNormalizer

    model_text = TextNormalizer().normalize(text).model_text
    assert cues.cued([model_text], ["ar"]) == [True]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("واقف عند باب البيت انتظرك", id="standing"),
        pytest.param("السيارة واقفة عند الإشارة", id="car-stopped"),
        pytest.param("فاصل ونواصل بعد الاعلان", id="commercial-break"),
        pytest.param("في الواقع الخدمة ممتازة", id="in-reality"),
        pytest.param("قرار قاطع من الادارة", id="decisive"),
        pytest.param("ما يحدث في العالم محزن", id="what-happens"),
        pytest.param("شغل بدون انقطاع طول اليوم", id="without-a-break"),
        pytest.param("ما يشغل بالي الامتحان", id="on-my-mind"),
        pytest.param("ولدي ما يتصل علي من اسبوع", id="son-does-not-call"),
        pytest.param("ما فيه تغطية إعلامية للمباراة اليوم", id="media-coverage"),
    ],
)
def test_arabic_words_of_the_phrases_in_ordinary_sentences(text: str) -> None:
    assert cues.cued([text], ["ar"]) == [False]


# fail-32 (review 176 #3, #9): everyday Arabic that fail-31 read as a failure phrase; "ما" is
# also "what", "نظام" a regime, "خدمة" any service, "برنامج" a plan, "ضعيف" weak
@pytest.mark.parametrize(
    "text",
    [
        "ما عندي برنامج اليوم",
        "ما في نظام في هالبلد",
        "ما يظهر في الصورة",
        "ما يعمل الانسان",
        "النظام ضعيف",
        "الخدمة في المطعم زفت",
        "الخط ضعيف",
        "عدت بعد انقطاع طويل",
        "بدون أي انقطاع",
        "يعلق كثير على كل شي",
        "ما اقدر اكلمك",
        "مش قادر اشوفك",
        "طلب اللجوء مرفوض",
        "العملية العسكرية فشلت",
        "وقع النظام",
        "سجل الفيش نظيف",
        "ماتم ابوه امس",
    ],
)
def test_arabic_everyday_sentences_are_no_failure(text: str) -> None:
    from nlp.enrich.failure import says_failure

    assert not says_failure(text)
    assert cues.cued([text], ["ar"]) == [False]


@pytest.mark.parametrize(
    "text",
    [
        "انقطاع النت من الصبح",
        "انقطاع الخدمة في الرياض",
        "الواتساب لا يعمل",
        "التطبيق ما يفتح",
        "مفيش نت من امبارح",
        "العملية مرفوضة",
        "الفيزا مرفوضة",
        "الدفع ما تم",
        "التطبيق يعلق كثير",
    ],
)
def test_arabic_failure_phrases_kept_by_fail_32(text: str) -> None:
    assert cues.cued([text], ["ar"]) == [True]


# review 176 #8: the Arabic words several readers share are one table (arabic_cues.py); each
# word of it is read by every reader, so a word added there reaches them all
@pytest.mark.parametrize(
    ("table", "read"),
    [
        pytest.param(
            "AR_DOWN_WORDS",
            lambda w: [f"النت {w} من الصبح", f"واتساب {w}"],
            id="down-of-a-line-and-of-a-name",
        ),
        pytest.param(
            "AR_APP_VERBS",
            lambda w: [f"التطبيق ما ي{w} من الصبح", f"واتساب مش بي{w}"],
            id="negated-verb",
        ),
        pytest.param(
            "AR_ACCOUNT_LOCKED",
            lambda w: [f"حسابي في انستا {w}", f"حسابي في انستا {w}"],
            id="account-locked",
        ),
    ],
)
def test_each_shared_arabic_word_is_read_by_every_reader(table, read) -> None:
    from nlp.enrich import arabic_cues, symptoms
    from nlp.enrich.outage_status import STATUS_WORD

    other = symptoms._CUE_RX["account_locked"] if table == "AR_ACCOUNT_LOCKED" else STATUS_WORD
    for word in getattr(arabic_cues, table).split("|"):
        as_failure, as_other = read(word)
        assert cues.cued([as_failure], ["ar"]) == [True], word
        assert other.search(as_other), word
