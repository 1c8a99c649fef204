"""The simulated world's fixed facts: services, countries, authors and the outage plan.

Service slugs are the real catalog's (outagewatch/data/services.yaml) so that the demo
exercises the real attribution stage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class SimService:
    slug: str
    name: str
    category: str
    weight: float  # relative popularity: share of background volume
    markets: tuple[str, ...] = ()  # empty = global
    variants: tuple[str, ...] = ()  # other ways people write it (misspellings, nicknames)
    tag: str = ""
    handle: str = ""
    domain: str = ""
    complaint_tags: tuple[str, ...] = ()  # the hashtags people add when it is broken


# Hashtags people use for outages where they are not simply "<name>down" (as in the catalog).
COMPLAINT_TAGS = {
    "orange-fr": ("orangepanne", "pannedorange"),
    "deutsche-telekom": ("telekomstörung", "telekomausfall"),
    "movistar": ("movistarcaido", "caidamovistar"),
    "vivo": ("vivofora", "vivocaiu"),
    "ntt-docomo": ("ドコモ障害", "docomo障害"),
    "telcel": ("telcelcaido", "sinseñaltelcel"),
    "nubank": ("nubankfora", "nubankcaiu"),
    "instagram": ("instagramdown", "instadown"),
    "playstation-network": ("psndown",),
    "chatgpt": ("chatgptdown", "openaidown"),
    "comcast-xfinity": ("xfinitydown", "comcastdown"),
    "vodafone-uk": ("vodafonedown",),
    "jio": ("jiodown", "jionetworkdown"),
    "x": ("twitterdown", "xdown"),
    "microsoft-teams": ("teamsdown", "msteamsdown"),
    "outlook": ("outlookdown", "hotmaildown"),
    "apple": ("appledown", "appstoredown", "applepaydown"),
    "xbox-live": ("xboxlivedown", "xboxdown"),
    "bt": ("btdown", "btoutage"),
}


def _svc(slug, name, category, weight, markets=(), variants=(), domain="") -> SimService:
    tag = name.lower().replace(" ", "").replace("+", "plus")
    return SimService(
        slug,
        name,
        category,
        weight,
        tuple(markets),
        tuple(variants),
        tag,
        tag.capitalize(),
        domain or f"{tag}.com",
        COMPLAINT_TAGS.get(slug, (f"{tag}down", f"{tag}outage")),
    )


SERVICES: tuple[SimService, ...] = (
    _svc("spotify", "Spotify", "streaming", 1.0, variants=("spotfy", "Spotify app", "spoti")),
    _svc("netflix", "Netflix", "streaming", 1.0, variants=("netflx", "NFLX", "Netflix app")),
    _svc("youtube", "YouTube", "streaming", 1.3, variants=("yt", "Youtube", "youtub")),
    _svc("disney-plus", "Disney+", "streaming", 0.35, variants=("Disney Plus", "disneyplus")),
    _svc("twitch", "Twitch", "streaming", 0.45, variants=("twitch.tv", "twich")),
    _svc("instagram", "Instagram", "social", 1.0, variants=("insta", "IG", "instagramm")),
    _svc("reddit", "Reddit", "social", 0.5, variants=("reddit.com",)),
    _svc(
        "whatsapp", "WhatsApp", "messaging", 1.1, variants=("whatsap", "WA", "zap", "whatsapp web")
    ),
    _svc("discord", "Discord", "messaging", 0.6, variants=("discord app", "dc")),
    _svc("telegram", "Telegram", "messaging", 0.35, variants=("TG", "telegramm")),
    _svc("slack", "Slack", "productivity", 0.45, variants=("slack app",)),
    _svc("zoom", "Zoom", "productivity", 0.3, variants=("Zoom app", "zoom.us"), domain="zoom.us"),
    _svc(
        "aws",
        "AWS",
        "cloud",
        0.3,
        variants=("Amazon Web Services", "us-east-1"),
        domain="aws.amazon.com",
    ),
    _svc("cloudflare", "Cloudflare", "cdn", 0.25, variants=("CF", "cloudfare")),
    _svc("github", "GitHub", "devtools", 0.4, variants=("Github", "gh")),
    _svc(
        "chatgpt",
        "ChatGPT",
        "ai",
        0.7,
        variants=("chat gpt", "chatgtp", "GPT"),
        domain="chatgpt.com",
    ),
    _svc("steam", "Steam", "gaming", 0.5, variants=("steam store",), domain="steampowered.com"),
    _svc(
        "playstation-network",
        "PlayStation Network",
        "gaming",
        0.4,
        variants=("PSN", "psn", "PS Network"),
        domain="playstation.com",
    ),
    _svc("roblox", "Roblox", "gaming", 0.4, variants=("roblox app", "robloxx")),
    _svc("paypal", "PayPal", "payments", 0.35, variants=("paypall", "Paypal")),
    _svc("chase", "Chase", "banking", 0.25, ("US",), ("Chase app", "chase bank")),
    _svc("monzo", "Monzo", "banking", 0.2, ("GB",), ("monzo app",)),
    _svc(
        "nubank", "Nubank", "banking", 0.35, ("BR", "MX"), ("nu", "Nu", "roxinho"), "nubank.com.br"
    ),
    _svc("comcast-xfinity", "Xfinity", "isp_telco", 0.3, ("US",), ("Comcast", "comcast xfinity")),
    _svc(
        "vodafone-uk",
        "Vodafone",
        "isp_telco",
        0.25,
        ("GB",),
        ("vodafone uk", "voda"),
        "vodafone.co.uk",
    ),
    _svc(
        "orange-fr",
        "Orange",
        "isp_telco",
        0.3,
        ("FR",),
        ("Orange France", "Livebox", "orange.fr"),
        "orange.fr",
    ),
    _svc(
        "deutsche-telekom",
        "Telekom",
        "isp_telco",
        0.35,
        ("DE",),
        ("Deutsche Telekom", "T-Mobile", "Telekom Hilft"),
        "telekom.de",
    ),
    _svc(
        "movistar",
        "Movistar",
        "isp_telco",
        0.3,
        ("ES", "MX"),
        ("movistar+", "Telefónica"),
        "movistar.es",
    ),
    _svc("vivo", "Vivo", "isp_telco", 0.3, ("BR",), ("vivo fibra", "Vivo internet"), "vivo.com.br"),
    _svc(
        "ntt-docomo",
        "docomo",
        "isp_telco",
        0.3,
        ("JP",),
        ("ドコモ", "NTTドコモ", "docomo回線"),
        "docomo.ne.jp",
    ),
    _svc("jio", "Jio", "isp_telco", 0.3, ("IN",), ("JioFiber", "reliance jio"), "jio.com"),
    _svc("telcel", "Telcel", "isp_telco", 0.25, ("MX",), ("telcel red",), "telcel.com"),
    _svc("verizon", "Verizon", "isp_telco", 0.25, ("US",), ("Fios", "verizon wireless")),
    _svc("bt", "BT", "isp_telco", 0.25, ("GB",), ("BT Broadband", "bt broadband"), "bt.com"),
    _svc("revolut", "Revolut", "banking", 0.3, ("GB", "DE", "FR", "ES", "IT"), ("revolut app",)),
    _svc("amazon", "Amazon", "ecommerce", 0.5, variants=("Amazon app", "amazon.com", "Prime")),
    _svc("apple", "Apple", "other", 0.5, variants=("App Store", "Apple ID", "Apple Pay")),
    _svc("x", "X", "social", 0.6, variants=("Twitter", "twitter", "x.com"), domain="x.com"),
    _svc("tiktok", "TikTok", "social", 0.6, variants=("tik tok", "Tiktok")),
    _svc(
        "outlook",
        "Outlook",
        "email",
        0.3,
        variants=("Hotmail", "outlook.com"),
        domain="outlook.com",
    ),
    _svc("microsoft-teams", "Teams", "productivity", 0.3, variants=("MS Teams", "Microsoft Teams")),
    _svc(
        "xbox-live",
        "Xbox Live",
        "gaming",
        0.3,
        variants=("Xbox", "xbox network"),
        domain="xbox.com",
    ),
)

CATEGORY_SYMPTOMS: dict[str, list[str]] = {
    "streaming": ["playback_streaming", "login", "app_crash", "website_down"],
    "social": ["upload_posting", "login", "app_crash", "website_down", "slow_performance"],
    "messaging": ["messages_notifications", "login", "app_crash"],
    "productivity": ["login", "website_down", "messages_notifications"],
    "cloud": ["website_down", "slow_performance"],
    "cdn": ["website_down", "slow_performance"],
    "devtools": ["website_down", "slow_performance", "login"],
    "ai": ["website_down", "slow_performance", "login"],
    "gaming": ["login", "website_down", "slow_performance"],
    "payments": ["payments_outage", "login", "app_crash"],
    "banking": ["payments_outage", "login", "app_crash", "account_locked"],
    "isp_telco": ["connectivity", "slow_performance"],
    "ecommerce": ["website_down", "login", "payments_outage", "app_crash"],
    "email": ["login", "messages_notifications", "website_down"],
    "other": ["login", "website_down", "payments_outage"],
}

# Local-hour activity (0..23): low at night, peak in the evening.
HOUR_WEIGHTS = (
    0.35,
    0.25,
    0.18,
    0.14,
    0.13,
    0.17,
    0.3,
    0.55,
    0.8,
    0.9,
    0.95,
    1.0,
    1.05,
    1.0,
    0.95,
    0.95,
    1.0,
    1.1,
    1.25,
    1.4,
    1.5,
    1.45,
    1.1,
    0.65,
)

COUNTRIES: dict[str, dict] = {
    "US": {
        "tz": -5,
        "share": 0.26,
        "langs": {"en": 0.93, "es": 0.07},
        "cities": ["New York", "Chicago", "Austin", "Seattle", "LA", "Boston", "Denver"],
        "locations": [
            "New York",
            "NYC",
            "Brooklyn, NY",
            "Chicago, IL",
            "Austin TX",
            "Seattle",
            "Los Angeles, CA",
            "somewhere in Texas",
            "Portland, Oregon",
            "USA",
        ],
    },
    "GB": {
        "tz": 0,
        "share": 0.12,
        "langs": {"en": 1.0},
        "cities": ["London", "Manchester", "Leeds", "Glasgow", "Bristol", "Cardiff"],
        "locations": [
            "London",
            "London UK",
            "Manchester",
            "Leeds, England",
            "Glasgow, Scotland",
            "UK",
        ],
    },
    "DE": {
        "tz": 1,
        "share": 0.12,
        "langs": {"de": 0.85, "en": 0.15},
        "cities": ["Berlin", "München", "Hamburg", "Köln", "Leipzig", "Frankfurt"],
        "locations": ["Berlin", "München", "Hamburg, Germany", "Köln", "Leipzig", "Deutschland"],
    },
    "FR": {
        "tz": 1,
        "share": 0.09,
        "langs": {"fr": 0.92, "en": 0.08},
        "cities": ["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Nantes"],
        "locations": ["Paris", "Lyon", "Marseille", "Toulouse, France", "Bordeaux", "France 🇫🇷"],
    },
    "ES": {
        "tz": 1,
        "share": 0.07,
        "langs": {"es": 0.92, "en": 0.08},
        "cities": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"],
        "locations": ["Madrid", "Barcelona", "Valencia, España", "Sevilla", "España"],
    },
    "BR": {
        "tz": -3,
        "share": 0.09,
        "langs": {"pt": 0.95, "en": 0.05},
        "cities": ["São Paulo", "Rio", "Belo Horizonte", "Recife", "Porto Alegre", "Curitiba"],
        "locations": [
            "São Paulo, Brasil",
            "Rio de Janeiro",
            "Belo Horizonte - MG",
            "Recife",
            "Porto Alegre, RS",
            "Brasil",
            "SP",
        ],
    },
    "JP": {
        "tz": 9,
        "share": 0.1,
        "langs": {"ja": 0.94, "en": 0.06},
        "cities": ["東京", "大阪", "横浜", "名古屋", "福岡", "札幌"],
        "locations": ["東京", "Tokyo, Japan", "大阪", "横浜", "Kyoto", "日本", "名古屋"],
    },
    "IN": {
        "tz": 5.5,
        "share": 0.05,
        "langs": {"en": 1.0},
        "cities": ["Mumbai", "Bengaluru", "Delhi", "Chennai", "Hyderabad", "Pune"],
        "locations": ["Mumbai", "Bengaluru", "Delhi, India", "Chennai", "Hyderabad", "Pune, India"],
    },
    "MX": {
        "tz": -6,
        "share": 0.05,
        "langs": {"es": 0.97, "en": 0.03},
        "cities": ["CDMX", "Guadalajara", "Monterrey", "Puebla", "Mérida"],
        "locations": ["CDMX", "Ciudad de México", "Guadalajara, Jalisco", "Monterrey", "México"],
    },
    "IT": {
        "tz": 1,
        "share": 0.03,
        "langs": {"it": 0.8, "en": 0.2},
        "cities": ["Roma", "Milano", "Torino", "Napoli"],
        "locations": ["Roma", "Milano", "Torino, Italia"],
    },
    "NL": {
        "tz": 1,
        "share": 0.02,
        "langs": {"nl": 0.6, "en": 0.4},
        "cities": ["Amsterdam", "Rotterdam", "Utrecht"],
        "locations": ["Amsterdam", "Rotterdam", "Utrecht, NL"],
    },
}
JUNK_LOCATIONS = ["the internet", "she/her", "🌍", "Earth", "in my head", "Fediverse", "wherever"]
NAMES = {
    "en": [
        "alex",
        "sam",
        "jordan",
        "chris",
        "katie",
        "mike",
        "priya",
        "raj",
        "emma",
        "liam",
        "olivia",
        "noah",
        "jess",
        "dan",
        "tom",
        "amy",
        "zoe",
        "ben",
    ],
    "de": ["lena", "jonas", "felix", "anna", "max", "sophie", "lukas", "mia", "tobi"],
    "fr": ["camille", "lucas", "manon", "hugo", "chloe", "theo", "lea", "julien"],
    "es": ["lucia", "pablo", "sofia", "javi", "carmen", "diego", "vale", "ale", "nacho"],
    "pt": ["joao", "ana", "pedro", "bia", "lucas", "gabi", "rafa", "mari", "thiago"],
    "ja": ["yuki", "haruto", "sakura", "ren", "aoi", "kenta", "mika", "sora"],
    "it": ["giulia", "marco", "fra", "luca"],
    "nl": ["daan", "sanne", "lotte", "joris"],
}
WORDS = [
    "coffee",
    "pixel",
    "night",
    "owl",
    "retro",
    "cat",
    "dev",
    "gamer",
    "moon",
    "sky",
    "fox",
    "tea",
    "vinyl",
    "byte",
    "wave",
    "cloud",
    "punk",
    "dust",
]
INSTANCES = {
    "US": ["mastodon.social", "hachyderm.io"],
    "GB": ["mastodon.online", "mastodon.scot"],
    "DE": ["chaos.social", "norden.social"],
    "FR": ["piaille.fr", "mamot.fr"],
    "ES": ["masto.es"],
    "BR": ["bolha.us", "mastodon.com.br"],
    "JP": ["mstdn.jp", "fedibird.com"],
    "IN": ["mastodon.social"],
    "MX": ["mstdn.mx"],
    "IT": ["mastodon.uno"],
    "NL": ["mastodon.nl"],
}
LOCAL_INSTANCE = "social.example"


def author_pool(rng: random.Random, scale: float) -> dict[str, list[dict]]:
    """A stable set of authors per country, with varied handles and profile locations."""
    pools: dict[str, list[dict]] = {}
    seen: set[str] = set()
    for cc, info in COUNTRIES.items():
        lang = max(info["langs"], key=info["langs"].get)
        names = NAMES.get(lang, NAMES["en"])
        pool = []
        for _ in range(max(30, int(4000 * info["share"] * max(scale, 0.25)))):
            a, b = rng.choice(names), rng.choice(WORDS)
            form = rng.random()
            if form < 0.3:
                handle = f"{a}{b}"
            elif form < 0.5:
                handle = f"{a}_{rng.randint(1, 99)}"
            elif form < 0.65:
                handle = f"{b}{a}{rng.randint(70, 2005)}"
            elif form < 0.75:
                handle = f"user{rng.randint(100, 99999)}"
            else:
                handle = f"{a}_{b}_{rng.choice(['', 'x', 'z', 'o'])}{rng.randint(0, 9)}"
            if handle in seen:
                continue
            seen.add(handle)
            r = rng.random()
            loc = (
                rng.choice(info["locations"])
                if r < 0.5
                else rng.choice(JUNK_LOCATIONS)
                if r < 0.58
                else None
            )
            inst = LOCAL_INSTANCE if rng.random() < 0.4 else rng.choice(INSTANCES[cc])
            pool.append({"handle": handle, "location": loc, "instance": inst})
        pools[cc] = pool
    return pools
