"""Hostile input for the property-based tests of the public forms, and the checks every answer
must pass whatever was sent.

The public forms are the one part of Svoboda anyone on the internet can write to. Whatever
arrives (any Unicode, a NUL, right-to-left marks, a megabyte in one field, a list where one value
belongs, a missing field, bytes that are not UTF-8), the answer is the result (the request
stored, the next page) or the form again with a message in the page's language: never a server
error, and nothing invalid stored.
"""

import io
import re
from contextlib import contextmanager

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from PIL import Image

# For CI: reproducible (the same examples every run, nothing kept between runs), no per-example
# time limit (a 1 MB field on a loaded runner is slow, not wrong), and pytest-django's autouse
# fixtures are fine, as every example undoes its own writes (example_undone below).
FORM_PROPERTIES = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters known to trouble text handling: NUL (PostgreSQL refuses it in text), bidi controls
# that reverse what follows, combining marks with nothing to combine with, joined emoji, a byte
# order mark, zero-width characters, the last code points of the planes, markup and quotes.
AWKWARD = [
    "\x00",
    "\x00\x00",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u0301",
    "\u0338\u0338",
    "👩\u200d👩\u200d👧",
    "🇷🇺",
    "\ufeff",
    "\ufffd",
    "\u200b",
    "\r\n",
    "\r",
    "\t",
    "  ",
    "\u00a0",
    "\uffff",
    "\U0010ffff",
    "<script>alert(1)</script>",
    "'\"",
    "&amp;",
    "%00",
    "\\",
    "Ё",
]

# Any character a browser can send as UTF-8 (surrogates cannot be: see raw_bodies).
any_text = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
        st.sampled_from(AWKWARD),
    ),
    max_size=6,
).map("".join)

# Far past every max_length, and one megabyte (in UTF-8) in a single field: the largest field
# allowed, as the whole form must stay under DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
huge_text = st.tuples(
    st.sampled_from([10_001, 1_000_000]), st.sampled_from(["a", "я", "\u202e", "\x00"])
).map(lambda pair: pair[1] * (pair[0] // len(pair[1].encode())))

# The honeypot (svoboda.honeypot) is left empty, as people leave it: what a filled one does is
# tested with each form.
HONEYPOT = "website"

# What ends up in one field: text, several values where one belongs, or nothing.
MISSING = None


def field_value(valid):
    return st.one_of(
        st.just(valid),
        any_text,
        st.lists(any_text, min_size=2, max_size=3),
        st.just(MISSING),
    )


@st.composite
def hostile_form_data(draw, valid):
    """The valid form data with any of its fields replaced by hostile values or left out, and
    perhaps fields the form does not have. At most one field is huge: several megabytes are
    refused before any form sees them (intake's test_a_body_over_the_upload_limit_*)."""
    data = draw(st.fixed_dictionaries({name: field_value(value) for name, value in valid.items()}))
    huge_field = draw(st.none() | st.sampled_from(sorted(valid)))
    if huge_field is not None:
        data[huge_field] = draw(huge_text)
    extra_names = st.text(
        st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=10
    ).filter(lambda name: name not in valid and name != HONEYPOT)
    extra = draw(st.dictionaries(extra_names, any_text, max_size=2))
    return {name: value for name, value in {**extra, **data}.items() if value is not MISSING}


# Bodies that are not what they claim: bytes that are not UTF-8 (among them what a surrogate
# escape stands for), and charsets that are wrong, unknown or odd.
not_utf8 = st.lists(
    st.one_of(
        st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\x80", b"\x00"]),
        st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1).map(
            lambda text: text.encode("utf-8", "surrogateescape")
        ),
        st.binary(max_size=8),
    ),
    min_size=1,
    max_size=4,
).map(b"".join)
charsets = st.sampled_from(["", "; charset=utf-8", "; charset=bogus", "; charset=utf-16"])


def raw_bodies(names):
    """(content type, body) pairs: form fields named `names` holding bytes that are not UTF-8,
    urlencoded (raw or %-escaped) or multipart, with a declared charset that may be wrong."""

    def urlencoded(values, charset, escaped):
        parts = []
        for name, value in values.items():
            if escaped:
                value = b"".join(b"%%%02X" % byte for byte in value)
            parts.append(name.encode() + b"=" + value)
        return "application/x-www-form-urlencoded" + charset, b"&".join(parts)

    def multipart(values, charset):
        boundary = b"hostileboundary"
        parts = [
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="' + name.encode() + b'"\r\n'
            b"Content-Type: text/plain; charset=bogus\r\n\r\n" + value + b"\r\n"
            for name, value in values.items()
        ]
        body = b"".join(parts) + b"--" + boundary + b"--\r\n"
        return "multipart/form-data; boundary=hostileboundary" + charset, body

    values = st.fixed_dictionaries({name: not_utf8 for name in names})
    return st.one_of(
        st.builds(urlencoded, values, charsets, st.booleans()),
        st.builds(multipart, values, charsets),
    )


def png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class _Undo(Exception):
    pass


@contextmanager
def example_undone():
    """One example: empty rate limits before it, and every row it wrote rolled back after it.

    (pytest-django's database fixture undoes a test once; hypothesis runs many examples in it.)
    """
    cache.clear()
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def assert_refused_or_form_shown_again(response, language):
    """For a body no browser sends (a charset other than UTF-8 declared for urlencoded data):
    Django's own 400 before any form sees it, or the form again with its messages."""
    if response.status_code == 400:
        assert f'<html lang="{language}">' in response.content.decode()  # templates/400.html
    else:
        assert_form_shown_again_with_messages(response, language)


def assert_form_shown_again_with_messages(response, language):
    """The form came back (not a server error) with every error on the page, in its language."""
    assert response.status_code < 500
    form = response.context["form"]
    assert form.errors, "the form came back without saying what is wrong"
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    with translation.override(language):
        messages = [message for errors in form.errors.values() for message in errors]
    for message in messages:
        assert escape(message) in page, f"an error the page does not show: {message[:200]!r}"
        if language == "ru":
            assert CYRILLIC.search(message), f"not in Russian: {message[:200]!r}"


def assert_valid_rows(queryset, *, exclude=()):
    """Every row passes the model's own validation and holds no NUL in any text."""
    for row in queryset:
        try:
            row.full_clean(exclude=list(exclude), validate_unique=False)
        except ValidationError as error:
            raise AssertionError(f"stored but invalid: {error.message_dict}") from error
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(value, str):
                assert "\x00" not in value, f"NUL stored in {field.name}"
