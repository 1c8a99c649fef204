"""Sending one message: HTTP POST (webhook, Slack, Discord, Teams) or SMTP, with retries.

Standard library only. Every attempt has a timeout, so a receiver that hangs costs at most
`timeout_seconds` per attempt; transient failures (connection errors, timeouts, 408, 429,
5xx) are retried with exponential back-off, permanent ones (other 4xx) are not.
"""

from __future__ import annotations

import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from outagewatch import __version__
from outagewatch.notify import payloads
from outagewatch.notify.config import Channel, NotifyConfig
from outagewatch.notify.transitions import Message

USER_AGENT = f"outagewatch-notify/{__version__}"


@dataclass
class Outcome:
    """The result of delivering one message (all attempts of this cycle)."""

    result: str  # sent, failed (transient, tried again next cycle), rejected (permanent)
    attempts: int
    http_status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result == "sent"


class _Attempt(Exception):
    def __init__(self, error: str, status: int | None = None, transient: bool = True,
                 retry_after: float | None = None) -> None:  # fmt: skip
        super().__init__(error)
        self.status, self.transient, self.retry_after = status, transient, retry_after


def _post(channel: Channel, msg: Message, config: NotifyConfig, sent_at: datetime) -> int:
    body = payloads.body_for(channel.kind, msg, sent_at, config.links)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    if channel.kind == "webhook":
        ts = int(time.time())
        headers.update({
            "X-Outagewatch-Event": msg.transition,
            "X-Outagewatch-Delivery": msg.notification_id,
            "X-Outagewatch-Payload-Version": str(payloads.PAYLOAD_VERSION),
            payloads.TIMESTAMP_HEADER: str(ts),
        })  # fmt: skip
        secret = channel.secret()
        if secret is not None:
            headers[payloads.SIGNATURE_HEADER] = payloads.sign(secret, body, ts)
    request = urllib.request.Request(
        channel.target_url(), data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout_seconds) as response:
            response.read(65536)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        code = exc.code
        retry_after = exc.headers.get("Retry-After") if exc.headers else None
        transient = code in (408, 425, 429) or code >= 500
        wait = (
            float(retry_after)
            if retry_after and retry_after.isascii() and retry_after.isdigit()
            else None
        )
        raise _Attempt(f"HTTP {code} {exc.reason}", code, transient, wait) from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Attempt(f"{type(reason).__name__}: {reason}"[:300]) from None


def _smtp(channel: Channel, msg: Message, config: NotifyConfig) -> int:
    em = payloads.email(msg, channel.sender, channel.to, config.links)
    context = ssl.create_default_context(cafile=channel.ca_file or None)
    try:
        if channel.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                channel.smtp_host,
                channel.smtp_port,
                timeout=config.timeout_seconds,
                context=context,
            )
        else:
            client = smtplib.SMTP(
                channel.smtp_host, channel.smtp_port, timeout=config.timeout_seconds
            )
        with client:
            client.ehlo()
            if channel.starttls and not channel.ssl:
                client.starttls(context=context)
                client.ehlo()
            creds = channel.credentials()
            if creds:
                client.login(*creds)
            client.send_message(em)
        return 250
    except smtplib.SMTPResponseException as exc:
        # A refused login is a set-up problem the user fixes: keep the message for later.
        transient = exc.smtp_code < 500 or isinstance(exc, smtplib.SMTPAuthenticationError)
        raise _Attempt(
            f"SMTP {exc.smtp_code} {exc.smtp_error!r}"[:300], exc.smtp_code, transient
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _Attempt(
            f"recipients refused: {sorted(exc.recipients)}"[:300], None, transient=False
        ) from None
    except (smtplib.SMTPException, ssl.SSLError, TimeoutError, OSError) as exc:
        raise _Attempt(f"{type(exc).__name__}: {exc}"[:300]) from None


def deliver(
    channel: Channel,
    msg: Message,
    config: NotifyConfig,
    sent_at: datetime,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Try up to 1 + config.retries times with back-off; never raises for delivery errors."""
    attempts = 0
    delay = config.backoff_seconds
    while True:
        attempts += 1
        try:
            if channel.kind == "email":
                status = _smtp(channel, msg, config)
            else:
                status = _post(channel, msg, config, sent_at)
            return Outcome("sent", attempts, status)
        except _Attempt as exc:
            if not exc.transient:
                return Outcome("rejected", attempts, exc.status, str(exc))
            if attempts > config.retries:
                return Outcome("failed", attempts, exc.status, str(exc))
            wait = exc.retry_after if exc.retry_after is not None else delay
            sleep(min(wait, config.backoff_max_seconds))
            delay = min(delay * 2, config.backoff_max_seconds)
