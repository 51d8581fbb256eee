"""The checker itself: it passes escaped text and fails each way a payload can come alive, so
that a passing injection test means something."""

import pytest
from django.utils.html import escape

from svoboda.tests.injection.checks import LEDGER, PAYLOADS, check_html, check_sanitised, piece

# Not counted in the run's figures (conftest.py): these pages are made up.
NAME = "checker.text"


def page(body):
    return f"<!doctype html><html><body><main>{body}</main></body></html>"


def value(payload_id):
    return piece(LEDGER.field_id(NAME), payload_id)


def payload_id(text):
    return PAYLOADS.index(text)


def test_escaped_text_and_escaped_attribute_values_pass():
    ids = range(len(PAYLOADS))
    text = " ".join(value(i) for i in ids)
    html = page(f'<p>{escape(text)}</p><input value="{escape(text)}">')
    assert check_html(html, {NAME: list(ids)}, where="test") == len(PAYLOADS)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        "<svg/onload=window.__pwned=1>",
        "{{7*7}}",
        '<!--<img src="--><img src=x onerror=window.__pwned=1//">',
    ],
)
def test_a_payload_written_unescaped_fails(payload):
    stored = value(payload_id(payload))
    if payload == "{{7*7}}":
        stored = stored.replace("{{7*7}}", "49")  # what an evaluated template would show
    with pytest.raises(AssertionError):
        check_html(page(f"<p>{stored}</p>"), {NAME: [payload_id(payload)]}, where="test")


def test_an_attribute_breakout_fails():
    payload = '" onmouseover="window.__pwned=1'
    html = page(f'<input value="{value(payload_id(payload))}">')
    with pytest.raises(AssertionError, match="event handler"):
        check_html(html, {NAME: [payload_id(payload)]}, where="test")


def test_a_javascript_link_fails_even_without_a_marker():
    with pytest.raises(AssertionError, match="active URL"):
        check_html(page('<a href=" JaVaScRiPt:alert(1)">x</a>'), {}, where="test")


def test_a_value_missing_from_its_page_fails():
    with pytest.raises(AssertionError, match="not shown"):
        check_html(page("<p>nothing</p>"), {NAME: [0]}, where="test")


def test_sanitised_text_with_a_handler_or_a_javascript_link_fails():
    marker = value(0).split("<", 1)[0]
    for fragment in (
        f'<p>{marker}<img src=x onerror="alert(1)"></p>',
        f'<p>{marker}<a href="javascript:alert(1)">x</a></p>',
    ):
        with pytest.raises(AssertionError):
            check_sanitised(fragment, [0], NAME, where="test")
