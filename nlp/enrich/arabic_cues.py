"""Arabic cue words that several readers share, written once (review 176 #8): the failure
phrases of a line's word (failure.py), the outage status said of a name (outage_status.py)
and the symptom cues (symptom_cues.py). A reader that takes words beyond a table adds them
beside its import, with why; the words a table holds are in every reader of it.

None of a table's words begins another, so where a reader puts its own words among them
changes no match. Letters people write either way (أ/إ/آ/ا, ى/ي, ة/ه) are classes; vowel
marks and the stretching tatweel are gone before (nlp/enrich/normalize.py).
"""

from __future__ import annotations

# what a line or an app does, after a negation and a present-tense prefix ("ما يشتغل", "مش
# بيفتح", "ما عم يحمل", "مبيرسلش"): failure.py adds وصل, خدم, تحمل (and after a negation
# that is no "what": عمل, ظهر, رفع)
AR_APP_VERBS = r"شتغل|فتح|نفتح|حمل|رسل|بعت|دخل|لود"
# down, cut, stopped ("النت واقف", "موبايلي فاصل", "شبكة زين طايحة"): "واقف", "فاصل",
# "واقع", "قاطع" are also "standing", "a break", "reality", "decisive", so only said of a
# line's word (failure.py) or of a name (outage_status.py); not "ضعيف", "ثقيل", "ميت", "زفت"
# (weak, heavy, dead, crap; fail-32)
AR_DOWN_WORDS = r"واقف|فاصل|واقع|قاطع|داون|علقان|مضروب|بايظ|مقطوع|طايح|خربان|معطل|عطلان"
# the Maghreb's "it does not work": "ماخدامش", "ما خدامينش", "خدامش"
AR_NOT_WORKING = r"ما?\s?خدام\w{0,3}ش(?!\w)"
# an account said locked, banned, stolen or hacked, a few words after "حساب" ("حسابي في
# انستا انقفل"): failure.py adds اتوقف (stopped)
AR_ACCOUNT_LOCKED = r"انقفل|اتقفل|مقفول|انحظر|اتحظر|محظور|انسرق|اتسرق|اتهكر|انهكر|مهكر|موقوف"
