"""Keywords per incident: class-based TF-IDF (BERTopic's c-TF-IDF) against the background.

Each incident's posts form one class document, the window's other problem posts another;
a word scores high when it is frequent in the incident and rare across all classes. Words
that cannot say what went wrong (function words, generic verbs, time words) are left out
first: with few incidents in a window, c-TF-IDF alone does not damp them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from outagewatch import post_links

_URL = re.compile(post_links.LOOSE_URL)
_HANDLE = re.compile(r"@\w+")
_ELONGATED = re.compile(r"(\w)\1{2,}")  # "sooo" -> "so", "dooown" -> "down"
# Chinese/Japanese write without spaces: a run of Han characters or of katakana is taken as
# a word (回線, 再生, エラー); hiragana runs are mostly particles and endings and are dropped.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff\uff66-\uff9f"
_KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff"  # without the middle dot
_LETTER = f"[^\\W\\d_{_HAN}{_KANA}]"  # a letter of a script written with spaces
_CHAR = f"[^\\W_{_HAN}{_KANA}]"  # a letter or digit of such a script
# Words of 3+ characters starting with a letter, or 2+ Han characters, or 2+ katakana.
TOKEN_PATTERN = f"(?<!{_CHAR}){_LETTER}{_CHAR}{{2,}}(?!{_CHAR})|[{_HAN}]{{2,}}|[{_KATAKANA}]{{2,}}"

# Words that never carry what went wrong, in the languages the crawlers see most:
# function words, generic verbs and fillers (c-TF-IDF alone lets them through when one
# incident's posts happen to share them), and time and quantity words ("for 10 minutes",
# "since this morning"), which say how long, not what. sklearn's English list comes first.
_GLUE = """
rt amp via im dont cant doesnt didnt isnt wont ive youre thats just like get got still
won don doesn didn isn aren wasn weren couldn shouldn wouldn haven hasn ll ve
going goes gone getting gets gotten come comes coming came make makes making made say
says said saying know knows knew think want wants need needs try trying tried tries
use using used let lets seem seems really actually literally anyone anybody someone
somebody everyone everybody anything something nothing everything thing things stuff
guys guy lol lmao omg wtf pls plz please yeah yes yep nope okay hey hello thanks thank
keep keeps kept gonna wanna gotta ugh huh hmm sure maybe probably even though tho lot
lots bit way also right went fine honestly seriously totally completely absolutely
thx bro dude mate take takes taking took
que los las del por para con una uno unos como pero sus esta este esto estoy hay muy sin
sobre ser son fue nos les mas más todo toda todos todas tambien también cuando donde
porque ya era eso nada algo alguien nadie menos dice dicen decir hacer hace puedo puede
pueden poder consigo tengo tiene tienen estar está están estan soy mis qué pues bueno
vez veces otra otro solo sólo siempre nunca aún aun así asi ese esa aquí aqui inténtalo
intentalo intentar gracias realmente totalmente tío tio
não nao uma com mais dos das ele ela isso esse essa está estou tem tá pra pro meu minha
você voce foi são sao ter muito tudo alguém alguem ninguém ninguem sem aqui já ainda só
sempre nunca vezes fazer faz fiz conseguir consegui consegue posso pode podem eu gente
vocês vcs nem então entao pq mesmo depois antes obrigado obrigada sério serio mano cara
mundo veio vem vir também tambem
les des une est pas qui dans pour sur avec plus cette mon mes son ses sont ont fait
suis elle nous vous ils tout très tres chez moi toi lui rien tous toute toujours encore
déjà deja peux peut veux vais être avoir été oui quoi alors aussi juste bien même ici
merci vraiment mec bref pareil pareille
der die das und ist nicht ein eine mit auf für fur den dem des sich auch aber noch wie
bei nur oder wir ihr sie kann mein schon mehr mir mich dir dich ich kein keine keinen
nichts mal gerade wieder immer bin bist sind war hat habe haben hab geht gehen ging
dann doch nein alles etwas jemand niemand bitte echt einfach irgendwie wirklich voll
ganz gar eben halt denn aus von vom zum zur nach über hier ehrlich danke hilft alter
sagt sagen gesagt alle hierher fragen frage
che non per una sono con del della gli anche come questo più piu niente nulla qualcuno
tutto tutti sempre ancora già fare posso può riesco
het een van niet dat ook maar wel voor zijn nog niks niets iets iemand alles altijd
weer doet doen kunnen
"""
_TIME = """
second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks
month months today tonight yesterday tomorrow morning afternoon evening night ago since
earlier later soon currently moment past time times forever
segundo segundos minuto minutos hora horas día dia días dias hoy ayer mañana manana
tarde noche ahora rato desde semana hoje ontem amanhã agora
seconde secondes heure heures jour jours aujourd hui maintenant depuis soir matin nuit
fois sekunde sekunden minuten stunde stunden tag tage woche heute jetzt seit morgen
abend nacht secondi ore oggi adesso ieri giorno giorni sera notte volta volte
seconden minuut uur uren vandaag gisteren dagen keer
"""
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset((_GLUE + _TIME).split())
_TOKEN = re.compile(TOKEN_PATTERN)


def _clean(text: str) -> str:
    return _ELONGATED.sub(r"\1", _HANDLE.sub(" ", _URL.sub(" ", text or "")).lower())


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
    # names are stop words as the vectoriser splits them ("チャットGPT" -> "チャット", "gpt"),
    # else sklearn warns on every run that the list and the tokens disagree
    extra = {w.lower() for w in extra_stop}
    stop = sorted(STOP_WORDS | extra | {t for w in extra for t in _TOKEN.findall(w)})
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
