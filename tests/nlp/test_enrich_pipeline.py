from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.enrich.pipeline import OUTPUT_COLUMNS, Enricher, rules_out_operators

pytestmark = pytest.mark.slow

BAD_TEXTS = [
    "",
    None,
    "a" * 100_000,
    "🔥😡🔥😡",
    "שלום, נטפליקס לא עובד",
    "Netflix لا يعمل منذ الصباح",
    b"\xff\xfe Netflix bad bytes".decode("utf-8", errors="surrogateescape"),
    b"\xff\xfe raw invalid UTF-8 bytes",
    "@SpotifyCares",
    "https://netflix.com",
]


def batch():
    return pd.DataFrame(
        {
            "post_key": ["m:1", "m:2", "m:3", "m:4", "m:5", "m:6"],
            "text": [
                "@SpotifyCares the app keeps crashing when I open a playlist",
                "Netflix and Spotify both down for me in London",
                "I baked an apple pie",
                "Netflix and Spotify both down for me in London",
                "what a lovely sunny day",
                "アプリにログインできない",
            ],
            "lang_hint": [None, None, None, None, None, "ja"],
            "author_location": ["Austin, TX", None, None, None, None, None],
            "geo_lat": [None, None, None, None, 48.8566, None],
            "geo_lon": [None, None, None, None, 2.3522, None],
        }
    )


def test_output_contract(enricher):
    out = enricher.enrich(batch())
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out["post_key"].tolist() == ["m:1", "m:2", "m:3", "m:4", "m:5", "m:6"]
    assert out.loc[0, "services"] == ["spotify"] and out.loc[0, "service"] == "spotify"
    assert out.loc[0, "problem"] and "app_crash" in out.loc[0, "symptoms"]
    assert (out.loc[0, "country"], out.loc[0, "geo_evidence"]) == ("US", "profile")
    assert out.loc[1, "services"] == ["netflix", "spotify"]
    assert out.loc[1, "country"] == "GB"
    assert out.loc[2, "services"] == [] and out.loc[2, "service"] == ""
    assert out.loc[4, "complaint"] == 0 and not out.loc[4, "problem"]
    assert (out.loc[4, "country"], out.loc[4, "city"]) == ("FR", "Paris")
    assert out.loc[5, "lang"] == "ja" and out.loc[5, "country"] == "JP"
    assert set(out["complaint"]) <= {0, 1}
    assert out["complaint_score"].between(0, 1).all()


def test_embeddings_once_per_text(enricher):
    out = enricher.enrich(batch())
    e = out["embedding"]
    assert e[0].dtype == np.float32 and e[0].shape == (384,)
    assert abs(float(np.linalg.norm(e[0])) - 1) < 1e-4
    assert e[3] is None  # repeat of row 1 in the same batch
    assert out.loc[1, "text_hash"] == out.loc[3, "text_hash"]
    known = enricher.enrich(batch(), known_hashes={out.loc[0, "text_hash"]})
    assert known["embedding"][0] is None
    assert enricher.enrich(batch(), with_embeddings=False)["embedding"].isna().all()


def test_same_input_gives_same_output(catalog, embedder, enricher):
    a = enricher.enrich(batch())
    b = Enricher(catalog, embedder=embedder).enrich(batch())
    pd.testing.assert_frame_equal(a.drop(columns="embedding"), b.drop(columns="embedding"))
    for x, y in zip(a["embedding"], b["embedding"], strict=True):
        assert (x is None and y is None) or np.allclose(x, y, atol=1e-5)
    assert enricher.version == Enricher(catalog, embedder=embedder).version


def test_bad_text_never_crashes_a_batch(enricher):
    # object dtype: pandas' own string dtype refuses lone surrogates before we see them
    out = enricher.enrich(pd.DataFrame({"text": pd.Series(BAD_TEXTS, dtype=object)}))
    assert len(out) == len(BAD_TEXTS)
    assert out.loc[0, "complaint"] == 0 and out.loc[0, "embedding"] is None
    assert out.loc[8, "services"] == ["spotify"] and out.loc[9, "services"] == ["netflix"]
    assert out.loc[6, "services"] == ["netflix"]


def test_bad_threads_and_communities_never_crash_a_batch(enricher):
    """The same bad values as a reply's thread title and community, beside replies naming no
    service: a 100 KB title, invalid UTF-8, only emoji, right-to-left script, numbers."""
    n = len(BAD_TEXTS)
    venues = pd.Series([*BAD_TEXTS[:-2], 42, float("nan")], dtype=object)
    frame = pd.DataFrame(
        {
            "text": pd.Series(["same here"] * n, dtype=object),
            "thread_title": pd.Series(BAD_TEXTS, dtype=object),
            "venue": venues,
        }
    )
    out = enricher.enrich(frame)
    assert len(out) == n
    assert out.loc[4, "services"] == []  # "שלום, נטפליקס לא עובד": no Hebrew name here
    assert out.loc[5, "services"] == ["netflix"]  # "Netflix لا يعمل منذ الصباح"
    assert out.loc[9, "services"] == ["netflix"]  # a title that is a link to netflix.com


def test_empty_batch_and_bad_input(enricher):
    empty = enricher.enrich(pd.DataFrame({"text": []}))
    assert len(empty) == 0 and list(empty.columns) == list(OUTPUT_COLUMNS)
    with pytest.raises(ValueError, match="needs a 'text' column"):
        enricher.enrich(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(TypeError, match="pandas DataFrame"):
        enricher.enrich(["x"])


def test_version_names_every_stage(enricher):
    v = enricher.version
    for part in ("norm-", "lingua", "minilm", "attr-", "complaint-", "fail-", "sym-", "geo-"):
        assert part in v
    assert "catalog-" in v


def test_a_catalog_change_changes_the_version(catalog, embedder, enricher):
    """The catalog feeds attribution, symptoms and failure cues: posts enriched against an
    older catalog must be redone by `process --reprocess`, which compares versions."""
    from dataclasses import replace

    fewer = [s for s in catalog if s.slug != "netflix"]
    renamed = [replace(s, aliases=(*s.aliases, "Spoti")) if s.slug == "spotify" else s
               for s in catalog]  # fmt: skip
    versions = {Enricher(c, embedder=embedder).version for c in (fewer, renamed)}
    assert len(versions | {enricher.version}) == 3
    assert Enricher(list(catalog), embedder=embedder).version == enricher.version


def test_typographic_apostrophe_reads_like_a_straight_one(enricher):
    """An iPhone's "can’t" must give the same signals as "can't" (20 % of the customer-care
    posts carry one): before norm-2 the failure and symptom cues missed them."""
    texts = ["I can't log in to Netflix, it won't load", "I can’t log in to Netflix, it won’t load"]
    out = enricher.enrich(pd.DataFrame({"text": texts}))
    assert list(out.loc[0, "services"]) == list(out.loc[1, "services"]) == ["netflix"]
    assert list(out.loc[0, "symptoms"]) == list(out.loc[1, "symptoms"])
    assert "login" in out.loc[1, "symptoms"]
    assert out.loc[0, "problem"] == out.loc[1, "problem"]
    assert out.loc[0, "text_hash"] == out.loc[1, "text_hash"]  # a repost, whatever the phone


def test_shared_links_are_attributed_only_when_the_post_complains(enricher):
    texts = [
        "Great show, worth a weekend https://www.netflix.com/watch/80100172",
        "https://www.netflix.com/watch/80100172 won't play, just spins, anyone else?",
    ]
    out = enricher.enrich(pd.DataFrame({"text": texts}))
    assert list(out.loc[0, "services"]) == []
    assert out.loc[1, "complaint"] == 1
    assert list(out.loc[1, "services"]) == ["netflix"]


def test_a_batch_of_many_slices_gives_each_post_its_signals_alone(catalog, embedder):
    """The rules read a batch SLICE posts at a time while the model embeds the posts after
    them; repeats, texts embedded in an earlier batch and empty posts fall across slices."""
    from nlp.enrich.pipeline import SLICE

    texts = [
        f"Spotify down again in Leeds, day {i}" if i % 3 else "Netflix won't load 😡"
        for i in range(2 * SLICE + 7)
    ]
    texts[SLICE] = ""
    texts[SLICE + 1] = "I baked an apple pie"
    warm = Enricher(catalog, embedder=embedder)
    warm.enrich(pd.DataFrame({"text": texts[SLICE + 1 : SLICE + 40]}))  # cached before
    together = warm.enrich(pd.DataFrame({"text": texts}))
    fresh = Enricher(catalog, embedder=embedder)
    alone = pd.concat(
        [fresh.enrich(pd.DataFrame({"text": [t]})) for t in texts], ignore_index=True
    ).astype({"lat": float, "lon": float})  # a one-row frame of no coordinates holds None
    pd.testing.assert_frame_equal(
        together.drop(columns="embedding"), alone.drop(columns="embedding")
    )
    vectors = [v for v in together["embedding"] if v is not None]
    assert len(vectors) == len({t for t in texts if t})  # each distinct text once
    for v, w in zip(together["embedding"], alone["embedding"], strict=True):
        assert v is None or w is None or np.array_equal(v, w)


class _Counting:
    """The real model, counting the texts it is asked to embed (no background job of its
    own, so the pipeline's eager path runs too)."""

    def __init__(self, embedder) -> None:
        self.inner, self.version, self.dim = embedder, embedder.version, embedder.dim
        self.fingerprint = embedder.fingerprint
        self.embedded: list[str] = []

    def encode(self, texts):
        self.embedded += list(texts)
        return self.inner.encode(texts)


def test_texts_sharing_a_hash_get_the_first_ones_vector_and_the_cache_keeps_recent_ones(
    catalog, embedder
):
    from collections import OrderedDict

    from nlp.enrich.normalize import TextNormalizer
    from nlp.enrich.pipeline import _BatchVectors

    norm = TextNormalizer()
    posts = [
        norm.normalize(t)
        for t in ("Spotify kaputt, Straße gesperrt", "spotify kaputt, strasse gesperrt")
    ]
    assert posts[0].text_hash == posts[1].text_hash  # casefolded: one text, one vector
    vectors = _BatchVectors(posts, embedder, OrderedDict())
    first = embedder.encode([posts[0].model_text])[0]
    assert not np.array_equal(first, embedder.encode([posts[1].model_text])[0])
    assert np.array_equal(vectors.rows(0, 2)[0], first)
    assert np.array_equal(vectors.rows(0, 2)[1], first)

    counting = _Counting(embedder)
    enricher = Enricher(catalog, embedder=counting, cache_size=2)
    for texts in (["Spotify down a"], ["Spotify down b", "Spotify down a"], ["Spotify down c"]):
        enricher.enrich(pd.DataFrame({"text": texts}))
    enricher.enrich(pd.DataFrame({"text": ["Spotify down a"]}))  # used after b: still kept
    mine = [t for t in counting.embedded if t.startswith("Spotify down ")]
    assert mine == ["Spotify down a", "Spotify down b", "Spotify down c"]


@pytest.mark.parametrize(
    ("text", "lang", "profile", "expected"),
    [
        ("Orange en panne à Dakar", "fr", None, True),
        # any place word, also one that puts people there too (geo-21, review 158 #1)
        ("Orange en panne a Dakar", "fr", None, True),
        ("Vodafone non funziona a Milano", "it", None, True),
        ("Jio not working from Dubai", "en", None, True),
        ("Vodafone Störung aus Berlin", "de", None, True),
        ("Orange en panne au Sénégal", "fr", None, True),  # a country's name
        # a profile's place field holds a place even when it holds one name
        ("Vodafone non funziona", "it", "Milano", True),
        ("Orange en panne", "fr", "Dakar", True),
        ("Mon compte Orange est en panne à Mon", "fr", None, False),  # a region alone
        # a town's name several countries share: "o2 data not working in newcastle"
        ("o2 data not working in newcastle", "en", None, False),
        ("Lyon sans internet ce soir", "fr", None, False),  # a name alone may be a word
        ("ボーダフォンが繋がらない", "ja", None, False),  # a pinned language
        ("Orange en panne", "fr", None, False),
    ],
)
def test_what_place_rules_out_an_operator_of_another_country(text, lang, profile, expected):
    """attr-47 (attr-46 on its branch), geo-21: what the attributor may drop a brand's
    operators on ("Orange en panne à Dakar"); a pinned language, a region's name alone or a
    name the text gives alone, which a word shares, may not. The places are the geocoder's."""
    from nlp.enrich.region import GazetteerGeocoder

    place = GazetteerGeocoder().locate_one(text, lang, profile)
    assert rules_out_operators(place) is expected


@pytest.mark.parametrize(
    ("text", "services", "country"),
    [
        # review 158 #1: "a", "from", "aus" are place words too; the city the post names
        # rules the brand's operators of other countries out, and no national service of
        # another country replaces it
        ("Vodafone non funziona a Milano", [], "IT"),
        ("Orange en panne a Dakar", [], "SN"),
        ("Orange en panne à Dakar", [], "SN"),
        ("Jio not working from Dubai", ["jio"], "AE"),
        ("Jio not working in Dubai", ["jio"], "AE"),
    ],
)
def test_a_city_the_post_names_end_to_end(shipped_enricher, text, services, country):
    out = shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False)
    assert out.loc[0, "services"] == services
    assert out.loc[0, "country"] == country
