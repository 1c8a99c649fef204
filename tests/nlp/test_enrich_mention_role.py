"""The mention-role stage alone: which words around a name make it the setting of a post."""

from __future__ import annotations

import pytest

from nlp.enrich.mention_role import NEUTRAL, SETTING, TARGET, MentionRole

role = MentionRole()


def role_of(text: str, name: str, others: bool = False) -> str:
    start = text.index(name)
    return role.role(text, start, start + len(name), others=others)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        pytest.param("Spotify keeps crashing on start", "Spotify", TARGET, id="problem-after"),
        pytest.param("hey Netflix, why is my list gone", "Netflix", TARGET, id="vocative"),
        pytest.param("can't log in to Discord", "Discord", TARGET, id="log-in-to"),
        pytest.param("Google Pixel, Android 8", "Google", SETTING, id="device-after"),
        pytest.param("my Google Home won't answer", "Google", SETTING, id="home-speaker"),
        pytest.param("using Google Chrome 62", "Google", SETTING, id="browser-after"),
        pytest.param("tried on my Xbox One and my phone", "Xbox", SETTING, id="console"),
        pytest.param("nothing plays on my Spotify", "Spotify", NEUTRAL, id="possessive"),
        pytest.param("I log in to it using Facebook", "Facebook", SETTING, id="sign-in-with"),
        pytest.param("far better than Apple Music", "Apple Music", SETTING, id="rival"),
        pytest.param("Apple Music works fine though", "Apple Music", SETTING, id="works"),
        pytest.param(
            "Apple Music is down and not working", "Apple Music", TARGET, id="works-negated"
        ),
        pytest.param("I watched Netflix yesterday", "Netflix", NEUTRAL, id="plain"),
        pytest.param("I use my Facebook to log in", "Facebook", SETTING, id="route-after"),
        pytest.param("so I have to sign up w fb", "fb", SETTING, id="sign-up-w"),
        pytest.param("signed up w/Facebook", "Facebook", SETTING, id="sign-up-w-slash"),
        pytest.param("moved my playlists over to Apple Music", "Apple Music", TARGET, id="move-to"),
        pytest.param("export my data from WhatsApp", "WhatsApp", NEUTRAL, id="not-a-store"),
        pytest.param("I'll leave you for Apple Music", "Apple Music", SETTING, id="leave-for"),
        pytest.param("you can't compete with Apple Music", "Apple Music", SETTING, id="compete"),
        pytest.param("I sent it to you on Twitter", "Twitter", SETTING, id="channel"),
        pytest.param("latest version from the App Store", "App Store", SETTING, id="store"),
        pytest.param(
            "how do I export my data from App Store", "App Store", NEUTRAL, id="store-use"
        ),
        pytest.param("messages on WhatsApp arrive late", "WhatsApp", NEUTRAL, id="not-channel"),
        pytest.param("scrolling Twitter instead of sleeping", "Twitter", NEUTRAL, id="instead-of"),
        pytest.param("the App Store is down", "App Store", TARGET, id="store-down"),
        pytest.param(
            "every time I go to Instagram it crashes", "Instagram", TARGET, id="it-crashes"
        ),
        # role-4: ruled out, hardware in a device list, sign-in links, where it was read, payment
        pytest.param("It's not my Apple TV, it's your app", "Apple TV", SETTING, id="ruled-out"),
        pytest.param("not a Facebook issue at all", "Facebook", SETTING, id="not-an-issue"),
        pytest.param("tried on my Xbox, pc, and iPhone", "Xbox", SETTING, id="device-list"),
        pytest.param("on my phone or xbox", "xbox", SETTING, id="device-list-after"),
        pytest.param("it should work on my Alexa at home", "Alexa", SETTING, id="on-device"),
        pytest.param("my Xbox won't connect at all", "Xbox", TARGET, id="device-problem"),
        pytest.param("it's linked to my facebook account", "facebook", SETTING, id="linked-to"),
        pytest.param("The account is Facebook connected.", "Facebook", SETTING, id="connected"),
        pytest.param("Searching Twitter, others have it too", "Twitter", SETTING, id="searched"),
        pytest.param("a Google search turns up nothing", "Google", SETTING, id="search-after"),
        pytest.param("lots of people on Reddit say so", "Reddit", SETTING, id="people-on"),
        pytest.param("please help me on Twitter", "Twitter", SETTING, id="talked-on"),
        pytest.param("so I don't have to @ you guys on twitter", "twitter", SETTING, id="at-on"),
        pytest.param("I'm going back to Apple Music", "Apple Music", SETTING, id="going-back"),
        pytest.param("can we pay with PayPal yet?", "PayPal", SETTING, id="pay-with"),
        pytest.param("PayPal is down again", "PayPal", TARGET, id="pay-provider-down"),
        # role-5: the account one talks from, the store's latest build, a kind of mail address
        pytest.param("change your Twitter handle", "Twitter", SETTING, id="handle"),
        pytest.param("I sent it to your other Twitter feed", "Twitter", SETTING, id="feed"),
        pytest.param("the latest one on the App Store", "App Store", SETTING, id="latest"),
        pytest.param("verify my gmail addy please", "gmail", SETTING, id="mail-address"),
        pytest.param("sending to a Gmail adress, not Hotmail", "Gmail", SETTING, id="adress"),
        pytest.param("reach me: brandon AT gmail", "gmail", SETTING, id="at-mail"),
        pytest.param("add a recovery gmail to the account", "gmail", SETTING, id="recovery"),
        pytest.param(
            "home to watch some Netflix and wi fi is down", "Netflix", SETTING, id="activity"
        ),
        pytest.param(
            "can't play Fortnite, internet keeps dropping",
            "Fortnite",
            SETTING,
            id="activity-internet",
        ),
    ],
)
def test_role(text: str, name: str, expected: str) -> None:
    assert role_of(text, name) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("came to Twitter to see if Discord is down", "Twitter"),
        ("had to come to Reddit to ask what's going on with Slack", "Reddit"),
        ("Slack is broken, and on Reddit lots of people are saying the same", "Reddit"),
        ("Citi app stuck. Google Play says I'm on the latest version", "Google Play"),
        ("Citi-App stürzt ab, laut Google Play ist es die aktuellste Version", "Google Play"),
    ],
)
def test_where_one_read_of_anothers_failure_is_the_setting(text: str, name: str) -> None:
    """role-11: a site one went to to find out, where others have the same, a store where the
    version was read, when the post names another service; not without one (the site or the
    store is then what failed: "came to Twitter to see if it's just me"), nor when it then
    fails ("…, yet it won't let me download")."""
    assert role_of(text, name, others=True) == SETTING
    assert role_of(text, name, others=False) != SETTING


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("went to YouTube to see the new video and it's just spinning", "YouTube"),
        ("came to twitter to see if it's just me and the timeline won't refresh", "twitter"),
        ("On TikTok users report the For You page is blank", "TikTok"),
        ("on Instagram people can't post stories", "Instagram"),
        ("App Store says everything is up to date, yet it won't let me download", "App Store"),
        ("Google Play, no updates will download", "Google Play"),
    ],
)
def test_a_site_or_store_that_fails_itself_is_no_setting(text: str, name: str) -> None:
    assert role_of(text, name, others=True) != SETTING


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the role-4 patterns are kept to hardware, sign-in providers, places people read and
        # payment providers, and give way to a failure in the clause
        pytest.param("Windows 10 and Spotify version 1.0", "Spotify", id="app-in-list"),
        pytest.param("connecting to Spotify takes ages", "Spotify", id="not-a-provider"),
        pytest.param("the good people at Spotify", "Spotify", id="not-a-place"),
        pytest.param("I go back to Spotify and hit play", "Spotify", id="go-back-app"),
        pytest.param("I can't connect to Facebook", "Facebook", id="connect-failure"),
        pytest.param("can't remember my twitter password", "twitter", id="password-failure"),
        pytest.param("my Facebook password doesn't work", "Facebook", id="password"),
        pytest.param("I can't see anything on Twitter", "Twitter", id="seen-failure"),
        pytest.param("my messages on Twitter won't send", "Twitter", id="messages-failure"),
        pytest.param("I can't pay with PayPal", "PayPal", id="pay-failure"),
        pytest.param("my Twitter feed won't load", "Twitter", id="feed-failure"),
        pytest.param(
            "trying to watch Netflix but it keeps buffering", "Netflix", id="activity-failing"
        ),
        pytest.param("watch Netflix and the service is down", "Netflix", id="activity-service"),
        pytest.param("my gmail is not loading", "gmail", id="mail-failure"),
        pytest.param("I can't verify my gmail address", "gmail", id="mail-address-failure"),
        pytest.param("went to YouTube and nothing loads", "YouTube", id="went-to-app"),
        pytest.param("on Instagram people can't post stories", "Instagram", id="people-cant"),
        pytest.param("Google Play keeps crashing on update", "Google Play", id="store-fails"),
        # role-13: a site's home page is no home speaker ("Google Home" stays the device)
        pytest.param("Reddit home page is just a server error", "Reddit", id="home-page"),
        pytest.param("amazon homepage is a dog picture", "amazon", id="homepage"),
        pytest.param("the YouTube home screen stays blank", "YouTube", id="home-screen"),
    ],
)
def test_not_setting(text: str, name: str) -> None:
    assert role_of(text, name) != SETTING


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Google Cloud console throwing 503s", "Google Cloud", TARGET),
        ("hetzner cloud console 503, servers still answer ping", "hetzner", TARGET),
        ("my Xbox console won't turn on", "Xbox", SETTING),
        ("PlayStation console overheating again", "PlayStation", SETTING),
    ],
)
def test_a_cloud_console_is_the_service_a_game_console_the_machine(text, name, expected):
    """role-9: "console" after a name is hardware only after a console maker's name."""
    start = text.index(name)
    assert role.role(text, start, start + len(name)) == expected
