"""The word patterns of ``mention_role``: what sits around a name when the service is the
post's target, and when it is only its setting. Kept as data, apart from the reading logic,
as ``symptom_cues`` is for ``symptoms``. English patterns only.
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# the clause around the mention: sentence ends, a comma, or a conjunction close it
LEFT_CLAUSE = re.compile(r"(?s).*(?:[.!?;\n]|,\s|\bbut\b|\band\b|\bor\b|\bthen\b)")
RIGHT_CLAUSE_END = re.compile(r"[.!?;\n]|,\s|\bbut\b|\bthen\b")

# After the name: a device, the browser or the OS of the brand, not an online service. Kept
# to hardware: "YouTube videos", "Chase card" or "Google Docs" are the service itself, and
# so is a provider's home line ("Etisalat home internet down", not "Google Home").
PRODUCT_AFTER = re.compile(
    r"^\s*(?:pixel|pixle|chrome|chromecast|homes?(?!\s*(?:internet|broadband|wi-?fi|fib(?:re|er|r)|"
    r"network|connection|line|phone|plan|service|page|screen|feed|tab|timeline|button)\b)|nest|watch|ios|mac|macbook|iphone|ipad|"
    r"ipod|macos|keyboard|lightning|connector|one|360|series\s*[xs]|echo|dot|alexa|fire\s*tv|"
    r"firestick|kindle|speakers?|controller|headset|headphones|airpods|nexus|devices?|"
    r"products?|hardware)\b",
    _I,
)
# "Xbox console", "PlayStation console": the machine; but "Google Cloud console", "AWS
# console" are the service's web console (read with HARDWARE_NAME)
CONSOLE_AFTER = re.compile(r"^\s*consoles?\b", _I)
MODEL_AFTER = re.compile(r"^\s*(?:[A-Z]{1,3}\d|[Oo]ne\s+[SX]\b)")  # "LG G5", "One S"

# Before the name: a route ("log in through"), signing in with it, or a rival ("switch to").
# Possessives are no evidence: "nothing plays on my Spotify" is about Spotify.
SETTING_BEFORE = re.compile(
    r"(?:\b(?:via|thru|through)\s+$"
    r"|\b(?:log|logs|logged|logging|sign|signed|signing|login|connect|connected|linked|link)"
    r"\s+(?:in\s+|up\s+|on\s+)?(?:with|via|through|thru|using)\s+(?:my\s+|your\s+)?$"
    r"|\b(?:switch|switching|switched|jump|jumping|move|moving|moved|leave|leaving|ditch|stay|"
    r"staying|stick|sticking)\s+(?:over\s+|back\s+)?(?:to|from|with)\s+$"
    # leaving for a rival: "I'm going to Apple Music", "going back to Deezer"
    r"|\b(?:going|goin|heading|running)\s+(?:back\s+|over\s+)*to\s+$"
    r"|\b(?:i'?ll|i\s+will|gonna|i'?d)\s+(?:just\s+)?(?:go|run|head)\s+(?:back\s+|over\s+)*to\s+$"
    r"|\b(?:unlike|such\s+as|just\s+like|much\s+like|similar\s+to)\s+$"
    r"|\b(?:than|over|unlike|vs|versus|compared\s+to|instead\s+of|nor)\s+$"
    r"|\b(?:leave|leaving|left)\s+\w+\s+for\s+$"
    r"|\b(?:compete|competing|catch\s+up|keep\s+up)\s+(?:with|to)\s+$"
    # the channel one reached the support team through: "_I sent it to you on Twitter"
    r"|\b(?:sent|send|sending|messaged|dm'?d|contact(?:ed)?|reach(?:ed)?|tweet(?:ed)?|inboxed|"
    r"wrote|asked)\s+(?:\w+\s+){0,2}(?:you|u|y'all|your\s+\w+)\s+(?:\w+\s+)?"
    r"(?:on|via|through|over|in)\s+$)",
    _I,
)
# "_I log in to Spotify using Facebook": a route word before, a sign-in word earlier
ROUTE_BEFORE = re.compile(r"\b(?:using|with|via|through|thru)\s+(?:my\s+|your\s+|their\s+)?$", _I)
SIGN_IN = re.compile(
    r"\b(?:log|logs|logged|logging|login|sign|signed|signing|signup|connect\w*|link\w*)\b", _I
)
# After the name: what one signs in with ("use my Facebook to log in", "FB login")
ROUTE_AFTER = re.compile(
    r"^\s*(?:account\s+|credentials\s+|profile\s+)?(?:(?:as\s+a\s+(?:method|way)\s+)?to\s+"
    r"(?:log|sign)\s*(?:in|on|up)|to\s+login|login\s+(?:button|option))\b",
    _I,
)
# After the name, within its clause: it works fine, or it has what the subject lacks
WORKS_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:(?:works?|working|worked|runs?)\s+(?:fine|perfectly|great|ok|"
    r"okay|well|normally|right|for\s+me)|(?:plays?|loads?|streams?)\s+(?:fine|perfectly|ok|"
    r"okay|normally)|(?:is|are)\s+(?:fine|ok|okay|"
    r"working\s+fine)|(?<=['’])s\s+(?:fine|ok|okay|working\s+fine)|"
    r"does\s+(?:it|that)|has\s+it|have\s+it|had\s+it|instead(?!\s+of)|app\s+store|credentials|"
    r"(?:never|always)\s+(?:do|does|did)\s+(?:that|this|it))\b",
    _I,
)
# ...and in Russian, Ukrainian, Polish, Turkish and Korean, right after the name or a second
# name joined to it, with nothing that could qualify or negate the verb between: "а ВК и
# Телеграм норм", "хорошо хоть ВКонтакте работает", "카톡은 잘 됨", "Turkcell sorunsuz"; not
# "ВК не работает", "еле работает", "ledwo działa", "yavaş çalışıyor" (works badly)
WORKS_AFTER_OTHER = re.compile(
    r"^(?:[은는이가]|\s+(?:и|і|та|i|ve)\s+\w+)?(?:\s+(?:тоже|теж|też|da|de|ещё|уже|вже))?\s*"
    r"(?:работает|работают|норм|нормально|в\s+порядке|працює|працюють|działa|działają|śmiga|"
    r"çalışıyor|sorunsuz|잘\s*(?:됨|돼|되|된다|됩니다))(?!\w)",
    _I,
)
WORKS_BEFORE = re.compile(
    r"\b(?:no\s+(?:problems?|issues?)\s+(?:with|on)|works?\s+(?:fine\s+)?(?:on|with|in)|"
    r"working\s+(?:fine\s+)?(?:on|with|in)|nothing\s+wrong\s+with(?:\s+my|\s+the)?)\s+$",
    _I,
)
# Ruled out by the writer, whatever follows: "It's not my Apple TV", "not a Facebook issue"
RULED_OUT_BEFORE = re.compile(
    r"\b(?:(?:it'?s|its|it\s+is|that'?s|this\s+is)\s+not\s+(?:my|the|an?|your)|"
    r"not\s+an?)\s+$",
    _I,
)

# A problem or question about the service: "X is down", "can't log in to X", "Hey X"
PROBLEM = (
    r"down|outage|out|offline|broken|broke|crash|crashes|crashing|crashed|freez\w*|"
    r"not\s+(?:working|loading|responding|opening|letting|playing|sending|showing)|"
    r"isn'?t|isnt|aren'?t|won'?t|wont|doesn'?t|doesnt|didn'?t|can'?t|cant|cannot|"
    r"keeps?|stopped|fail\w*|error\w*|bug\w*|glitch\w*|issues?|problems?|trouble|"
    r"slow|lag\w*|buffer\w*|unable|unavailable|disconnect\w*|logged\s+out|"
    r"servers?|support|help|why|sucks?|worst"
)
PROBLEM_AFTER = re.compile(
    rf"^\W*(?:(?:is|are|was|has|have|app|it|it's|its|just|still|\w+'s)\W+){{0,3}}"
    rf"(?:{PROBLEM})\b",
    _I,
)
ADDRESSED_BEFORE = re.compile(
    r"\b(?:hey|hi|hello|dear|yo|ok|okay|thanks|thank\s+you|is|are|was|into|to|access|open|"
    r"load|reach|(?:problems?|issues?|trouble|wrong)\s+(?:with|on))\s+$",
    _I,
)
# Names that are also hardware: in a list of devices they are the device, not the service
# ("tried on my Xbox, pc and iPhone", "on my phone or xbox"); "Windows 10 and Spotify" is not
HARDWARE_NAME = re.compile(
    r"xbox|playstation|ps[345]|alexa|echo|apple\s*tv|roku|fire\s*tv|chromecast|nintendo|switch|"
    r"kindle|google\s+home|nest|sonos|pixel",
    _I,
)
DEVICES = (
    r"(?:phones?|pc|laptops?|computers?|desktop|tablet|iphone|ipad|android|ios|mac|macbook|"
    r"tv|smart\s*tv|ps[345]|switch|console|windows(?:\s*\d+)?|samsung(?:\s+\w+)?|"
    r"chromebook|car)"
)
DEVICE_LIST_BEFORE = re.compile(
    rf"\b{DEVICES}\s*(?:,|/|&|\band\b|\bor\b)\s*(?:(?:my|the|an?|on)\s+)*$", _I
)
# ...and where something runs: "watch videos on my Apple TV", "works on my Alexa at home"
ON_DEVICE_BEFORE = re.compile(
    r"\b(?:on|from|through|via|using)\s+(?:my|the|our|an?|his|her|their)\s+(?:\w+\s+)?$", _I
)
DEVICE_LIST_AFTER = re.compile(
    rf"^\s*(?:,|/|&|\band\b|\bor\b)\s*(?:(?:my|the|an?|on)\s+)*{DEVICES}\b", _I
)
# Sign-in providers, and the places people read and search: the patterns below concern these
SIGN_IN_PROVIDER = re.compile(
    r"facebook|fb|twitter|x|google|apple(?:\s*id)?|instagram|microsoft|discord|steam|amazon|"
    r"snapchat|tiktok|github|playstation|psn|xbox",
    _I,
)
READ_PLACE = re.compile(
    r"twitter|x|reddit|facebook|fb|google|instagram|tiktok|youtube|threads|mastodon|bluesky|"
    r"downdetector",
    _I,
)
# How one pays: "pay with PayPal", "buy the membership using my PayPal" (not "PayPal is down")
PAYMENT_PROVIDER = re.compile(
    r"pay\s*pal|apple\s+pay|google\s+pay|venmo|klarna|ideal|cash\s*app|amazon\s+pay", _I
)
PAY_WITH_BEFORE = re.compile(
    r"\b(?:pay|pays|paid|paying|payment|purchase\w*|buy|buying|bought|checkout|check\s+out|"
    r"order\w*|use|using|used)\s+(?:\w+\s+){0,4}?(?:with|using|via|through|thru|by)?\s*"
    r"(?:(?:my|your|a|an|the)\s+)?$",
    _I,
)
# The account linked for sign-in ("linked to my Facebook account", "connect to Facebook",
# "disconnect it from FB", "sign up with Facebook"), only without a failure in the clause:
# "can't connect to Facebook" is a problem
LINKED_BEFORE = re.compile(
    r"\b(?:un|dis|re)?(?:link|connect)(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?"
    r"(?:to|with|w/|w|from|through|via|using)\s*(?<=\s|/)(?:(?:my|your|the|an?|old|same)\s+)*$"
    r"|\b(?:sign(?:ed|ing)?\s+up|signup|creat(?:e|ed|ing)\s+(?:\w+\s+){0,2})\s*"
    r"(?:with|w/|w|from|through|via|using)\s*(?<=\s|/)(?:(?:my|your|the|an?)\s+)*$",
    _I,
)
LINKED_AFTER = re.compile(
    r"^\s*(?:-?\s*(?:connected|linked)|(?:account|profile)\s+(?:is\s+|was\s+)?(?:linked|connected))\b",
    _I,
)
# Where something was read, searched or said: "Searching Twitter", "people on Reddit say", "a
# Google search turns up"
SEEN_BEFORE = re.compile(
    r"\b(?:search(?:ed|ing)?|googl(?:ed|ing))\s+(?:(?:on|in|through)\s+)?(?:the\s+)?$"
    r"|\b(?:search(?:ed|ing)?|check(?:ed|ing)?|look(?:ed|ing)?|found|read|saw|seen|people|"
    r"others|everyone|users|folks|reported|reporting)\s+(?:\w+\s+){0,3}?"
    r"(?:on|at|in|via|through|from)\s+(?:the\s+)?$"
    # ...or where one talks to someone: "please help on Twitter", "@ you guys on twitter",
    # "exchange a few messages on Twitter"
    r"|(?:\bhelp|\bsupport|\bsupported|\brepl(?:y|ies|ied)|\brespon\w*|\bmessages?|\bdms?|"
    r"\bcontact\w*|\btalk\w*|\bchat\w*|@)\s+(?:\w+\s+){0,4}?(?:on|via|over|through)\s+$",
    _I,
)
SEEN_AFTER = re.compile(
    r"^\s*(?:search(?:es|ed|ing)?|results?)\b"
    # ...or full of others saying so: "twitter is full of people saying the same", "reddit's
    # flooded with posts about it" (attr-55)
    r"|^\s*(?:is|'s|are|est[áa]|est|ist|é|è)\s+(?:(?:already|just|literally|todo)\s+)?(?:full\s+of|flooded\s+with|"
    r"filled\s+with|blowing\s+up\s+with|lit\s+up\s+with|lleno\s+de|cheio\s+de|plein\s+de|"
    r"voll\s+(?:von|mit))\s+(?:\w+\s+)?(?:people|folks|users|posts|tweets|complaints|reports|"
    r"others|gente|pessoas|gens|leuten|leute)\b",
    _I,
)
# ...where one went to find out about another's failure: "came to Twitter to see if Discord
# is down", "had to come to Reddit to ask what's going on" (not "went to YouTube to see the
# new video", nor "came to twitter to complain … and the timeline won't refresh": what one
# went there to do, and then it failed)
VISIT_BEFORE = re.compile(
    r"\b(?:came|come|coming|went|go|going|ran|run|hopped|hop|jumped|headed|rushed)\s+"
    r"(?:back\s+|straight\s+)?(?:on\s*to|on|to|over\s+to|into)\s+(?:the\s+)?$",
    _I,
)
VISIT_AFTER = re.compile(
    r"^\s*(?:just\s+)?to\s+(?:(?:see|check|find\s+out|confirm|make\s+sure)\s+(?:if|whether)|"
    r"ask\s+(?:if|whether|what|why|anyone|everyone|around))\b",
    _I,
)
# ...or others there have the same: "apparently on Reddit a bunch of people have the same
# thing", "on Twitter everyone is saying it's down too" (not "on Instagram people can't post",
# "On TikTok users report the For You page is blank", "everyone is having the same login
# loop": the site's own failure)
ON_BEFORE = re.compile(r"\b(?:on|over\s+on)\s+(?:the\s+)?$", _I)
PEOPLE_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:a\s+(?:bunch|lot|ton|few)|lots|loads|plenty)\s+of\s+|many\s+|some\s+|"
    r"other\s+)?(?:people|folks|users|everyone|everybody|others)\s+(?:(?:are|is|were|also|all|"
    r"seem\s+to)\s+)*(?:have|has|having|got|get|getting|report\w*|say\w*|confirm\w*|"
    r"complain\w*|mention\w*)\s+(?:the\s+same(?:\s+(?:thing|issue|problem|error))?(?!\s+\w)|"
    r"it\s+too|(?:that\s+)?it'?s\s+(?:down|out|broken)\s+(?:too|as\s+well))",
    _I,
)
# ...then the site itself failing in the same sentence ("and the timeline won't refresh")
FAILS_THEN = re.compile(
    r"\b(?:and|but|yet|then)\b[^.!?\n]*\b(?:can'?t|cant|cannot|won'?t|couldn'?t|doesn'?t|"
    r"isn'?t|not|crash\w*|blank|spinning|stuck|frozen|logged\s+me\s+out|captcha|loop|errors?|"
    r"down|broken|fail\w*)\b",
    _I,
)
# ...or the account one talks from or to ("change your Twitter handle", "your other Twitter
# feed"), unless a failure follows in the clause ("my Twitter feed won't load")
CHANNEL_AFTER = re.compile(r"^\s*(?:handles?|feeds?|dms?)\b", _I)
FAILURE_LEFT = re.compile(
    r"\b(?:can'?t|cant|cannot|won'?t|couldn'?t|doesn'?t|didn'?t|isn'?t|unable|not|no\s+longer|"
    r"fail\w*|errors?|down|crash\w*|problems?|issues?|trouble)\b",
    _I,
)
# An app store as where the app came from: "the latest version on the App Store"
STORE = re.compile(r"app\s+store|(?:google\s+)?play(?:\s+store)?", _I)
STORE_BEFORE = re.compile(
    r"\b(?:version|latest|update\w*|download\w*|install\w*|reinstall\w*|review\w*|rating\w*)\b"
    r"[^.!?\n]{0,30}\b(?:on|in|from|via|through|at)\s+(?:the\s+)?(?:google\s+)?$",
    _I,
)
# ...or where the version was checked: "Google Play says I'm on the latest version", "laut
# Google Play ist es die aktuellste Version", "según la App Store está en la última versión"
# (not "no updates will download", "aktuell lädt keine App", "says up to date, yet it won't
# let me download": the store's own failure)
_NEWEST = (
    r"latest(?:\s+version)?|newest\s+version|up\s*-?\s*to\s*-?\s*date|most\s+recent\s+version|"
    r"aktuellste|neueste\s+version|derni[èe]re\s+version|[úu]ltima\s+versi[óo]n|"
    r"ultima\s+versione"
)
STORE_SAYS_AFTER = re.compile(
    rf"^\s*(?:says?|shows?|tells?\s+me|claims?|sagt|dit|dice|diz)\b[^.!?\n]{{0,40}}?"
    rf"\b(?:{_NEWEST})\b",
    _I,
)
STORE_SAYS_BEFORE = re.compile(
    r"\b(?:laut|according\s+to|selon|seg[úu]n|secondo|segundo)\s+"
    r"(?:the\s+|dem\s+|la\s+|el\s+|a\s+|o\s+|le\s+)?$",
    _I,
)
STORE_NEWEST_AFTER = re.compile(rf"^[^.!?\n]{{0,40}}?\b(?:{_NEWEST})\b", _I)
# A mail service as the kind of address ("verify my gmail addy", "a recovery gmail", "name AT
# gmail"): the address, not the service, unless a failure is in the clause
MAIL_NAME = re.compile(r"g\s*mail|hotmail|outlook|yahoo(?:\s+mail)?|proton\s*mail|aol", _I)
MAIL_ADDRESS_AFTER = re.compile(r"^\s*(?:e-?mail\s+)?(?:address\w*|adress\w*|addy|id)\b", _I)
MAIL_ADDRESS_BEFORE = re.compile(r"(?:\bat|\brecovery|\bbackup|\balternate)\s+$", _I)
# A service named as what one meant to do while the connection is what failed: "home to
# watch some Netflix and wi fi is down", "can't play Fortnite, internet keeps dropping".
# During an ISP outage such posts are about the ISP, not the app.
ACTIVITY_BEFORE = re.compile(
    r"\b(?:watch|watching|stream|streaming|play|playing|listen\s+to|listening\s+to|binge|"
    r"binging)\s+(?:some\s+|a\s+bit\s+of\s+|my\s+|on\s+)?$",
    _I,
)
CONNECTION_FAILED = re.compile(
    r"\b(?:wi-?\s?fi|internet|broadband|connection|router|signal|network|power)\s+"
    r"(?:is\s+|was\s+|has\s+|keeps\s+|just\s+|went\s+)*(?:down|out|dropp\w*|died|dead|gone|"
    r"cut|not\s+working|off)\b"
    r"|\b(?:no|lost|losing)\s+(?:wi-?\s?fi|internet|connection|signal|service|power)\b",
    _I,
)
CLAUSE_START = re.compile(r"^\W*$")  # the clause starts with the name: "Netflix, why ..."
