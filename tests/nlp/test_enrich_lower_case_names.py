"""attr-28, lingua-7: names written in lower case, and the languages people mix with English.

People type "bt wifi down", "o2 data not working", "jazz 4g nahi chal raha": short names
were matched only as written ("BT"), and a national brand's everyday-word name ("Jazz",
"Smart") only capitalised, so these posts named no service. And lingua, which knows no
Tagalog, gave "globe walang signal dito" to French, outside the Philippine operator's
market. Posts written for this test, none from the evaluation data; the whole pipeline,
real model."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.language import LinguaDetector
from nlp.enrich.lexicon import mixed_language

pytestmark = pytest.mark.slow


# (post, its service): each failed before attr-28
LOWER_CASE_OUTAGES = [
    ("bt wifi not working since 6am", "bt"),
    ("bt wifi down", "bt"),  # too short for the detector: the words still say English
    ("Bt wifi not working again", "bt"),  # the phone's capital
    ("att down?", "att"),
    ("ee no signal in leeds since lunch", "ee"),  # a service word after "no"
    ("o2 data not working since lunch", "o2-uk"),
    ("rbc app keeps crashing when i open it", "rbc"),
    ("td app won't load my balance", "td-bank"),
    ("globe walang signal ngayon dito sa Makati, di makapag-load", "globe-ph"),
    ("jazz 4g nahi chal raha aaj subah se", "jazz-pk"),
    ("unifi down lagi ke? aku tak ada internet", "unifi-my"),
    ("kami semua tak dapat internet, unifi down lagi", "unifi-my"),  # "kami" is Tagalog too
    ("vi network nahi chal raha aaj subah se", "vi-india"),  # Hinglish: India's market
    ("abeg glo network no dey work for this side", "glo-ng"),
    # nicknames the catalog gained with it
    ("is IG down? my stories won't upload", "instagram"),
    ("the bird app won't load replies on anything", "x"),
]


def test_names_in_lower_case_next_to_a_service_word_are_the_service(shipped_enricher) -> None:
    texts = pd.DataFrame({"text": [t for t, _ in LOWER_CASE_OUTAGES]})
    out = shipped_enricher.enrich(texts, with_embeddings=False)
    for (text, slug), row in zip(LOWER_CASE_OUTAGES, out.itertuples(), strict=True):
        assert list(row.services) == [slug], (text, row.lang)
        assert row.problem, (text, row.symptoms, row.lang)


@pytest.mark.parametrize(
    "text",
    [
        "max won't stop barking at the mailman",  # a global name that is a word: never lower
        "jazz night at the club, the band was great",  # no service word after it
        "garis axis di grafik ini kebalik lagi",  # Indonesian, but "axis" of a chart
        "my smart wifi plug is down again",  # an everyday word in English stays a word
        "saw a boa constrictor at the zoo today",  # a short name needs a service word after
        # a two-letter name needs a service word after it; a status is not enough
        "my car bt not working since the ios update",
        "bt keeps disconnecting from my headphones",
        "my old galaxy s3 not working anymore",
        "ig down for the party tonight?",
        "got a d+ down the hall",
        # names the catalog reads only as written ("lower_case" not set)
        "скинь в приват приложение, не работает ссылка",
        "la red telefónica caída en todo el barrio",
        # a phone's reception, not the messenger (attr-32)
        "signal down in my area again",
        "my signal is down since this morning",
        "phone signal not working in Leeds",
        "on my phone no signal and nothing loads",
    ],
)
def test_lower_case_words_that_are_no_service(shipped_enricher, text) -> None:
    row = next(
        shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False).itertuples()
    )
    assert not len(row.services), (text, row.services, row.lang)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("globe walang signal buong araw dito sa Cavite", "tl"),
        ("globe walang signal dito sa bahay, di maka-text sa client", "tl"),  # no French
        ("PLDT down na naman dito sa amin", "tl"),
        ("jazz 4g bilkul dead hai aaj, page load nahi ho raha", "hi"),  # ur once placed in PK
        ("MTN network no dey work, abeg wetin happen", "pcm"),
        ("Safaricom data imekataa kabisa, hakuna network", "sw"),
        ("internet lemot banget dari tadi", "id"),
        ("pero no hay internet dito en la casa", "es"),  # "pero" is Spanish too
        ("Che dito! pero il sito di Poste non funziona", "it"),  # Italian words: lingua stands
        ("kami semua tak dapat internet, unifi down lagi", "id"),  # a tie goes to lingua
        ("my internet has been down since this morning", "en"),
    ],
)
def test_languages_mixed_with_english_are_read_as_such(text, lang) -> None:
    assert LinguaDetector().detect([text]) == [lang]


def test_a_mixed_language_needs_two_of_its_words() -> None:
    assert mixed_language("internet mati lagi") == ""
    assert mixed_language("internet mati lagi dari tadi") == "id"
    # a word the detected language has too does not count for the mixed one
    assert mixed_language("pero dito no hay internet", detected="es") == ""
    assert mixed_language("pero dito no hay internet") == "tl"


def test_the_messenger_signal_is_still_read(shipped_enricher) -> None:
    texts = [
        "Signal messages not going through for anyone?",
        "is Signal down?",
        "#signaldown",
        "signal not delivering my messages since noon",  # lower case, no word of reception
        "my signal messages won't send since the update",  # the app's own word after it
        "Vodafone no signal and WhatsApp not working",  # reception: the operator and the app
    ]
    out = shipped_enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    assert [list(s) for s in out["services"]] == [["signal"]] * 5 + [["vodafone-uk", "whatsapp"]]


# attr-50: Arabic names that are everyday words ("موبايلي" my mobile, "زين" good, "دو", "فوري"
# instant, "اتصالات" calls) are the service beside a service word or an outage status, and a
# name of Arabic letters is never read inside another word ("وي" in "الكويت", "زين" in
# "بنزين"); "stc" as the catalog writes it is the operator in an Arabic post
ARABIC_EVERYDAY_NAMES = [
    ("نت موبايلي فاصل من الصبح", "mobily"),
    ("شبكة موبايلي طايحة في الرياض", "mobily"),
    ("كم سعر باقة موبايلي الجديدة؟", "mobily"),
    ("شبكة زين طايحة", "zain"),
    ("مو شغال النت عند زين من الفجر", "zain"),
    ("شبكة دو فاصلة من امس", "du-ae"),
    ("تطبيق فوري مش بيفتح", "fawry"),
    ("اتصالات النت فاصل في العين", "etisalat"),
    ("stc الكويت ما فيه تغطية في الجهراء", "stc"),
    ("الإنترنت مقطوعٌ منذ ٣ ساعات عند stc", "stc"),
    ("النـــت فاصـــل عند موبايلي", "mobily"),
]


def test_arabic_everyday_names_beside_a_service_word_or_a_status(shipped_enricher) -> None:
    texts = pd.DataFrame({"text": [t for t, _ in ARABIC_EVERYDAY_NAMES]})
    out = shipped_enricher.enrich(texts, with_embeddings=False)
    for (text, slug), row in zip(ARABIC_EVERYDAY_NAMES, out.itertuples(), strict=True):
        assert list(row.services) == [slug], (text, row.lang)
    assert out["problem"].iloc[:2].all()


@pytest.mark.parametrize(
    "text",
    [
        "جوالي موبايلي من سنتين وما عندي مشاكل",
        "موبايلي وقع مني وانكسرت الشاشة",
        "زين الحمد لله، وانت كيفك؟",
        "ولدي زين يسلم عليك",
        "محتاج رد فوري على الايميل",
        "التحويل الفوري خلص في ثانية",
        "نوتة دو ري مي فا صول",
        "سويت اتصالات كثيرة اليوم ولا أحد رد علي",
        "البنزين غالي والنت عندنا تمام في الكويت",
    ],
)
def test_arabic_everyday_words_that_are_no_service(shipped_enricher, text) -> None:
    row = next(
        shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False).itertuples()
    )
    assert not len(row.services), (text, row.services, row.lang)


# attr-51 (review 176 #1, #2, #5): an everyday-word Arabic name needs a noun of a service beside
# it, not a status alone (said of a phone, a fruit, a person too), never takes the article,
# and a name of two letters takes no one-letter proclitic ("بدو", Bedouins)
@pytest.mark.parametrize(
    "text",
    [
        "جوالي موبايلي طاح في الماء",
        "موبايلي واقع في الماء",
        "موبايلي خربان",
        "الاتصالات مقطوعة في غزة",
        "عايز رد فوري",
        "عايز رد فوري النت فاصل",
        "زين واقف عند الباب",
        "يا الزين واقف عند الباب",
        "الاورنج واقع على الارض",
        "الأورنج واقع على الارض",
        "بدو واقفين عند الخيمة",
        "بدو طايحين من التعب",
    ],
)
def test_arabic_everyday_words_said_down_are_no_service(shipped_enricher, text) -> None:
    row = next(
        shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False).itertuples()
    )
    assert not len(row.services), (text, row.services, row.lang)


def test_arabic_everyday_names_beside_a_noun_of_a_service(shipped_enricher) -> None:
    texts = ["شبكة موبايلي طايحة", "نت زين فاصل", "تطبيق فوري مش بيفتح"]
    out = shipped_enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    assert [list(s) for s in out["services"]] == [["mobily"], ["zain"], ["fawry"]]


def test_arabic_or_is_no_mother() -> None:
    from nlp.enrich.attribution import _KIN_BEFORE

    assert not _KIN_BEFORE.search("شبكة stc أم ")
    assert _KIN_BEFORE.search("ولدي ")


def test_persian_is_not_voted_arabic() -> None:
    from nlp.enrich.lexicon import outage_language

    assert outage_language("خط موبایل قطع است") != "ar"
    assert outage_language("النت فاصل") == "ar"
