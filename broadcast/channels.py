"""The social channels this deployment posts to, built from settings at each use.

- Telegram: one bot (SOCIAL_TELEGRAM_BOT_TOKEN) and a chat per language (SOCIAL_TELEGRAM_CHATS,
  e.g. ru=@svoboda_ru,en=@svoboda_en): channel keys "telegram-ru", "telegram-en".
- A webhook (SOCIAL_WEBHOOK_URL with SOCIAL_WEBHOOK_SECRET), for the languages in
  SOCIAL_WEBHOOK_LANGUAGES or all: channel key "webhook".

A channel without everything it needs is left out (broadcast.checks says so): nothing is posted
with half a configuration, and nothing at all when nothing is configured.

Each channel's send() posts one article and returns the channel's message id ("" when it has
none); its withdraw() takes a sent post back (Telegram: deleteMessage; the webhook: an
"article.withdrawn" event) and returns a note for the audit trail ("" or why nothing had to be
done). Both raise transport.DeliveryError when the channel did not do it.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from broadcast import messages, transport

WEBHOOK_KEY = "webhook"


def _json(body):
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Channel:
    key: str
    # None: articles in every language.
    languages: frozenset | None
    # Strings that must never appear in an error shown or logged (tokens, secrets, URL paths).
    secrets: tuple = field(default=(), repr=False)

    @property
    def label(self):
        return self.key

    @property
    def destination(self):
        """Where within the channel a message went, kept with the post (Telegram's chat)."""
        return ""

    def serves(self, language):
        return self.languages is None or language in self.languages

    def send(self, *, post, article):
        raise NotImplementedError

    def withdraw(self, *, post, article):
        raise NotImplementedError

    def hide_secrets(self, text):
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "[hidden]")
        return text


@dataclass(frozen=True)
class TelegramChannel(Channel):
    chat_id: str = ""
    token: str = field(default="", repr=False)
    api_url: str = "https://api.telegram.org"

    @property
    def label(self):
        return f"Telegram {self.chat_id}"

    @property
    def destination(self):
        return self.chat_id

    def send(self, *, post, article):
        """sendMessage in HTML parse mode; the id of the message Telegram made."""
        answer, data = self._call(
            "sendMessage",
            {
                "chat_id": self.chat_id,
                "text": messages.telegram_html(article),
                "parse_mode": "HTML",
            },
        )
        if _accepted(answer, data):
            result = data.get("result") if isinstance(data.get("result"), dict) else {}
            return str(result.get("message_id", ""))
        self._refuse(answer, data)

    def withdraw(self, *, post, article):
        """deleteMessage in the chat the message went to. A message Telegram no longer has
        (deleted by hand, say) counts as withdrawn; one it refuses to delete (older than 48
        hours in some chats, or the bot lacks the right) fails for good: a person removes it."""
        if not post.remote_id.isdigit():
            raise transport.DeliveryError(
                "Telegram gave no message id for this post: it cannot be found to delete it.",
                retryable=False,
            )
        # Posts sent before the chat was recorded went to the channel's chat of the time.
        chat_id = post.remote_chat or self.chat_id
        answer, data = self._call(
            "deleteMessage", {"chat_id": chat_id, "message_id": int(post.remote_id)}
        )
        if _accepted(answer, data):
            return ""
        if answer.status == 400 and MESSAGE_GONE in _description(data).lower():
            return "the message was already gone"
        self._refuse(answer, data)

    def _call(self, method, payload):
        """One Bot API request; its answer and the answer's JSON."""
        answer = transport.post(
            f"{self.api_url.rstrip('/')}/bot{self.token}/{method}",
            json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            timeout=settings.SOCIAL_TIMEOUT_SECONDS,
        )
        return answer, _json(answer.body)

    def _refuse(self, answer, data):
        """Raise the DeliveryError that a refused or failed request means."""
        parameters = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
        retry_after = parameters.get("retry_after")
        if not isinstance(retry_after, int):
            retry_after = transport.retry_after_header(answer.headers)
        description = _description(data)
        if 200 <= answer.status < 300:
            raise transport.DeliveryError(
                f"Telegram did not accept the message: {description}", retryable=False
            )
        transport.judge(answer.status, description=description, retry_after=retry_after)
        raise transport.DeliveryError(f"HTTP {answer.status}", retryable=False)


# What the Bot API says when asked to delete a message it does not have.
MESSAGE_GONE = "message to delete not found"


def _accepted(answer, data):
    return 200 <= answer.status < 300 and data.get("ok") is True


def _description(data):
    return str(data.get("description", ""))[:200]


def webhook_signature(secret, timestamp, body):
    """HMAC-SHA256 of "<timestamp>.<body>" under the shared secret, in hex. The timestamp is
    signed too, so that a receiver can refuse an old message played again."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class WebhookChannel(Channel):
    url: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)

    @property
    def label(self):
        # The host only: the path of a webhook address is often a secret itself.
        return _("Webhook at %(host)s") % {"host": urlsplit(self.url).hostname or "?"}

    def send(self, *, post, article):
        """POST the article as JSON, signed; any 2xx answer means received."""
        self._deliver(
            event="article.published",
            # The same for every attempt of one post: receivers can drop repeats.
            delivery=post.delivery_id,
            content={
                "article": {
                    "id": article.pk,
                    "language": article.language,
                    "kind": article.kind,
                    "title": article.title,
                    "summary": article.summary,
                    "url": messages.link(article),
                    "published_at": article.publish_at.isoformat(),
                },
                "text": messages.plain_text(article),
            },
        )
        return ""

    def withdraw(self, *, post, article):
        """POST "article.withdrawn", signed like a post, so that the receiver removes its
        copy. It names the article and the delivery it withdraws, and says nothing more
        about the article: a withdrawn article may be one nobody may read any more."""
        self._deliver(
            event="article.withdrawn",
            delivery=f"{post.delivery_id}-withdrawn",
            content={
                "withdraws": post.delivery_id,
                "article": {
                    "id": article.pk,
                    "language": article.language,
                    "url": messages.link(article),
                },
            },
        )
        return ""

    def _deliver(self, *, event, delivery, content):
        body = json.dumps(
            {"event": event, "delivery": delivery, **content}, ensure_ascii=False
        ).encode()
        timestamp = str(int(time.time()))
        answer = transport.post(
            self.url,
            body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Svoboda-Event": event,
                "X-Svoboda-Delivery": delivery,
                "X-Svoboda-Timestamp": timestamp,
                "X-Svoboda-Signature": "sha256=" + webhook_signature(self.secret, timestamp, body),
            },
            timeout=settings.SOCIAL_TIMEOUT_SECONDS,
        )
        transport.judge(answer.status, retry_after=transport.retry_after_header(answer.headers))


def configured():
    """Every complete channel, by key, in the order of the settings."""
    channels = {}
    token = settings.SOCIAL_TELEGRAM_BOT_TOKEN
    if token:
        for language, chat_id in settings.SOCIAL_TELEGRAM_CHATS.items():
            if not chat_id:
                continue
            key = f"telegram-{language}"
            channels[key] = TelegramChannel(
                key=key,
                languages=frozenset([language]),
                secrets=(token,),
                chat_id=chat_id,
                token=token,
                api_url=settings.SOCIAL_TELEGRAM_API_URL,
            )
    url, secret = settings.SOCIAL_WEBHOOK_URL, settings.SOCIAL_WEBHOOK_SECRET
    if url and secret:
        languages = settings.SOCIAL_WEBHOOK_LANGUAGES
        path = urlsplit(url).path
        channels[WEBHOOK_KEY] = WebhookChannel(
            key=WEBHOOK_KEY,
            languages=frozenset(languages) if languages else None,
            secrets=(secret, *([path] if len(path) > 1 else [])),
            url=url,
            secret=secret,
        )
    return channels


def serving(language):
    """The channels that post articles in this language."""
    return [channel for channel in configured().values() if channel.serves(language)]


def is_telegram(key):
    return key.startswith("telegram-")


def message_link(post):
    """A link to a Telegram message, for an editor who must delete it by hand: t.me/<name>/<id>
    for a public channel, t.me/c/<id>/<id> for a private one (members only); None otherwise."""
    if not is_telegram(post.channel) or not post.remote_id.isdigit():
        return None
    chat = post.remote_chat
    if chat.startswith("@") and len(chat) > 1:
        return f"https://t.me/{chat[1:]}/{post.remote_id}"
    if chat.startswith("-100") and chat[4:].isdigit():
        return f"https://t.me/c/{chat[4:]}/{post.remote_id}"
    return None
