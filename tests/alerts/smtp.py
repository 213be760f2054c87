"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the alert tests."""

import asyncio
import email
import logging
import re
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

# aiosmtpd logs every command at INFO; the tests read the messages instead.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    """One message the server accepted: the envelope's recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def links(self) -> list[str]:
        return re.findall(r"https?://\S+", self.text)

    def link(self, part: str) -> str:
        """The first link of the plain text whose address contains `part`."""
        return next(link for link in self.links() if part in link)


class Inbox:
    """aiosmtpd's handler: accepts every message, optionally after a pause per recipient."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.received: list[Received] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [item for item in self.messages() if address in item.recipients]

    def clear(self) -> None:
        with self.lock:
            self.received.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Starts aiosmtpd on 127.0.0.1 in a thread of its own; `stop()` ends it."""

    def __init__(self, delay: float = 0.0) -> None:
        self.inbox = Inbox(delay)
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"
