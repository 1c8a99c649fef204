"""The card or wallet a payment was made with, named beside the shop or app that failed.

Written to a shop's or an app's support account with the handle removed, a complaint often
names only the bank or wallet it paid with: "saldo udah kepotong tapi transaksi gagal, pakai
kartu BCA", "دفعت بانستاباي", "payment page errors out right after I enter my wells fargo
debit card", "my Revolut got charged for the seat though". The bank is the means, not what
failed: the reviewers' labels (bench/labels/care*_dev.csv) leave it out. A card said to fail
itself is its bank's problem and stays ("Monzo card declined at Tesco", "chase debit declined
at 3 stores").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.in_passing import clause_parts

_I = re.IGNORECASE
_BLANK = "\x00"  # how clause_parts blanks the other names
# a word for the card or the account paid from, in the languages of the dev sets
_CARD = (
    r"(?:(?:debit|credit|prepaid|virtual)\s+)?(?:card|carte|tarjeta|cart[ãa]o|kartu|karte|"
    r"wallet|account|acct)"
)
# ...before the name: "pakai kartu BCA", "payer avec ma carte BNP", "con mi tarjeta Santander"
_PAID_WITH_BEFORE = re.compile(
    r"(?:(?<!\w)(?:pa(?:y|id|ying)|pays|use[ds]?|using|enter(?:ed|ing)?|link(?:ed|ing)?|"
    r"add(?:ed|ing)?|put|pick(?:ed|ing)?|chose|choos(?:e|ing)|select(?:ed|ing)?|swiped?|tapp?(?:ed|ing)?|charged?|payer|pay[ée]|pagar|pagu[ée]|pago|"
    r"paguei|pagamos|usando|com|con|avec|mit|bezahlt|zahle|bayar|pakai|pake|dengan|via|"
    r"through|thru|from|off)\s+(?:(?:my|mi|ma|mon|minha|meu|meiner|meinem|the|a|an|her|his|"
    r"our|wife'?s|husband'?s|mum'?s|mom'?s|dad'?s)\s+)?(?:" + _CARD + r"\s+(?:d[eao]\s+)?)?"
    # Arabic "paid with", the preposition written onto the name: "دفعت بانستاباي"
    r"|(?:دفعت|ادفع|بدفع|دفع|سددت)\s*(?:ب|عن\s+طريق|من)\s*)$",
    _I,
)
# ...the card named after the bank ("my Chase debit card", "BNP card") and what it did: was
# charged, went through, paid ("my Revolut got charged", "PayPal-Abbuchung ist durchgegangen")
_PLASTIC_AFTER = re.compile(r"^[\s-]*(?:(?:debit|credit|prepaid|virtual)\s+)?card(?!\w)", _I)
_AUX = r"(?:got|was|were|has\s+been|have\s+been|is|ist|wurde|already|just|also|still)\s+"
_CHARGED_AFTER = re.compile(
    r"^[\s-]*(?:" + _CARD + r"\s+)?(?:-?\s*(?:Abbuchung|Zahlung)\s+)?"
    # charged, in the passive only: "my Revolut got charged" (not "Chase charged me a fee")
    r"(?:(?:" + _AUX + r")+(?:charged|debited|billed|d[ée]bit[ée]e?|cobrad[oa]|"
    r"descontad[oa])|(?:" + _AUX + r")*(?:went\s+through|durchgegangen|abgebucht|worked|"
    r"works|approved))(?!\w)",
    _I,
)
# "had to venmo a stranger", "I'll just paypal you": the wallet as a verb
_WALLET_VERB = re.compile(r"(?<!\w)(?:to|just|I'?ll|had\s+to|can)\s+$", _I)
_AS_VERB_AFTER = re.compile(r"^\s+(?:a|an|the|my|him|her|them|you|someone|\w+\s+back)\b", _I)
# the card said to fail itself: its bank's problem
# "can't use my Chase card anywhere" (no other name before it): the card fails, not the shop
_CANNOT_BEFORE = re.compile(
    r"(?<!\w)(?:can'?t|cannot|couldn'?t|won'?t|unable\s+to|não\s+consigo|no\s+puedo|"
    r"impossible\s+de|kann\s+nicht|gak\s+bisa|tidak\s+bisa|nggak\s+bisa)\s+(?:\w+\s+)?$",
    _I,
)
_CARD_FAILS = re.compile(
    r"(?<!\w)(?:declined|rejected|refused|blocked|frozen|locked|not\s+working|doesn'?t\s+work|"
    r"won'?t\s+work|failed|fails|failing|error|recusad[oa]|rechazad[oa]|refus[ée]e?|"
    r"abgelehnt|gesperrt|ditolak|diblokir|مرفوض)",
    _I,
)


def paid_with(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = (), *, wallet: bool
) -> bool:
    """The mention at ``start:end`` is the card or account paid with, and its clause says no
    failure of it: "pakai kartu BCA", "enter my wells fargo debit card", "my Barclays card went
    through", "my Revolut got charged". ``wallet``: the service is a bank or a payment app
    (only those are paid with), or the name written is such a product ("Apple Pay")."""
    if not wallet:
        return False
    left, right = clause_parts(text, start, end, names)
    after = text[end : end + 60]
    if _CARD_FAILS.search(right):
        return False  # "Monzo card declined", "my Chase card got blocked"
    if m := _PAID_WITH_BEFORE.search(left):
        return _BLANK in left or not _CANNOT_BEFORE.search(left[: m.start()])
    if _CHARGED_AFTER.match(after):
        return True
    if _WALLET_VERB.search(left) and _AS_VERB_AFTER.match(after):
        return True  # "had to venmo a stranger to pay for my gas"
    # "Venmo won't link my Chase debit card": the card is what another service acts on
    return bool(
        _BLANK in left and _PLASTIC_AFTER.match(after) and re.search(r"(?<!\w)my\s+$", left, _I)
    )
