"""Email through a real SMTP server on 127.0.0.1 (aiosmtpd) with STARTTLS and a login."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from notify_kit import T0, put_incident, settings_for

from outagewatch.notify import notify_cycle, send_test


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, so STARTTLS is verified for real."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    return cert_path, key_path


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = auth_data.login == b"alerts" and auth_data.password == b"pa55"
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=inbox.authenticate, auth_require_tls=True)  # fmt: skip
    controller.start()
    yield inbox, port, cert
    controller.stop()


@pytest.fixture(autouse=True)
def creds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OW_SMTP_USER", "alerts")
    monkeypatch.setenv("OW_SMTP_PASSWORD", "pa55")


def channel(port: int, cert: Path, **extra) -> dict:
    return {"name": "ops-mail", "kind": "email", "smtp_host": "127.0.0.1", "smtp_port": port,
            "from": "outagewatch@example.org", "to": ["ops@example.org", "oncall@example.org"],
            "username_env": "OW_SMTP_USER", "password_env": "OW_SMTP_PASSWORD", "ca_file": str(cert), **extra}  # fmt: skip


def test_email_plain_and_html_over_starttls(empty_db: Path, smtp) -> None:
    inbox, port, cert = smtp
    put_incident(
        empty_db, "mail-1", severity="major", ack=T0 + timedelta(minutes=12), countries={"DE": 4}
    )
    stats = notify_cycle(
        settings_for(empty_db, [channel(port, cert)]), now=T0 + timedelta(minutes=30)
    )
    assert stats.delivered == 2 and inbox.logins == ["alerts", "alerts"]
    subjects = []
    for sender, rcpts, raw in inbox.messages:
        assert sender == "outagewatch@example.org"
        assert rcpts == ["ops@example.org", "oncall@example.org"]
        msg = message_from_bytes(raw, policy=policy.default)
        subjects.append(msg["Subject"])
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert "Slack: login failures" in text and "Countries: DE" in text
        assert "<table>" in html and "Slack: login failures" in html
    assert subjects == ["[outagewatch] Outage detected: Slack: login failures (major)",
                        "[outagewatch] Provider acknowledged: Slack: login failures (major)"]  # fmt: skip


def test_wrong_password_fails_and_is_retried_next_cycle(empty_db: Path, smtp, monkeypatch) -> None:
    inbox, port, cert = smtp
    monkeypatch.setenv("OW_SMTP_PASSWORD", "wrong")
    put_incident(empty_db, "mail-2")
    s = settings_for(empty_db, [channel(port, cert)])
    stats = notify_cycle(s, now=T0 + timedelta(minutes=30))
    assert (stats.delivered, stats.failed) == (0, 1) and inbox.messages == []
    monkeypatch.setenv("OW_SMTP_PASSWORD", "pa55")
    assert (
        notify_cycle(s, now=T0 + timedelta(minutes=35)).delivered == 1 and len(inbox.messages) == 1
    )


def test_untrusted_certificate_is_refused(empty_db: Path, smtp) -> None:
    inbox, port, cert = smtp
    put_incident(empty_db, "mail-3")
    stats = notify_cycle(settings_for(empty_db, [channel(port, cert, ca_file="")], retries=0),
                         now=T0 + timedelta(minutes=30))  # fmt: skip
    assert stats.failed == 1 and inbox.messages == []


def test_notify_test_command_sends_one_email(empty_db: Path, smtp) -> None:
    inbox, port, cert = smtp
    outcome = send_test(settings_for(empty_db, [channel(port, cert)]), "ops-mail")
    assert outcome.ok and len(inbox.messages) == 1
    msg = message_from_bytes(inbox.messages[0][2], policy=policy.default)
    assert (
        "Test message" in msg["Subject"]
        and "set up correctly" in msg.get_body(("plain",)).get_content()
    )


def test_email_shows_what_people_say_escaped(empty_db: Path, smtp) -> None:
    """One sample post and the keywords: as text in the plain part, escaped in the HTML."""
    from notify_kit import AUTHOR, HOSTILE, put_posts

    inbox, port, cert = smtp
    put_incident(empty_db, "mail-4")
    put_posts(empty_db, "mail-4", [HOSTILE, "second"], ["login", "sso"])
    stats = notify_cycle(
        settings_for(empty_db, [channel(port, cert)]), now=T0 + timedelta(minutes=30)
    )
    assert stats.delivered == 1
    raw = inbox.messages[0][2]
    msg = message_from_bytes(raw, policy=policy.default)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Keywords: login, sso" in text
    assert "People say: “@… <!channel> Slack **down** for us [click]((link)) <b>bold</b>" in text
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp;amp;" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; ||spoiler||" in html
    for nobody in ("alice", AUTHOR, "evil.example"):
        assert nobody not in text and nobody not in html
