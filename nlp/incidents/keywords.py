"""Keywords per incident: class-based TF-IDF (BERTopic's c-TF-IDF) against the background.

Each incident's posts form one class document, the window's other problem posts another;
a word scores high when it is frequent in the incident and rare across all classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]{2,}\b"  # words of 3+ characters starting with a letter

# Function words of the languages the crawlers see most; short lists, they only need to
# keep glue words out of keywords (c-TF-IDF already damps words common to every class).
_MULTI = """
rt amp via im dont cant doesnt didnt isnt wont ive youre thats just like get got still
won don doesn didn isn aren wasn weren couldn shouldn wouldn haven hasn ll ve
que los las del por para con una uno unos como pero sus esta este esto estoy hay muy sin
sobre ser son fue nos les mas todo tambien cuando donde porque ya era eso
não nao uma com para por mais como mas dos das nos ele ela isso esse essa está estou
tem tá pra pro meu minha você voce ser foi são sao ter muito também tambem
les des une est pas que qui dans pour sur avec mais plus cette mon mes son ses sont
ont fait suis elle nous vous ils tout très tres
der die das und ist nicht ein eine mit auf für fur den dem des sich auch aber noch
wie bei nur oder wir ihr sie kann mein schon mehr
che non per una sono con del della gli mi ma anche come questo più piu
het een van niet dat ook maar wel voor zijn nog
"""
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(_MULTI.split())


def _clean(text: str) -> str:
    return _HANDLE.sub(" ", _URL.sub(" ", text or "")).lower()


def class_keywords(
    classes: Sequence[Sequence[str]],
    background: Sequence[str] = (),
    *,
    n: int = 8,
    extra_stop: Iterable[str] = (),
) -> list[list[str]]:
    """Top ``n`` c-TF-IDF words for each class of texts (background only competes).

    A word must occur in at least two posts of a class that has three posts or more, so
    one odd post cannot supply an incident's keywords.
    """
    stop = sorted(STOP_WORDS | {w.lower() for w in extra_stop})
    docs = [list(c) for c in classes] + ([list(background)] if background else [])
    flat = [_clean(t) for d in docs for t in d]
    if not classes or not any(t.strip() for t in flat):
        return [[] for _ in classes]
    vec = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=stop, lowercase=False)
    try:
        per_post = vec.fit_transform(flat)
    except ValueError:  # every word was a stop word
        return [[] for _ in classes]
    vocab = vec.get_feature_names_out()
    bounds = np.cumsum([0] + [len(d) for d in docs])
    counts = np.vstack(
        [
            np.asarray(per_post[a:b].sum(axis=0)).ravel()
            for a, b in zip(bounds, bounds[1:], strict=False)
        ]
    ).astype(float)
    present = [
        np.asarray((per_post[a:b] > 0).sum(axis=0)).ravel()
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]
    words_per_class = counts.sum(axis=1)
    avg = float(words_per_class.mean()) or 1.0
    idf = np.log1p(avg / np.maximum(counts.sum(axis=0), 1.0))
    tf = counts / np.maximum(words_per_class[:, None], 1.0)
    scores = tf * idf
    out: list[list[str]] = []
    for c in range(len(classes)):
        s = scores[c].copy()
        if len(docs[c]) >= 3:
            s[present[c] < 2] = 0.0
        order = np.argsort(-s, kind="stable")
        out.append([str(vocab[j]) for j in order[:n] if s[j] > 0])
    return out
