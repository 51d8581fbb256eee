"""One HTTP POST to a channel, with the standard library, and what its failure means for us.

Every request has a timeout. Redirects are not followed: a POST redirected elsewhere would be
sent as a GET, or to a host nobody configured. What comes back is judged by judge():
success, worth retrying (network trouble, timeouts, 5xx, 429), or refused for good (other 4xx).
"""

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

# A channel's answer is small JSON; anything longer is not read.
MAX_ANSWER_BYTES = 64 * 1024
USER_AGENT = "Svoboda social posting"


class DeliveryError(Exception):
    """A post did not go out. `retryable` says whether trying again later may help;
    `retry_after` is the wait in seconds the channel asked for, if it asked."""

    def __init__(self, message, *, retryable, retry_after=None):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: Message


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises the 3xx as an HTTPError, judged below


def post(url, body, *, headers, timeout):
    """POST `body` (bytes) to an http(s) URL; the channel's answer, whatever its status.
    Raises a retryable DeliveryError when no answer came (network error, timeout)."""
    if urlsplit(url).scheme not in ("http", "https"):
        # urllib also opens file:// and ftp:// URLs; a channel never needs them.
        raise DeliveryError("The channel's address is not an http(s) URL.", retryable=False)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=body,
        method="POST",
        headers={"User-Agent": USER_AGENT, **headers},
    )
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.read(MAX_ANSWER_BYTES), response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.read(MAX_ANSWER_BYTES), error.headers)
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise DeliveryError("The channel did not answer in time.", retryable=True) from error
        # The reason names the host or the TLS problem, never the path (where a token may be).
        raise DeliveryError(f"Network error: {error.reason}", retryable=True) from error
    except TimeoutError as error:
        raise DeliveryError("The channel did not answer in time.", retryable=True) from error
    except (http.client.HTTPException, OSError) as error:
        raise DeliveryError(f"Network error: {type(error).__name__}", retryable=True) from error


def retry_after_header(headers):
    """Retry-After in seconds, when given as a number (the date form is not worth handling)."""
    value = headers.get("Retry-After", "") if headers is not None else ""
    try:
        return max(0, int(value))
    except ValueError:
        return None


def judge(status, *, description="", retry_after=None):
    """Raise a DeliveryError for an unsuccessful HTTP status; nothing for a 2xx."""
    if 200 <= status < 300:
        return
    message = f"HTTP {status}"
    if description:
        message = f"{message}: {description}"
    if status == 429:
        raise DeliveryError(message, retryable=True, retry_after=retry_after)
    if status >= 500 or status == 408:
        raise DeliveryError(message, retryable=True, retry_after=retry_after)
    # Other 4xx: the channel refuses this message (bad chat, bad token, bad request), and would
    # refuse it again; 3xx: a redirect we do not follow.
    raise DeliveryError(message, retryable=False)
