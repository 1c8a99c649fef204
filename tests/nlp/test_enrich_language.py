from __future__ import annotations

import pytest

from nlp.enrich.language import LinguaDetector, NoLanguage, content_words, roman_hindustani

detector = LinguaDetector()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("the app keeps crashing whenever I open a playlist", "en"),
        ("no puedo iniciar sesión en la aplicación desde esta mañana", "es"),
        ("impossible de me connecter à mon compte depuis ce matin", "fr"),
        ("ich kann mich seit heute morgen nicht mehr anmelden", "de"),
        ("não consigo entrar na minha conta desde hoje de manhã", "pt"),
        ("朝からアプリにログインできない", "ja"),
    ],
)
def test_detects_supported_languages(text, lang):
    assert detector.detect([text]) == [lang]


def test_too_little_text_is_unknown_unless_hinted():
    assert detector.detect(["ok", "", "🔥"]) == ["und", "und", "und"]
    assert detector.detect(["ok"], hints=["fr-FR"]) == ["fr"]


def test_a_hint_does_not_override_a_clear_sentence():
    text = "the app keeps crashing whenever I open a playlist"
    assert detector.detect([text], hints=["de"]) == ["en"]


def test_a_clients_default_tag_does_not_override_a_short_text_in_another_script():
    """Many Mastodon clients tag every post "en": "Netflixが見れない" is 13 characters of
    Japanese, and read as English it lost its service and its problem. In Latin script, and
    between the two Han-only languages, a short text's tag still decides."""
    texts = ["Netflixが見れない", "LINEが繋がらない", "微信打不开了", "Steam重すぎる"]
    assert detector.detect(texts, hints=["en"] * 4) == ["ja", "ja", "zh", "ja"]
    assert detector.detect(["DM sent"], hints=["pt"]) == ["pt"]
    # kana is Japanese and Hangul Korean, whatever Latin words stand beside them
    mixed = ["steam storeまた値上げか…", "kakao talk 또 안돼요 ㅠㅠ"]
    assert detector.detect(mixed, hints=["en", "en"]) == ["ja", "ko"]
    assert detector.detect(mixed) == ["ja", "ko"]
    # ...when they are a good part of its letters: not two Korean hashtags in an English tweet
    tweet = (
        "RT @fan: LAX Airport #EXO #엑소 #LUHAN #루한 DO NOT edit the pic or upload to Tumblr thx!"
    )
    assert detector.detect([tweet], hints=["en"]) == ["en"]
    assert detector.detect(["微信打不开了"], hints=["ja"]) == ["ja"]


def test_unsupported_hint_is_ignored():
    assert NoLanguage().detect(["x"], hints=["xx"]) == ["und"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("Android 7.0, Spotify 8.4.22.857 armV7", "und", id="device-and-version"),
        pytest.param("iPhone 7 Plus, iOS 11.1", "und", id="model-string"),
        pytest.param("DM sent", "und", id="too-short-to-tell"),
        pytest.param("Spotify no funciona", "es", id="short-but-clear"),
        pytest.param("Telekom Störung", "de", id="two-words-clear"),
        pytest.param("Free en panne", "fr", id="outage-word-not-dutch"),
        pytest.param("Orange est en panne ?", "fr", id="outage-word-not-german"),
        pytest.param("Will do!", "und", id="function-words-decide-nothing"),
        pytest.param("das neue Zoom Update gefällt mir", "de", id="english-loanword"),
        pytest.param(
            "Samsung S7, Android 7.0: the app crashes when I skip a song", "en", id="names-removed"
        ),
    ],
)
def test_names_and_numbers_carry_no_language(text, lang):
    assert detector.detect([text]) == [lang]


def test_brand_names_given_to_the_detector_carry_no_language():
    named = LinguaDetector(names=["Google", "Spotify", "Chromecast"])
    text = "Google pixel XL Spotify 8.4.21.508 arm v7 Chromecast Ultra"
    assert named.detect([text]) == ["und"]
    assert named.detect(["Spotify ne marche plus depuis ce matin"]) == ["fr"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # short English replies lingua gave to Dutch or Italian (posts to @SpotifyCares)
        ("My browser cant open the page", "en"),
        ("link is broken", "en"),
        ("Thank youu!", "en"),
        ("I'm in Madrid", "en"),
        # ...while a short post with the language's own words keeps it
        ("Spotify doet het niet meer", "nl"),
        ("Muchas gracias por la ayuda", "es"),
        ("Free en panne", "fr"),
        # ...also with an English loanword and only articles of its own ("la", "de"); they
        # came out English (lingua said Italian, and "mobile" is an English word)
        ("TIM presenta la nuova offerta mobile", "it"),
        ("Vivo anuncia novo plano de internet", "pt"),
    ],
)
def test_short_english_replies_stay_english(text, lang):
    assert detector.detect([text]) == [lang]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # review 146: a digit took the whole run of a script written without spaces with it
        ("2時間前からLINE送れない", "ja"),
        ("PS5でPSNにサインインできない", "ja"),
        ("docomoの5G、渋谷だと全然入らない", "ja"),
        ("微信从10点开始就发不出消息", "zh"),
    ],
)
def test_a_digit_in_a_script_without_spaces_takes_only_its_token(text, lang):
    assert detector.detect([text]) == [lang]
    assert content_words(text) is None  # words no space separates are not counted as none
    assert content_words("ไลน์ล่มตั้งแต่8โมง") is None  # Thai: no language read, no count


def test_a_digit_still_takes_its_whole_token_in_a_spaced_script():
    assert detector.detect(["iPhone 7 Plus, iOS 11.1"]) == ["und"]
    assert content_words("Android 7.0, Spotify 8.4.22") == 1
    assert content_words("2時間前から") is None


@pytest.mark.parametrize(
    "text",
    [
        "jio ka network nahi aa raha Mumbai me, subah se",
        "vi ka network bilkul bekar hai Pune me",
        "airtel ka net chalu ho gaya finally",
        "instagram nahi chal raha yaar, feed load nahi ho raha",
        "jazz 4g bilkul dead hai aaj, page load nahi ho raha",
    ],
)
def test_roman_hindi_or_urdu_is_hindi_until_a_place_says_pakistan(text):
    """One spoken language, written alike in Latin letters: `hi`, the language of most who
    write it; a place or service in Pakistan makes it `ur`."""
    assert detector.detect([text]) == ["hi"]
    assert roman_hindustani("hi", text, "PK") == "ur"
    assert roman_hindustani("hi", text, "IN") == "hi"
    assert roman_hindustani("hi", "जियो का नेटवर्क नहीं चल रहा", "PK") == "hi"
    assert roman_hindustani("es", "hola", "PK") == "es"


@pytest.mark.slow
def test_a_digit_or_a_roman_hindi_post_through_the_whole_enrichment(shipped_enricher):
    """Review 146: a digit had made a Japanese post `und`, lost its service and capped its
    score at 0.1; Roman Hindi from India came out Urdu, and Urdu stays for Pakistan's."""
    import pandas as pd

    texts = [
        "PS5でPSNにサインインできない",
        "docomoの5G、渋谷だと全然入らない",
        "jio ka network nahi aa raha Mumbai me, subah se",
        "jazz ka internet bilkul nahi chal raha Karachi mein",
    ]
    out = shipped_enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    assert list(out["lang"]) == ["ja", "ja", "hi", "ur"]
    assert list(out["service"][:2]) == ["playstation-network", "ntt-docomo"]
    assert (out["complaint_score"][:2] > 0.5).all()
