from __future__ import annotations

import pytest

from nlp.enrich.normalize import MAX_CHARS, TextNormalizer, clean_text

norm = TextNormalizer()


def test_urls_and_handles_leave_the_model_text_but_are_kept():
    n = norm.normalize("@SpotifyCares it's down https://open.spotify.com/track/1 #SpotifyDown")
    assert "http" not in n.model_text and "@" not in n.model_text
    assert n.handles == ("SpotifyCares",)
    assert n.hashtags == ("SpotifyDown",)
    assert n.domains == ("open.spotify.com",)
    assert "SpotifyDown" in n.model_text  # the hashtag's words still carry meaning


def test_repeats_fold_and_emoji_become_words():
    n = norm.normalize("sooooo broken 😡😡😡")
    assert n.model_text == "soo broken pouting face"
    assert n.plain_text == "soo broken"


def test_repost_has_the_same_hash_as_its_original():
    a = norm.normalize("Netflix is down again")
    b = norm.normalize("RT @someone: Netflix is  down again https://t.co/x")
    assert a.text_hash == b.text_hash
    assert norm.normalize("Netflix is down").text_hash != a.text_hash


def test_bare_domains_are_found():
    assert norm.normalize("is netflix.com down?").domains == ("netflix.com",)


@pytest.mark.parametrize(
    ("text", "shared"),
    [
        pytest.param("watch now: https://www.primevideo.com/detail/amzn1.dv", ("primevideo.com",)),
        pytest.param(
            "https://youtu.be/abc https://www.youtube.com/watch?v=abc", ("youtu.be", "youtube.com")
        ),
        pytest.param("https://status.spotify.com says fine", (), id="status-subdomain"),
        pytest.param("https://x.com/login is blank", (), id="sign-in-page"),
        pytest.param("https://www.netflix.com won't load", (), id="home-page"),
        pytest.param("netflix.com/title/1 and netflix.com down", (), id="also-named-bare"),
    ],
)
def test_links_into_content_are_shared_not_named(text, shared):
    """A link into a site's content is what people share; the site itself, its status or
    sign-in pages, or the domain written out, name the service."""
    post = norm.normalize(text)
    assert post.shared_links == shared
    assert set(shared) <= set(post.domains)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(b"\xff\xfe\xfa bad bytes", id="invalid-utf8-bytes"),
        pytest.param("broken \ud800 surrogate", id="lone-surrogate"),
        pytest.param("🔥" * 50, id="only-emoji"),
        pytest.param("שלום, האפליקציה לא עובדת", id="hebrew-rtl"),
        pytest.param("التطبيق لا يعمل \u200f", id="arabic-rtl-mark"),
        pytest.param("a" * 100_000, id="100KB"),
        pytest.param(12345, id="not-a-string"),
    ],
)
def test_bad_text_never_raises(raw):
    n = norm.normalize(raw)
    assert isinstance(n.model_text, str)
    assert len(n.match_text) <= MAX_CHARS
    n.model_text.encode("utf-8")  # always valid UTF-8


def test_clean_text_decodes_html_entities():
    assert clean_text("AT&amp;T") == "AT&T"


def test_typographic_apostrophes_fold_so_cues_match():
    """Phones type "can’t"; every cue in the stages is written "can't"."""
    n = TextNormalizer().normalize("I can’t log in, it‘s been hours ＇cause of the update")
    assert "can't log in" in n.model_text
    assert "’" not in n.match_text and "‘" not in n.match_text
    assert len(n.match_text) == len("I can’t log in, it‘s been hours ＇cause of the update")


def test_arabic_vowel_marks_tatweel_and_digits_fold_so_cues_match():
    """norm-4: "النـــت فاصـــل", "لا يَعمل", "منذ ٣ ساعات" are written with the words and
    digits every cue is written with; other scripts' marks stay (a Hindi vowel sign is a
    letter of its word)."""
    n = TextNormalizer().normalize("النـــت مقطوعٌ منذ ٣ ساعات، لا يَعمل ۱۲ नहीं चल रहा")
    assert "النت مقطوع منذ 3 ساعات، لا يعمل 12" in n.model_text
    assert "नहीं चल रहा" in n.model_text
    assert n.match_text == n.model_text
