"""The load test's own HTTP client and figures (svoboda/loadtest): a response read wrongly or a
percentile off by one would make `make loadtest` report figures that are not the server's."""

import pytest

from svoboda.loadtest import client, form
from svoboda.loadtest.scenario import percentile


def test_a_response_with_a_length_is_read_whole():
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: csrftoken=abc; Path=/\r\n\r\nhello"
    response = client.parse(raw)
    assert response.status == 200
    assert response.body == b"hello"
    assert form.csrf_cookie(response.header_values("set-cookie")) == "abc"


def test_a_chunked_response_is_joined():
    raw = (
        b"HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    response = client.parse(raw)
    assert (response.status, response.body) == (503, b"abcde")


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nContent-Len",
        b"not http\r\n\r\n",
    ],
)
def test_a_cut_or_garbled_response_is_an_error_not_a_success(raw):
    with pytest.raises(client.ProtocolError):
        client.parse(raw)


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.99) == 99
    assert percentile([7], 0.95) == 7
    assert percentile([], 0.95) is None


def test_only_the_code_page_counts_as_an_acknowledgement():
    assert form.is_acknowledged(200, '<p class="code" id="follow-up-code">a b c</p>')
    assert not form.is_acknowledged(429, '<p id="follow-up-code">')
    assert not form.is_acknowledged(200, "<form>the form again, with errors</form>")


def test_the_form_page_must_carry_its_tokens():
    page = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="t1">'
        '<input type="hidden" name="submission_token" value="t2" id="id_submission_token">'
    )
    assert form.hidden_fields(page) == {"csrfmiddlewaretoken": "t1", "submission_token": "t2"}
    with pytest.raises(form.FormPageError):
        form.hidden_fields('<input type="hidden" name="csrfmiddlewaretoken" value="t1">')
