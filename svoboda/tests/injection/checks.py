"""Proof that text people type comes back as text: the payloads of payloads.txt, each behind a
unique marker, are stored through the real forms and every page showing them is read with an
HTML parser (Python's html.parser, the standard library's).

A stored value is a run of `Mk<field><payload>k<payload text>kE<payload>` pieces. On a page,
each marker must sit in a text node or an attribute value and be followed there by the payload
exactly as typed (or a prefix of it, for a list that shortens long texts). Had a payload become
markup, the parser would have split it into tags and attributes, and the text after the marker
would differ: `{{7*7}}` evaluated would read `49`, `<img onerror=...>` would be an element, not
text. A marker inside a tag name, an attribute name, a comment or a script is an injection too.
Besides, no page may hold an event handler attribute or a javascript:/vbscript:/data: URL at all,
whatever put it there.

CSP (django-csp) would stop most of these in a browser; these checks do not rely on it.
"""

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote_plus

from django import forms

PAYLOAD_FILE = Path(__file__).with_name("payloads.txt")
MARKER = re.compile(r"Mk(\d{3})(\d{3})k")
EVALUATED = re.compile(r"Mk\d{6}k\s*49")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "ping", "cite", "srcset", "codebase", "lowsrc", "dynsrc",
}  # fmt: skip
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# Elements no stored text may ever produce, and the page templates never use.
FORBIDDEN_ELEMENTS = {
    "iframe", "object", "embed", "applet", "base", "frame", "frameset", "portal", "math",
    "isindex", "keygen", "plaintext", "xmp", "listing", "noembed", "marquee",
}  # fmt: skip


def load_payloads():
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("# ") and line != "#"]


PAYLOADS = load_payloads()


def start(field_id, payload_id):
    return f"Mk{field_id:03d}{payload_id:03d}k"


def end(payload_id):
    return f"kE{payload_id:03d}"


def piece(field_id, payload_id):
    return start(field_id, payload_id) + PAYLOADS[payload_id] + end(payload_id)


@dataclass
class Ledger:
    """Which payloads went into which field of which object, and the checks made so far."""

    field_ids: dict = field(default_factory=dict)
    cursors: Counter = field(default_factory=Counter)
    checks: Counter = field(default_factory=Counter)  # (area, field, page) -> count
    skipped: list = field(default_factory=list)
    checked: set = field(default_factory=set)  # fields whose values some page was checked for
    given: dict = field(default_factory=dict)  # field -> the payload ids it was given

    def field_id(self, name):
        return self.field_ids.setdefault(name, len(self.field_ids) + 1)

    def pack(self, name, max_length, *, separator=" ", everything=False, most=None, in_order=False):
        """A value for field `name`: the next payloads that fit in max_length (all of them with
        `everything`, for a form sent back with errors). Returns (value, payload ids); the
        cursor goes round so every payload comes through every field over enough objects.
        `in_order` keeps the file's order, for a Markdown text holding all of them: there a
        payload like <math><mtext><table><mglyph><style> makes the sanitiser drop the rest of
        the text (safe, but the markers after it would be lost), and in the file's order the
        payloads before it leave the parser where it drops nothing."""
        field_id = self.field_id(name)
        pieces, ids = [], []
        size = 0
        for _attempt in range(len(PAYLOADS)):
            if most is not None and len(ids) >= most:
                break
            offset = 0 if in_order else self._offset(field_id)
            payload_id = (self.cursors[name] + offset) % len(PAYLOADS)
            text = piece(field_id, payload_id)
            grown = size + len(text) + (len(separator) if pieces else 0)
            if not everything and max_length is not None and grown > max_length:
                if pieces:
                    break
                # This payload does not fit this field at all: skip it here (a shorter field,
                # not a refused payload); it is counted as skipped, never silently.
                self.skipped.append((name, payload_id, "longer than the field"))
                self.cursors[name] += 1
                continue
            pieces.append(text)
            ids.append(payload_id)
            self.given.setdefault(name, set()).add(payload_id)
            size = grown
            self.cursors[name] += 1
        return separator.join(pieces), ids

    @staticmethod
    def _offset(field_id):
        # Each field starts somewhere else in the corpus: fields too short to take every
        # payload in a bounded number of records still take every kind between them.
        return (field_id * 53) % len(PAYLOADS)

    def covered(self, name):
        return min(self.cursors[name], len(PAYLOADS))


class _Page(HTMLParser):
    """Collects the text runs and attribute values of a page, and what must never be there."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []  # (where, text)
        self.problems = []
        self._run = []
        self._raw_element = None  # script or style whose content is being read
        self._raw_is_json = False

    def _flush(self):
        if self._run:
            text = "".join(self._run)
            if self._raw_element and not self._raw_is_json:
                if MARKER.search(text):
                    self.problems.append(f"stored text inside <{self._raw_element}>: {text[:120]}")
            else:
                self.texts.append(("text", text))
            self._run = []

    def handle_starttag(self, tag, attrs):
        self._flush()
        self._element(tag, attrs)
        if tag in ("script", "style"):
            self._raw_element = tag
            self._raw_is_json = tag == "script" and ("type", "application/json") in attrs

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        self._flush()
        if MARKER.search(tag):
            self.problems.append(f"stored text in an end tag: </{tag}>")
        if tag == self._raw_element:
            self._raw_element = None

    def _element(self, tag, attrs):
        if MARKER.search(tag):
            self.problems.append(f"stored text became an element: <{tag}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"forbidden element <{tag}>")
        if (
            tag == "script"
            and not dict(attrs).get("src")
            and ("type", "application/json") not in attrs
        ):
            self.problems.append("inline script")
        for name, value in attrs:
            if MARKER.search(name):
                self.problems.append(f"stored text became an attribute: {name}= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style" and value and re.search(r"expression|javascript|url\(", value, re.I):
                self.problems.append(f"active style on <{tag}>: {value}")
            if name in URL_ATTRIBUTES and value and _is_active_url(value):
                self.problems.append(f"active URL {name}={value!r} on <{tag}>")
            if name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("meta refresh")
            if value is not None:
                self.texts.append((f"{tag}@{name}", value))

    def handle_data(self, data):
        self._run.append(data)

    def handle_comment(self, data):
        self._flush()
        if MARKER.search(data):
            self.problems.append(f"stored text inside a comment: {data[:120]}")

    def handle_decl(self, decl):
        self._flush()
        if MARKER.search(decl):
            self.problems.append(f"stored text in a declaration: {decl[:120]}")

    def handle_pi(self, data):
        self._flush()
        if MARKER.search(data):
            self.problems.append(f"stored text in a processing instruction: {data[:120]}")

    unknown_decl = handle_decl

    def close(self):
        super().close()
        self._flush()


def _is_active_url(value):
    # Browsers ignore ASCII whitespace and control characters inside a scheme.
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(ACTIVE_SCHEMES)


def _intact(text, position, payload_id, place):
    """Whether the text after a marker is the payload as typed, or a shortened start of it.
    In a URL (a link keeping a search query) it is the payload percent-encoded."""
    expected = PAYLOADS[payload_id] + end(payload_id)
    rest = text[position:]
    if place.split("@")[-1] in URL_ATTRIBUTES:
        rest = unquote_plus(rest.split("&", 1)[0])
    if rest.startswith(expected):
        return True
    shortened = rest.rstrip().removesuffix("…").removesuffix("...").rstrip()
    return len(shortened) < len(expected) and expected.startswith(shortened)


def read_html(html):
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser


def check_html(html, expected, *, where):
    """Assert that every stored value on the page is inert text, and that the values `expected`
    ({field name: payload ids}) are all there. Returns the number of (payload, field) checks.
    With expected None, any stored values may be there; they are counted."""
    anything = expected is None
    expected = expected or {}
    parser = read_html(html)
    problems = list(parser.problems)
    found = Counter()
    for place, text in parser.texts:
        for match in MARKER.finditer(text):
            field_id, payload_id = int(match.group(1)), int(match.group(2))
            if _intact(text, match.end(), payload_id, place):
                found[(field_id, payload_id)] += 1
            else:
                problems.append(
                    f"payload {payload_id} ({PAYLOADS[payload_id]!r}) changed in {place}: "
                    f"{text[match.start() : match.end() + 120]!r}"
                )
    # Every marker in the page source was read back as text: none hides in markup. (Markers
    # are letters and digits, the same escaped or not.)
    in_source = Counter((int(m.group(1)), int(m.group(2))) for m in MARKER.finditer(html))
    for key, count in in_source.items():
        if found[key] < count:
            problems.append(f"payload {key[1]} of field {key[0]} found outside text: {count}")
    # `{{7*7}}` and its kind must read as typed, never as their result.
    problems += [f"template evaluated: {m.group(0)}" for m in EVALUATED.finditer(html)]
    missing = [
        (name, payload_id)
        for name, payload_ids in expected.items()
        for payload_id in payload_ids
        if not found[(LEDGER.field_id(name), payload_id)]
    ]
    assert not problems, f"{where}: " + "\n".join(problems[:20])
    assert not missing, f"{where}: stored values not shown: {missing[:10]} ({len(missing)})"
    LEDGER.checked.update(expected)
    if anything:
        # A page showing whatever it shows (the audit log): count what it showed.
        return len(found)
    return sum(len(payload_ids) for payload_ids in expected.values())


ALLOWED_ARTICLE_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "sub", "sup", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ARTICLE_ATTRIBUTES = {"href", "title", "scope", "rel"}


class _Fragment(HTMLParser):
    """The elements and attributes of rendered Markdown, to hold against the sanitiser's list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_ARTICLE_TAGS:
            self.problems.append(f"<{tag}> in sanitised text")
        for name, value in attrs:
            if name not in ALLOWED_ARTICLE_ATTRIBUTES:
                self.problems.append(f"{name}= on <{tag}> in sanitised text")
            if name == "href" and value and not re.match(r"(https?:|mailto:|/|#)", value.strip()):
                self.problems.append(f"href={value!r} in sanitised text")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def check_sanitised(fragment, payload_ids, field_name, *, where):
    """Rendered Markdown: only the sanitiser's elements, attributes and URL schemes; each
    payload's marker is still there (the text around a payload is kept) and no template ran.
    Returns the number of (payload, field) checks."""
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.text)
    field_id = LEDGER.field_id(field_name)
    problems = list(parser.problems)
    problems += [
        f"template evaluated: payload {payload_id}"
        for payload_id in payload_ids
        if f"{start(field_id, payload_id)}49" in text
    ]
    missing = [p for p in payload_ids if start(field_id, p) not in text]
    LEDGER.checked.add(field_name)
    assert not problems, f"{where}: " + "\n".join(problems[:20])
    assert not missing, f"{where}: markers lost: {missing[:10]}"
    return len(payload_ids)


def check_feed(xml_bytes, expected_titles, field_name, *, where):
    """A feed is well-formed XML and its titles are the stored text as typed. Returns (checks,
    descriptions): a description is HTML for feed readers (Atom says type="html"), for the
    caller to check as such."""
    # Our own feed, in a test: raises on anything not well-formed.
    root = ElementTree.fromstring(xml_bytes)  # noqa: S314
    titles = " ".join(
        element.text or "" for element in root.iter() if element.tag.split("}")[-1] == "title"
    )
    count = check_html(f"<p>{_escape(titles)}</p>", {field_name: expected_titles}, where=where)
    descriptions = [
        element.text or ""
        for element in root.iter()
        if element.tag.split("}")[-1] in ("description", "summary", "content")
    ]
    return count, descriptions


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LEDGER = Ledger()


def text_fields(form, exclude=()):
    """The free-text fields of a form instance: plain CharFields (model CharFields and
    TextFields included) that people see. E-mail, URL, slug, number and choice fields are not
    free text: they refuse markup by their type, so the payloads go into the others."""
    return {
        name: form_field.max_length
        for name, form_field in form.fields.items()
        if type(form_field) is forms.CharField
        and not form_field.widget.is_hidden
        and name not in exclude
    }


def fill(area, form, data, *, exclude=(), everything=False):
    """`data` with every free-text field of `form` carrying payloads. Returns (data, expected),
    expected being {ledger name: payload ids}. A field whose own validation refuses a value
    (a phone number pattern, say) keeps its ordinary value, and the refusal is recorded."""
    data = dict(data)
    expected = {}
    for name, max_length in text_fields(form, exclude).items():
        if not everything and LEDGER.covered(f"{area}.{name}") >= len(PAYLOADS):
            # Every payload has been through this field already: a plain value keeps later
            # objects (there for the shorter fields) small.
            data.setdefault(name, "plain")
            continue
        value, payload_ids = LEDGER.pack(f"{area}.{name}", max_length, everything=everything)
        if not payload_ids:
            continue
        if not everything:
            try:
                form.fields[name].clean(value)
            except Exception as error:  # a validator of the field, not the payload: skip it
                LEDGER.skipped.append((f"{area}.{name}", None, str(error)))
                continue
        data[name] = value
        expected[f"{area}.{name}"] = payload_ids
    return data, expected


def only(expected, *names):
    """The part of `expected` for the fields a page shows (given without the area prefix)."""
    return {key: ids for key, ids in expected.items() if key.split(".", 1)[1] in names}


def visit(client, url, expected, *, area, page, status=200, method="get"):
    """Fetch a page, check it, and count its (payload, field) checks under (area, page)."""
    response = getattr(client, method)(url)
    assert response.status_code == status, (url, response.status_code)
    count = check_html(response.content.decode(), expected, where=f"{area} {page} {url}")
    LEDGER.checks[(area, page)] += count
    return response


def tally(area, page, count):
    LEDGER.checks[(area, page)] += count


def fill_named(area, fields, data=None):
    """Like fill, for forms given by their free-text fields ({name: max length}), on pages
    with several forms. Returns (data, expected)."""
    data = dict(data or {})
    expected = {}
    for name, max_length in fields.items():
        value, payload_ids = LEDGER.pack(f"{area}.{name}", max_length)
        data[name] = value
        expected[f"{area}.{name}"] = payload_ids
    return data, expected
