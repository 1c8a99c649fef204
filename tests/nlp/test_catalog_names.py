"""The catalog names services the way people outside the Latin-script world write them.

Posts in Japanese, Korean, Chinese, Russian, Arabic, Hebrew, Hindi or Thai name services by
their local names ("ネットフリックス", "Телеграм"); the catalog's aliases must find them, and
no new name may steal another service's posts.
"""

from __future__ import annotations

import unicodedata
from itertools import combinations

import pytest
import regex as re

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.normalize import TextNormalizer
from outagewatch.catalog import Service, load_catalog

_NON_LATIN = re.compile(r"[^\p{Latin}\p{Common}\p{Inherited}]")
norm = TextNormalizer()


@pytest.fixture(scope="module")
def shipped() -> tuple[Service, ...]:
    return load_catalog()


@pytest.fixture(scope="module")
def strict(shipped: tuple[Service, ...]) -> CatalogAttributor:
    """No embedder: only non-ambiguous services and strong evidence are attributed."""
    return CatalogAttributor(shipped)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ネットフリックスが見れない", ["netflix"], id="ja-katakana-no-space"),
        pytest.param("アマプラが再生できない", ["prime-video"], id="ja-slang"),
        pytest.param(
            "アマゾンプライムビデオが見れない", ["prime-video"], id="ja-longest-name-wins"
        ),
        pytest.param("넷플릭스 접속 안됨", ["netflix"], id="ko-hangul"),
        pytest.param("유튜브 또 안 돼요 영상이 안 나와요", ["youtube"], id="ko-particle"),
        pytest.param("챗GPT 접속이 안 돼요", ["chatgpt"], id="ko-mixed-script"),
        pytest.param("互联网飞速发展，输油管破裂", [], id="zh-no-netflix-no-youtube-inside-words"),
        pytest.param("脸书又登不上了", ["facebook"], id="zh-simplified"),
        pytest.param("微信发不出消息", ["wechat"], id="zh-wechat"),
        pytest.param("Телеграм не работает", ["telegram"], id="ru-nominative"),
        pytest.param("сбой в Телеграме с самого утра", ["telegram"], id="ru-prepositional"),
        pytest.param("Не работает Ютуб и Ватсап", ["youtube", "whatsapp"], id="ru-two-services"),
        pytest.param("Фейсбук лежит у всех?", ["facebook"], id="ru-lowercase-start"),
        pytest.param("Не працює Інстаграм", ["instagram"], id="uk-ukrainian"),
        pytest.param("الواتساب واقف عندي من الصبح", ["whatsapp"], id="ar-with-article"),
        pytest.param("יוטיוב לא עובד לי", ["youtube"], id="he"),
        pytest.param("इंस्टाग्राम नहीं चल रहा है", ["instagram"], id="hi"),
        pytest.param("เฟสบุ๊คล่มอีกแล้ว", ["facebook"], id="th-no-space"),
        pytest.param("Can't connect to GTA5 since the update", ["gta-online"], id="gta5"),
        pytest.param("GTA V online servers down again", ["gta-online"], id="gta-v"),
        pytest.param("ツイッター落ちてる？", ["x"], id="ja-distinct-alias-of-ambiguous"),
        # everyday words that contain or resemble a service's local name stay unattributed
        pytest.param("インスタントラーメンを食べた", [], id="ja-instant-is-not-insta"),
        pytest.param("オンラインで買った", [], id="ja-online-is-not-line"),
        pytest.param("Вчера пришла телеграмма от бабушки", [], id="ru-telegramma"),
    ],
)
def test_local_names_are_attributed(strict: CatalogAttributor, text: str, expected: list[str]):
    assert strict.attribute([norm.normalize(text)]) == [expected]


def _shared_brand(a: Service, b: Service) -> bool:
    """The same brand run nationally in different markets ("Vodafone" UK/DE/ES, "TIM")."""
    return bool(a.countries and b.countries) and not set(a.countries) & set(b.countries)


def test_no_name_belongs_to_two_services(shipped: tuple[Service, ...]) -> None:
    clashes = []
    for a, b in combinations(shipped, 2):
        same = {n.casefold() for n in a.names} & {n.casefold() for n in b.names}
        if same and not _shared_brand(a, b):
            clashes.append((a.slug, b.slug, sorted(same)))
    assert clashes == []


def test_non_latin_names_are_long_enough_and_nfc(shipped: tuple[Service, ...]) -> None:
    non_latin = [(s.slug, n) for s in shipped for n in s.names if _NON_LATIN.search(n)]
    assert len(non_latin) >= 300  # the local names are there at all
    assert [x for x in non_latin if len(x[1].strip()) < 2] == []
    # posts arrive composed (NFC); a decomposed name would never match them
    assert [x for x in non_latin if unicodedata.normalize("NFC", x[1]) != x[1]] == []


def test_local_names_cover_the_scripts(shipped: tuple[Service, ...]) -> None:
    scripts = ("Katakana", "Hangul", "Han", "Cyrillic", "Arabic", "Hebrew", "Devanagari", "Thai")
    names = [n for s in shipped for n in s.names]
    missing = [sc for sc in scripts if not any(re.search(rf"\p{{{sc}}}", n) for n in names)]
    assert missing == []


def test_a_transliterated_name_of_an_ambiguous_service_needs_no_context():
    att = CatalogAttributor(load_catalog())  # no model: ambiguous names alone never count
    posts = [TextNormalizer().normalize(t) for t in ("트위터 접속 안됨", "discord between us")]
    assert att.attribute(posts) == [["x"], []]
