"""A stand-in for the outside world: one HTTP server on 127.0.0.1 that plays the Telegram Bot API
(/bot<token>/sendMessage and /bot<token>/deleteMessage) and a webhook receiver (/hook) that
checks the signature, with the settings pointing every channel at it."""

import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from publishing.actions import publish_article, unpublish_article

TOKEN = "123456:test-bot-token-secret"
WEBHOOK_SECRET = "webhook-shared-secret"


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    signature_ok: bool | None = None

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class FakeChannels:
    """What the server received, and what it answers next (a list of (status, json)
    popped per request; 200 ok when empty). `delay` makes it answer slowly. `telegram` holds
    the sendMessage requests, `deletions` the deleteMessage ones."""

    base_url: str
    telegram: list = field(default_factory=list)
    deletions: list = field(default_factory=list)
    webhook: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    delay: float = 0.0
    next_message_id: int = 100

    def answer(self, status, payload=None, headers=None):
        self.answers.append((status, payload, headers or {}))

    def answer_many(self, count, status, payload=None):
        for _ in range(count):
            self.answer(status, payload)


def _handler(state, lock):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            received = Received(self.path, dict(self.headers), body)
            with lock:
                if self.path == f"/bot{TOKEN}/sendMessage":
                    state.telegram.append(received)
                    default = (200, None, {})
                elif self.path == f"/bot{TOKEN}/deleteMessage":
                    state.deletions.append(received)
                    default = (200, {"ok": True, "result": True}, {})
                elif self.path == "/hook":
                    received.signature_ok = _signature_ok(self.headers, body)
                    state.webhook.append(received)
                    default = (200 if received.signature_ok else 401, {}, {})
                else:
                    default = (404, {"ok": False, "description": "Not Found"}, {})
                status, payload, headers = state.answers.pop(0) if state.answers else default
                if payload is None and self.path.endswith("/sendMessage"):
                    state.next_message_id += 1
                    payload = {"ok": True, "result": {"message_id": state.next_message_id}}
            if state.delay:
                time.sleep(state.delay)
            data = json.dumps(payload or {}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (timeout tests)

        def log_message(self, *args):
            pass

    return Handler


def _signature_ok(headers, body):
    """What a receiver does: recompute HMAC-SHA256 over "<timestamp>.<body>" and compare."""
    timestamp = headers.get("X-Svoboda-Timestamp", "")
    given = headers.get("X-Svoboda-Signature", "")
    expected = hmac.new(
        WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(given, "sha256=" + expected)


@pytest.fixture
def fake_channels():
    """The server alone, without settings (see `channels`)."""
    lock = threading.Lock()
    state = FakeChannels(base_url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, lock))
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def channels(fake_channels, settings):
    """A Russian and an English Telegram channel and a webhook for every language, all on the
    local server; retries are due at once unless a test sets SOCIAL_RETRY_SECONDS."""
    settings.SOCIAL_TELEGRAM_BOT_TOKEN = TOKEN
    settings.SOCIAL_TELEGRAM_CHATS = {"ru": "@svoboda_ru", "en": "@svoboda_en"}
    settings.SOCIAL_TELEGRAM_API_URL = fake_channels.base_url
    settings.SOCIAL_WEBHOOK_URL = fake_channels.base_url + "/hook"
    settings.SOCIAL_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SOCIAL_WEBHOOK_LANGUAGES = []
    settings.SOCIAL_MAX_ATTEMPTS = 3
    settings.SOCIAL_RETRY_SECONDS = 0
    settings.SOCIAL_TIMEOUT_SECONDS = 5
    settings.SITE_URL = "https://svoboda.example.org"
    return fake_channels


@pytest.fixture
def telegram_only(channels, settings):
    settings.SOCIAL_WEBHOOK_URL = ""
    return channels


@pytest.fixture
def publish(editor, django_capture_on_commit_callbacks):
    """Publish (or schedule) as the editor, with the after-commit signals delivered."""

    def publish(article, publish_at=None):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_article(actor=editor, article=article, publish_at=publish_at)

    return publish


@pytest.fixture
def unpublish(editor, django_capture_on_commit_callbacks):
    """Unpublish as the editor, with the after-commit signals (and the jobs they queue) run."""

    def unpublish(article):
        with django_capture_on_commit_callbacks(execute=True):
            return unpublish_article(actor=editor, article=article)

    return unpublish


@pytest.fixture
def closed_port():
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
