"""The help form as a browser without JavaScript fills it in: the page's hidden fields and CSRF
cookie, a complete answer, and how to tell the code page (an acknowledgement) from anything else.

Kept free of Django imports' side effects so that a test can use it from its own threads.
"""

import re
import secrets
from urllib.parse import urlencode

HIDDEN_FIELD = re.compile(
    r'<input type="hidden" name="(csrfmiddlewaretoken|submission_token)" value="([^"]*)"'
)
CSRF_COOKIE = re.compile(r"(?:^|;\s*)csrftoken=([^;]+)")
# The code page (intake/templates/intake/public/request_sent.html) shows the code in this
# element; no other page has it.
ACKNOWLEDGEMENT = 'id="follow-up-code"'


class FormPageError(Exception):
    """The form page came without the hidden fields or the cookie a submission needs."""


def hidden_fields(html):
    fields = dict(HIDDEN_FIELD.findall(html))
    if set(fields) != {"csrfmiddlewaretoken", "submission_token"}:
        raise FormPageError("the form page has no CSRF token or submission token")
    return fields


def csrf_cookie(set_cookie_headers):
    for header in set_cookie_headers:
        match = CSRF_COOKIE.search(header)
        if match:
            return match.group(1)
    raise FormPageError("the form page set no CSRF cookie")


def answers(hidden, description):
    """The form's fields, urlencoded (see answer_fields)."""
    return urlencode(answer_fields(hidden, description)).encode()


def answer_fields(hidden, description):
    """The form's fields as (name, value) pairs: someone writing about a relative in forced
    labour, who wants to be written to on Telegram. `description` should be unique, to find the
    row later."""
    return [
        ("csrfmiddlewaretoken", hidden["csrfmiddlewaretoken"]),
        ("submission_token", hidden["submission_token"]),
        ("website", ""),
        ("writer_kind", "relative"),
        ("danger", "unknown"),
        ("situations", "forced_labour"),
        ("situations", "stranded"),
        ("description", description),
        ("country", "RU"),
        ("city", "Кизляр"),
        ("place", "Кирпичный завод у трассы"),
        ("since_when", "С марта"),
        ("people_count", "3"),
        ("contact_channel", "telegram"),
        ("contact_handle", "@example_handle"),
        ("safe_times", "После 20:00"),
        ("write_only", "on"),
    ]


def multipart(fields, files):
    """(Content-Type, body) of a multipart/form-data POST, as the form's enctype asks for when
    files go with it. `files` holds (field name, file name, content type, bytes)."""
    boundary = "svoboda-" + secrets.token_hex(12)
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content_type, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def is_acknowledged(status, html):
    return status == 200 and ACKNOWLEDGEMENT in html
