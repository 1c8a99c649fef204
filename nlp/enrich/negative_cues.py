"""What a complaint says in any language: a negation, a question, a word of blame.

The complaint models read English (MiniLM, and n-grams of English tweets): on a post in
another language the head's score is close to noise, and it drifts high on ordinary text
("Schönes Wetter in Stuttgart heute" 0.54, "週末は大阪に行きます" 0.68; the same in English
0.13-0.18, review 146). A complaint reports that something fell short of expectations
(Preoţiuc-Pietro et al., 2019): it says so with a negation ("no", "pas", "nicht", "ない",
"안"), a question ("why", "?"), or a word of blame ("pésimo", "nul", "最悪"). Outside the
models' languages a post that has none of these, nor a failure phrase
(nlp/enrich/failure.py), is no complaint whatever the head says. Measured on the dev half of
bench/labels/complaint_other_languages.csv (see CHANGELOG): negation and question marks alone
raise the macro-F1 of both sets; the words of blame a little more.
"""

from __future__ import annotations

import regex as re

_NEGATION = (
    r"\b(?:no|nunca|nadie|nada|ni|sin|non|mai|nessuno|niente|n[ée]|senza|n[ãa]o|nem|sem|ne|pas|"
    r"jamais|rien|sans|aucune?|nicht|nie|kein\w*|nichts|ohne|niet|geen|nooit|inte|ingen|brak|"
    r"de[ğg]il|yok|not|never|nothing|nahi|nahin|nhi|tidak|gak|nggak|hindi|wala|"
    r"can'?t|won'?t|don'?t|doesn'?t|isn'?t|не|нет|ні|немає)\b|\bn['’]|"
    r"ない|ません|なかった|안\s|못|없|(?<!\w)(?:لا|ما|مش|ليس|لم|لن)(?!\w)|[不没沒無无]"
)
# worst, terrible, useless, a shame, fed up, worse: the commonest words of blame
_BLAME = (
    r"\b(?:worst|worse|useless|pathetic|terrible|ridiculous|awful|"
    r"p[ée]sim[oa]|horrible|fatal|verg[üu]enza|peor|"
    r"pessim[oa]|vergogna|schifo|peggio|"
    r"p[ée]ssim[oa]|horr[ií]vel|vergonha|rid[ií]cul[oa]|lixo|pior|"
    r"nul(?:le)?|honte|marre|pire|scandaleu\w+|inadmissible|"
    r"schlecht\w*|schei[ßs]\w*|katastroph\w*|frechheit|unversch[äa]mt|nervt|"
    r"bakwas|bekar|"
    r"худш\w*|ужас\w*|позор)\b|"
    r"最悪|ひどい|酷い|ふざけ|최악|짜증|답답|سيء|زفت"
)
_ASKED = r"[?？]|[!！]{2,}"
NEGATIVE = re.compile(f"{_NEGATION}|{_BLAME}|{_ASKED}", re.IGNORECASE)


def says_negative(text: str) -> bool:
    """The post has a negation, a question or a word of blame, in a language read here."""
    return bool(NEGATIVE.search(text[:2000]))
