"""The mention-role stage alone: which words around a name make it the setting of a post."""

from __future__ import annotations

import pytest

from nlp.enrich.mention_role import NEUTRAL, SETTING, TARGET, MentionRole

role = MentionRole()


def role_of(text: str, name: str) -> str:
    start = text.index(name)
    return role.role(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        pytest.param("Spotify keeps crashing on start", "Spotify", TARGET, id="problem-after"),
        pytest.param("hey Netflix, why is my list gone", "Netflix", TARGET, id="vocative"),
        pytest.param("can't log in to Discord", "Discord", TARGET, id="log-in-to"),
        pytest.param("Google Pixel, Android 8", "Google", SETTING, id="device-after"),
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
    ],
)
def test_role(text: str, name: str, expected: str) -> None:
    assert role_of(text, name) == expected
