"""Hand-written post templates for the simulated world, in several languages.

Placeholders: ``{s}`` service name as a person writes it, ``{p}`` an optional place cue
(" here in Madrid", may be empty), ``{n}`` a small number, ``{f}`` a feature name.
The texts are meant to read like real posts, not like classifier training data: the
complaints are often vague, the praise sometimes sarcastic, the questions sometimes about
problems that are not outages.
"""

from __future__ import annotations

# Outage complaints by symptom; each language need not have every symptom ("generic" is the
# fallback). Keep several phrasings per cell so that no single keyword catches them all.
COMPLAINTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "login": [
            "can't log into {s}{p}, keeps saying 'something went wrong'",
            "{s} logged me out and now won't let me back in. password is right, I checked 3 times",
            "anyone else stuck on the {s} sign in screen?{p}",
            "{s} login just spins forever",
            "tried resetting my password on {s}, the reset email never comes and login still fails",
        ],
        "app_crash": [
            "{s} app crashes the second I open it{p}",
            "my {s} keeps closing itself, reinstalled twice, same thing",
            "{s} on android: open, white screen, gone. every time",
            "ok so {s} just force-closes now?? great",
        ],
        "playback_streaming": [
            "{s} won't play anything{p}, just the loading circle",
            "every song on {s} skips after 2 seconds. what is going on",
            "{s} buffering every 30 seconds, my internet is fine",
            "'playback error' on {s} for literally every title",
            "{s} stream keeps dropping to potato quality then stopping",
        ],
        "website_down": [
            "is {s} down?{p}",
            "{s} is down for me{p}. 502 on everything",
            "{s} not loading at all, just a blank page",
            "{s} down again?? second time this month",
            "getting 'service unavailable' from {s}{p}",
            "{s} is completely dead rn",
        ],
        "connectivity": [
            "no internet{p} since about {n} mins ago, {s} router lights all red",
            "{s} down{p}? no signal, no data, nothing",
            "my {s} connection keeps dropping every few minutes",
            "{s} broadband out again. working from a cafe hotspot like a caveman",
            "lost mobile data on {s}{p}, calls also failing",
        ],
        "messages_notifications": [
            "{s} messages not sending{p}, just the clock icon",
            "not getting any {s} notifications for the last hour",
            "{s} messages stuck on one tick. is it just me?",
            "messages on {s} arrive like 20 min late today",
        ],
        "upload_posting": [
            "can't post anything on {s}{p}, 'try again later'",
            "{s} upload stuck at 99% for the third time",
            "stories won't upload on {s}, tried wifi and 4g",
            "{s} won't let me share anything, just errors",
        ],
        "slow_performance": [
            "{s} is sooo slow today{p}",
            "{s} taking forever to load anything, everything times out",
            "why is {s} crawling right now",
        ],
        "account_locked": [
            "{s} locked my account out of nowhere and the unlock link doesn't work",
            "{s} says my account is suspended?? I did nothing",
        ],
        "payments_outage": [
            "card payments through {s} failing{p}, tried 3 times at the shop",
            "{s} app won't open and I can't pay for anything{p}",
            "{s} transfers stuck on 'processing' for an hour",
        ],
    },
    "es": {
        "login": [
            "no puedo entrar en {s}{p}, me dice que hay un error",
            "{s} me cerró la sesión y ahora no me deja volver a entrar",
        ],
        "app_crash": [
            "la app de {s} se cierra sola al abrirla{p}",
            "{s} se cuelga todo el rato, ya la reinstalé",
        ],
        "playback_streaming": [
            "{s} no reproduce nada{p}, solo la ruedita de carga",
            "se corta {s} cada dos por tres, y mi internet va bien",
        ],
        "website_down": [
            "¿se cayó {s}?{p}",
            "{s} caído{p}?? no carga nada",
            "a alguien más le falla {s}? error 500",
            "{s} no funciona{p} 😩",
        ],
        "connectivity": [
            "sin internet{p} desde hace {n} minutos, {s} otra vez",
            "{s} sin cobertura ni datos{p}, ¿a alguien más le pasa?",
            "se me va la fibra de {s} cada rato",
        ],
        "messages_notifications": [
            "los mensajes de {s} no se envían{p}",
            "no me llegan notificaciones de {s} desde la mañana",
        ],
        "upload_posting": [
            "no puedo subir nada a {s}{p}",
            "{s} no me deja publicar, dice 'inténtalo más tarde'",
        ],
        "slow_performance": ["{s} va lentísimo hoy{p}"],
        "payments_outage": ["no me deja pagar con {s}{p}, la tarjeta rechazada en todas partes"],
    },
    "fr": {
        "login": [
            "impossible de me connecter à {s}{p}",
            "{s} m'a déconnecté et refuse mon mot de passe, alors qu'il est bon",
        ],
        "app_crash": [
            "l'appli {s} plante dès que je l'ouvre{p}",
            "{s} crash en boucle depuis ce matin",
        ],
        "playback_streaming": [
            "{s} ne lit plus rien{p}, écran noir",
            "ça coupe toutes les 30 secondes sur {s}, c'est insupportable",
        ],
        "website_down": [
            "{s} est en panne ?{p}",
            "{s} down{p} ? ça charge dans le vide",
            "y a que moi chez qui {s} marche pas ?",
        ],
        "connectivity": [
            "plus d'internet{p} depuis {n} minutes, merci {s} 🙄",
            "panne {s}{p} ? box qui clignote rouge, pas de réseau",
            "{s} coupé chez moi, ni fibre ni 4G",
        ],
        "messages_notifications": ["mes messages {s} ne partent pas{p}"],
        "upload_posting": ["impossible de publier sur {s}{p}, erreur à chaque fois"],
        "slow_performance": ["{s} rame à mort ce soir{p}"],
        "payments_outage": ["paiement refusé avec {s}{p}, l'appli ne répond plus"],
    },
    "de": {
        "login": [
            "kann mich bei {s} nicht mehr anmelden{p}",
            "{s} hat mich ausgeloggt und jetzt geht der Login nicht mehr",
        ],
        "app_crash": [
            "die {s} App stürzt beim Start ab{p}",
            "{s} schließt sich ständig von selbst, nervig",
        ],
        "playback_streaming": [
            "{s} spielt nichts mehr ab{p}, nur Ladekreis",
            "{s} ruckelt und bricht dauernd ab",
        ],
        "website_down": [
            "ist {s} down?{p}",
            "{s} geht gerade nicht{p}, Fehler 503",
            "Störung bei {s}? Bei mir lädt nichts",
        ],
        "connectivity": [
            "kein Internet{p} seit {n} Minuten, {s} mal wieder",
            "{s} Störung{p}? Router blinkt, kein Netz",
            "Mobilfunk von {s} komplett weg, nicht mal telefonieren geht",
        ],
        "messages_notifications": ["Nachrichten bei {s} werden nicht zugestellt{p}"],
        "upload_posting": ["kann auf {s} nichts hochladen{p}"],
        "slow_performance": ["{s} ist heute extrem langsam{p}"],
        "payments_outage": ["Kartenzahlung über {s} klappt nicht{p}, App hängt"],
    },
    "pt": {
        "login": [
            "não consigo entrar no {s}{p}",
            "o {s} me deslogou e agora não aceita minha senha",
            "alguém mais sem conseguir logar no {s}?",
        ],
        "app_crash": ["o app do {s} fecha sozinho{p}", "{s} travando toda hora, já reinstalei"],
        "playback_streaming": [
            "{s} não carrega nenhum vídeo{p}",
            "{s} fica só rodando e não toca nada",
            "{s} com erro de reprodução em tudo",
        ],
        "website_down": ["o {s} caiu?{p}", "{s} fora do ar{p}", "{s} não abre de jeito nenhum"],
        "connectivity": [
            "sem internet{p} faz {n} minutos, {s} de novo",
            "{s} sem sinal{p}, nem 4G nem wifi",
        ],
        "messages_notifications": ["mensagens do {s} não estão sendo enviadas{p}"],
        "upload_posting": ["não consigo postar nada no {s}{p}"],
        "slow_performance": ["{s} lento demais hoje{p}"],
        "payments_outage": [
            "o {s} não abre e não consigo fazer pix{p}",
            "pix pelo {s} não vai de jeito nenhum{p}",
            "cartão do {s} recusado em tudo hoje",
        ],
    },
    "ja": {
        "login": ["{p}{s}にログインできない", "{s}ログインできないんだけど私だけ？"],
        "app_crash": ["{s}のアプリが起動してすぐ落ちる", "{s}アプリ落ちまくる{p}"],
        "playback_streaming": [
            "{p}{s}が再生できない、ずっと読み込み中",
            "{s}で動画が止まる。回線は問題ないのに",
            "{s}、再生エラーばっかり",
        ],
        "website_down": ["{s}落ちてる？", "{p}{s}繋がらない", "{s}障害？全然開かない"],
        "connectivity": [
            "{p}{s}の回線が繋がらない、{n}分くらい",
            "{s}圏外になってる{p}",
            "{s}通信障害？データ通信できない",
        ],
        "messages_notifications": ["{s}のメッセージが送れない"],
        "upload_posting": ["{s}に投稿できない{p}"],
        "slow_performance": ["{s}重すぎる{p}"],
        "payments_outage": ["{s}で支払いできない{p}"],
    },
    "it": {
        "website_down": ["{s} non funziona{p}?", "anche a voi {s} è giù?"],
        "connectivity": ["senza internet{p} da {n} minuti, grazie {s}"],
    },
    "nl": {"website_down": ["ligt {s} eruit?{p}", "{s} doet het niet{p}"]},
}

# Place cues by language; {c} is a city name. Sometimes the city is the only geo evidence.
PLACE_CUES: dict[str, list[str]] = {
    "en": [" here in {c}", " in {c}", " ({c})", " over here in {c}"],
    "es": [" aquí en {c}", " en {c}", " acá en {c}"],
    "fr": [" ici à {c}", " à {c}", " sur {c}"],
    "de": [" hier in {c}", " in {c}", " bei uns in {c}"],
    "pt": [" aqui em {c}", " em {c}", " aqui no {c}"],
    "ja": ["{c}で", "{c}だけど", "{c}、"],
    "it": [" qui a {c}", " a {c}"],
    "nl": [" hier in {c}", " in {c}"],
}

# Background: praise, questions (not about outages), jokes, billing/policy gripes, neutral
# mentions. A "[cat,cat]" prefix limits a template to those service categories.
BACKGROUND: dict[str, dict[str, list[str]]] = {
    "en": {
        "praise": [
            "honestly {s} has been rock solid for me lately",
            "shoutout to {s} support, sorted my issue in 5 minutes",
            "the new {s} update is smooth, nice",
            "[streaming]{s} recommendations finally getting good",
            "[streaming,isp_telco]love that {s} just works on the train now",
            "[banking,payments]{s} instant notifications are so handy when splitting bills",
            "[isp_telco]switched to {s} fibre last month, speeds are actually what they promised",
            "[cloud,cdn,devtools]migrated our stack to {s}, zero regrets so far",
            "[gaming]{s} sale this weekend is dangerous for my wallet",
        ],
        "question": [
            "how do I change the language in {s}?",
            "is there a way to export my data from {s}?",
            "[streaming,social,ai,gaming,productivity]does {s} have a student plan?",
            "[streaming]anyone know if {s} works on the new tvs?",
            "[streaming]how do you turn off autoplay on {s}",
            "[social,messaging]how do I stop {s} from suggesting the same people over and over",
            "[banking,payments]does {s} charge fees for sending money abroad?",
            "[isp_telco]is {s} any good for gaming? thinking of switching",
            "[cloud,cdn,devtools]what's the cheapest way to host a static site on {s}?",
            "[ai]what do people actually use {s} for day to day?",
        ],
        "joke": [
            "[streaming]me: I'll sleep early tonight. {s} at 2am: one more?",
            "[streaming,social,messaging,gaming]my relationship with {s} is the longest I've ever had",
            "[streaming,social]{s} knows me better than my mum",
            "[banking,payments]opened {s} to check my balance. closed {s}. we don't talk about it",
            "[cloud,cdn,devtools]our architecture diagram is just the {s} logo and a prayer",
            "[isp_telco]{s} customer service hold music is now my personality",
            "[ai]asked {s} to write my standup update. my manager said it's the best one yet",
            "[productivity,messaging]{s} notification sound lives in my head rent free",
        ],
        "billing": [
            "{s} raised the price AGAIN. cancelling",
            "why did {s} charge me twice this month? support chat is useless",
            "the new {s} terms of service are a joke",
            "[streaming,social]{s} ads every 3 minutes now, not paying for this",
            "[banking,payments]{s} froze a refund for 10 days 'for review'. it's my money",
            "[isp_telco]{s} bill went up 8 euros with no warning. loyalty penalty is real",
        ],
        "neutral": [
            "[streaming]watching old stuff on {s} tonight",
            "[streaming]putting {s} on in the background while cooking",
            "[social,messaging,gaming]just joined {s}, say hi",
            "[streaming]moved my playlists over to {s}",
            "[cloud,cdn,devtools,productivity]reading about how {s} handles scale, interesting stuff",
            "[banking,payments]paid rent through {s} for the first time",
            "[isp_telco]engineer from {s} coming tomorrow to install the new router",
            "[ai]used {s} to plan a week of dinners, surprisingly decent",
            "[productivity,messaging]team moved everything to {s} this week",
            "[gaming]{s} night with the usual crew",
            "[cloud,cdn,devtools]new blog post on deploying with {s}",
            "[ecommerce]ordered a new kettle on {s}, arrives tomorrow apparently",
            "[ecommerce]{s} parcel left at the neighbour's again",
            "[email]inbox zero on {s} for the first time in years",
            "[email]finally set up a filter in {s} for all the newsletters",
            "[other]{s} event tomorrow, anyone watching?",
            "[other]thinking of switching everything to {s}, the ecosystem is too convenient",
            "[social]scrolling {s} instead of sleeping, as usual",
        ],
    },
    "es": {
        "praise": ["me encanta la nueva función de {s}", "{s} va perfecto últimamente"],
        "question": [
            "¿alguien sabe cómo cambiar el plan de {s}?",
            "[streaming]¿qué veis en {s} estos días?",
        ],
        "joke": [
            "[streaming]yo: me duermo temprano. {s} a las 2am: 👀",
            "[isp_telco]la musiquita de espera de {s} ya es parte de mi vida",
        ],
        "billing": ["{s} subió el precio otra vez, qué robo", "me cobraron dos veces en {s}"],
        "neutral": [
            "[streaming]viendo series en {s} con un café ☕",
            "[streaming]escuchando {s} de camino al curro",
            "[banking,payments]pagué la cena con {s}, todo bien",
            "[isp_telco]mañana viene el técnico de {s}",
        ],
    },
    "fr": {
        "praise": ["franchement {s} c'est top en ce moment", "merci {s} pour la nouvelle fonction"],
        "question": [
            "quelqu'un sait comment résilier {s} ?",
            "[streaming]vous regardez quoi sur {s} ce soir ?",
        ],
        "joke": [
            "[streaming]moi à 23h : dodo. moi à 3h : encore un épisode sur {s}",
            "[isp_telco]la musique d'attente de {s}, je la connais par cœur",
        ],
        "billing": ["{s} augmente encore ses prix, je résilie", "prélevé deux fois par {s}, super"],
        "neutral": [
            "[streaming]soirée {s} et plaid",
            "je découvre {s}, pas mal",
            "[isp_telco]nouvelle box {s} installée",
        ],
    },
    "de": {
        "praise": ["{s} läuft bei mir super stabil", "das neue {s} Update gefällt mir"],
        "question": ["weiß jemand, wie man bei {s} den Tarif wechselt?", "lohnt sich {s} noch?"],
        "joke": [
            "[streaming]ich: nur eine Folge. {s}: nächste Folge in 5 Sekunden",
            "[isp_telco]die Warteschleife von {s} kann ich mitsingen",
        ],
        "billing": [
            "{s} schon wieder teurer, reicht jetzt",
            "doppelte Abbuchung von {s}, Hotline nicht erreichbar",
        ],
        "neutral": [
            "[streaming]Sonntag, Regen, {s}",
            "[streaming]höre gerade was Neues auf {s}",
            "[isp_telco]morgen kommt der Techniker von {s}",
        ],
    },
    "pt": {
        "praise": ["o {s} tá muito bom ultimamente", "amei a atualização do {s}"],
        "question": [
            "alguém sabe como mudar o plano do {s}?",
            "[streaming]o que vocês tão vendo no {s}?",
        ],
        "joke": [
            "[streaming]eu: vou dormir cedo. o {s} às 2h: 😏",
            "[banking,payments]abri o {s} pra ver o saldo e fechei rapidinho",
        ],
        "billing": ["o {s} aumentou o preço de novo, absurdo", "cobraram duas vezes no {s}"],
        "neutral": [
            "[streaming]maratonando no {s} hoje",
            "[streaming]ouvindo {s} no ônibus",
            "[banking,payments]fiz um pix pelo {s} agora",
        ],
    },
    "ja": {
        "praise": ["{s}の新機能、けっこう便利", "最近{s}の調子いい"],
        "question": ["{s}の解約ってどこからできる？", "[streaming]{s}で何見てる？"],
        "joke": ["[streaming]あと一話だけ…（{s}で朝になる）"],
        "billing": ["{s}また値上げか…", "{s}の請求が二重になってる"],
        "neutral": [
            "[streaming]{s}で音楽聴きながら作業",
            "[streaming]今夜は{s}でまったり",
            "[isp_telco]{s}の新しいプランに変えた",
        ],
    },
    "it": {
        "neutral": ["[streaming]serata {s} e pizza 🍕"],
        "billing": ["{s} ha alzato di nuovo il prezzo"],
    },
    "nl": {
        "neutral": ["[streaming]lekker {s} kijken vanavond"],
        "praise": ["{s} werkt prima hier"],
    },
}

# Everyday text that contains a service's name without meaning the service.
AMBIGUOUS: dict[str, list[str]] = {
    "en": [
        "made an apple pie from grandma's recipe 🥧",
        "documentary about the Amazon river tonight, the scale of it is unreal",
        "there's real discord between them since the wedding",
        "took a steam train through the highlands, beautiful",
        "fresh orange juice is the best part of a hotel breakfast",
        "an apple a day, they said. now I have 40 apples",
        "the outlook for the weekend is grim, rain all the way",
        "the signal at the crossing was down so traffic was a mess",
        "our team chat went down... because the power went out at the office lol",
        "my telegram from the 1920s family archive is fascinating",
        "this mango smoothie is down there with the worst I've had",
        "the x on the map marks the spot",
        "the river was so high it took down the old bridge",
    ],
    "es": [
        "la selva del Amazonas es impresionante",
        "zumo de naranja y churros, domingo perfecto",
        "mi abuela hace la mejor tarta de manzana del mundo",
        "hay discordia en el grupo de la familia por la cena de navidad",
        "tren de vapor por Asturias, qué paisajes",
        "se fue la señal de la tele justo en el penalti 🙃",
        "la sala de vapor del gimnasio es mi lugar feliz",
        "otro lunes, otro café ☕",
    ],
    "fr": [
        "tarte aux pommes maison, rien de mieux",
        "la discorde règne dans ce groupe",
        "jus d'orange pressé et croissant, la base",
        "documentaire sur l'Amazonie ce soir, magnifique",
        "train à vapeur dans les Cévennes ce week-end 🚂",
        "perspectives météo pour demain : pluie, pluie et pluie",
        "mon chat a encore renversé le café",
    ],
    "de": [
        "Apfelkuchen bei Oma 🍎",
        "Dampflok-Fahrt im Harz, herrlich",
        "frisch gepresster Orangensaft zum Frühstück",
        "Doku über den Amazonas, unglaubliche Bilder",
        "Zwietracht im Verein wegen der Vorstandswahl",
        "der Zug hat mal wieder 20 Minuten Verspätung, Signalstörung",
        "endlich Feierabend",
    ],
    "pt": [
        "o rio Amazonas tá cheio esse ano",
        "torta de maçã da vovó",
        "suco de laranja e pão de queijo, café da manhã perfeito",
        "trem a vapor em Minas, que passeio lindo",
        "discórdia no grupo da família de novo kkkk",
        "acabou a luz aqui no bairro, mas já voltou",
        "segunda-feira chegou rápido demais",
    ],
    "ja": [
        "アップルパイ焼いた🍎",
        "アマゾン川のドキュメンタリー面白い",
        "オレンジジュース飲みながら朝ごはん",
        "SLに乗ってきた、蒸気機関車かっこいい",
        "今日は雨で電車遅れてる",
        "週末はゆっくりしたい",
    ],
}

# Launch chatter: excited posts and questions about something new; not complaints.
LAUNCH: dict[str, list[str]] = {
    "en": [
        "{s} just launched {f} and it's wild",
        "trying the new {f} in {s}, first impressions: wow",
        "is {f} out for everyone on {s} or just the US?",
        "ok {f} on {s} is genuinely impressive",
        "how do I get {f} on {s}? don't see it yet",
        "{s} {f} keynote was something",
        "played with {s} {f} for an hour, my brain hurts (in a good way)",
        "the {s} team shipped {f}, congrats folks 🎉",
        "{f} is now live on {s}!! who's tried it",
        "hot take: {s} {f} is overhyped but still fun",
    ],
    "es": ["¡{s} lanzó {f}! ya lo probé y mola", "¿alguien tiene ya {f} en {s}?"],
    "fr": ["{s} sort {f}, j'ai testé, bluffant", "{f} dispo chez vous sur {s} ?"],
    "de": ["{s} hat {f} rausgebracht, ziemlich cool", "hat jemand schon {f} bei {s}?"],
    "pt": ["o {s} lançou {f}, muito massa", "alguém já tem {f} no {s}?"],
    "ja": ["{s}の{f}すごい", "{s}の{f}もう使えた？"],
}

# Hacker News: stories and comments (English).
HN_STORIES = [
    "Is {s} down?",
    "Ask HN: Is {s} down for anyone else?",
    "{s} outage",
    "{s} is down",
]
HN_BACKGROUND_STORIES = [
    "How {s} scaled its backend to millions of users",
    "Show HN: A tiny CLI for {s}",
    "{s} changes its API pricing",
    "Why we moved off {s}",
    "The engineering behind {s}'s recommendations",
]
HN_COMMENTS = [
    "Same here, {s} has been returning errors for ~{n} minutes.",
    "Down for me too{p}.",
    "Status page still says all systems operational, of course.",
    "Looks like it's coming back for me.",
    "Probably DNS. It's always DNS.",
    "Can confirm{p}, nothing loads.",
]
HN_BACKGROUND_COMMENTS = [
    "I've used {s} for years and never had a problem.",
    "The pricing change is the real story here.",
    "Interesting write-up, thanks for sharing.",
    "We evaluated {s} last year and went with something self-hosted instead.",
    "Does anyone know how this compares to what {s} did before?",
    "The comments here are more interesting than the article, as usual.",
    "Not sure I buy the numbers in this post.",
    "{s} support was surprisingly helpful when we had a billing issue.",
    "This is why I keep backups of everything.",
    "Worked there for a while. The internal tooling is impressive.",
]

# Emoji by mood; a post mostly (not always) uses its own mood's.
EMOJI_NEG = ["😩", "🙄", "😡", "💀", "😭", "🤦", "😤", "🫠", "😑"]
EMOJI_POS = ["🔥", "👍", "😂", "❤️", "🙏", "😅", "🎉", "✨", "😍"]
FILLERS_EN = ["ugh", "lol", "smh", "wtf", "pls", "again??", "great.", "fml", "bruh"]

# Said during an outage but not a plain complaint: jokes, resignation, pointing elsewhere.
OUTAGE_ASIDES: dict[str, list[str]] = {
    "en": [
        "{s} down so I guess I'll go outside and meet the sun 🌞",
        "the {s} outage has forced me to talk to my family. they seem nice",
        "refreshing the {s} status page like it owes me money",
        "everyone running to check if {s} is down, me included",
        "pour one out for the {s} on-call engineers tonight",
    ],
    "es": ["se cae {s} y todos corriendo a Mastodon a confirmarlo 😂"],
    "fr": ["{s} en rade, tout le monde débarque ici pour vérifier 😅"],
    "de": ["{s} down, alle kommen hierher um zu fragen ob {s} down ist 😅"],
    "pt": ["{s} caiu e todo mundo veio aqui confirmar kkkkk"],
    "ja": ["{s}落ちてるからみんなこっちに来てて草"],
}

# Openers people put in front of whatever they say.
OPENERS: dict[str, list[str]] = {
    "en": [
        "ok so ",
        "honestly ",
        "lol ",
        "PSA: ",
        "not gonna lie, ",
        "update: ",
        "so… ",
        "hmm ",
        "welp. ",
    ],
    "es": ["bueno, ", "oye ", "jajaja ", "en serio, ", "a ver, "],
    "fr": ["bon, ", "franchement, ", "alors ", "mdr ", "bref, "],
    "de": ["also ", "ehrlich gesagt ", "naja, ", "lol ", "kurz: "],
    "pt": ["gente, ", "mano, ", "kkkk ", "sério, ", "então, "],
    "ja": ["えっ、", "なんか", "うーん、", "ちょっと"],
}

# Reddit: titles and replies. A reply in an outage thread names no service, as most do.
REDDIT_TITLES = [
    "Is it down?",
    "Is it down for anyone else?",
    "Anyone else getting errors right now?",
    "Is {s} down?",
    "{s} not working?",
]
REDDIT_LOCAL_TITLES = {
    "en": ["Is {s} down for anyone else?", "{s} down?"],
    "de": ["Ist {s} gerade down?", "{s} Störung?"],
    "fr": ["{s} en panne chez vous ?", "{s} down ?"],
    "es": ["¿Se cayó {s}?", "¿{s} caído?"],
    "pt": ["{s} caiu?", "{s} fora do ar?"],
    "it": ["{s} down anche da voi?", "{s} non funziona?"],
    "nl": ["{s} storing?", "Is {s} plat?"],
    "ja": ["{s}落ちてる？", "{s}障害？"],
}
REDDIT_SELFTEXT = {
    "en": [
        "Nothing loads on the app or the website for me, started a few minutes ago.",
        "Getting an error every time I try. Already restarted everything.",
        "Just me or is it broken right now?",
    ],
    "de": ["Seit ein paar Minuten lädt bei mir gar nichts mehr.", "Nur bei mir?"],
    "fr": ["Plus rien ne charge depuis quelques minutes.", "C'est que chez moi ?"],
    "es": ["Desde hace unos minutos no me carga nada.", "¿Solo a mí?"],
    "pt": ["Faz uns minutos que nada carrega aqui.", "Só comigo?"],
    "it": ["Da qualche minuto non carica più niente.", "Solo a me?"],
    "nl": ["Sinds een paar minuten laadt er niks meer.", "Alleen bij mij?"],
    "ja": ["数分前から何も読み込めない", "自分だけ？"],
}
REDDIT_REPLIES = {
    "en": [
        "Same here",
        "same here in {c}",
        "Down for me too",
        "+1, nothing loads",
        "yep, getting errors for {n} minutes now",
        "Same, app won't open at all",
        "can confirm, down in {c}",
    ],
    "de": ["Bei mir auch", "Hier auch nichts, {c}", "Geht bei mir auch nicht"],
    "fr": ["Pareil ici", "Chez moi aussi, {c}", "Pareil, rien ne charge"],
    "es": ["Aquí también", "A mí tampoco me carga, {c}", "Igual, no funciona"],
    "pt": ["Aqui também", "Comigo também, {c}", "Aqui também não carrega"],
    "it": ["Anche qui", "Anche a me, {c}", "Pure a me non funziona"],
    "nl": ["Hier ook", "Bij mij ook niks, {c}", "Hier ook storing"],
    "ja": ["こっちも", "同じく{c}でも", "こちらも繋がらない"],
}
REDDIT_ASIDES = {  # in an outage thread, no report
    "en": ["Works fine for me", "Just use the web version for now", "Downdetector is lighting up"],
    "de": ["Bei mir läuft alles normal", "Downdetector ist voll"],
    "fr": ["Chez moi ça marche", "Downdetector s'affole"],
    "es": ["A mí me funciona", "Downdetector está que arde"],
    "pt": ["Aqui tá tudo normal", "Downdetector tá bombando"],
    "it": ["Da me funziona", "Downdetector è impazzito"],
    "nl": ["Bij mij werkt alles", "Downdetector staat vol"],
    "ja": ["うちは普通に使える", "Downdetectorがすごいことに"],
}
REDDIT_BACKGROUND_TITLES = [
    "What are you all using {s} for these days?",
    "Weekly discussion thread",
    "Tips for a new {s} user?",
    "{s} just shipped a redesign, thoughts?",
    "Moving to {s} from a competitor, anything I should know?",
]
REDDIT_BACKGROUND_REPLIES = [
    "Honestly I love it",
    "The new layout takes some getting used to",
    "Been using it for years, no complaints",
    "Worth it for me, I use it every day",
    "Check the sidebar, it's in the FAQ",
]
