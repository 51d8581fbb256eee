"""The public help form (/ru/help/, /en/help/) and the code page it answers with."""

# Russian test data: Cyrillic letters are meant, not look-alikes of Latin ones.

import io
import uuid
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image

from audit.models import AuditEntry
from intake import codes
from intake.models import Attachment, FollowUpCode, HelpRequest
from intake.public_forms import HONEYPOT_FILLED

pytestmark = pytest.mark.django_db

FORM_URL = "/ru/help/"
SENDER_ADDRESS = "203.0.113.77"
SCRIPT = "<script>alert('x')</script>"
TEXT_FIELDS = ["description", "city", "place", "since_when", "contact_handle", "safe_times"]


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "website": "",
        "writer_kind": HelpRequest.WriterKind.RELATIVE,
        "danger": HelpRequest.Danger.YES,
        "situations": [
            HelpRequest.Situation.FORCED_LABOUR,
            HelpRequest.Situation.STRANDED_WITHOUT_DOCUMENTS,
        ],
        "description": "Брата держат на кирпичном заводе, паспорт забрали.",
        "country": "RU",
        "city": "Кизляр",
        "place": "Кирпичный завод у трассы",
        "since_when": "С марта",
        "people_count": "3",
        "contact_channel": HelpRequest.ContactChannel.TELEGRAM,
        "contact_handle": "@example_handle",
        "safe_times": "После 20:00",
        "write_only": "on",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def png(name="photo.png", size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def submit(client, url=FORM_URL, HTTP_X_REAL_IP=None, **overrides):
    headers = {"HTTP_X_REAL_IP": HTTP_X_REAL_IP} if HTTP_X_REAL_IP else {}
    return client.post(url, form_data(**overrides), REMOTE_ADDR=SENDER_ADDRESS, **headers)


def form_of(response):
    return response.context["form"]


def test_form_page_asks_about_danger_with_the_emergency_number(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert 'name="danger"' in response.content.decode()
    assert "112" in response.content.decode()


def test_form_page_carries_a_fresh_submission_token_each_time(client):
    first = form_of(client.get(FORM_URL))["submission_token"].value()
    second = form_of(client.get(FORM_URL))["submission_token"].value()
    assert first and second and first != second


def test_submitting_in_russian_stores_one_request_with_the_answers_entered(client):
    submit(client)
    stored = HelpRequest.objects.get()
    assert (
        stored.language,
        stored.channel,
        stored.writer_kind,
        stored.danger,
        stored.situations,
        stored.country.code,
        stored.city,
        stored.place,
        stored.since_when,
        stored.people_count,
        stored.contact_channel,
        stored.contact_handle,
        stored.safe_times,
        stored.write_only,
        stored.no_contact,
        stored.description,
    ) == (
        "ru",
        HelpRequest.Channel.WEB_FORM,
        "relative",
        "yes",
        ["forced_labour", "stranded"],
        "RU",
        "Кизляр",
        "Кирпичный завод у трассы",
        "С марта",
        3,
        "telegram",
        "@example_handle",
        "После 20:00",
        True,
        False,
        "Брата держат на кирпичном заводе, паспорт забрали.",
    )


def test_request_in_danger_is_queued_as_immediate_danger(client):
    submit(client, danger=HelpRequest.Danger.YES)
    assert HelpRequest.objects.get().urgency == HelpRequest.Urgency.IMMEDIATE_DANGER


def test_nothing_stored_with_the_request_holds_the_senders_address(client):
    submit(client, files=[png()])
    help_request = HelpRequest.objects.get()
    rows = [
        *HelpRequest.objects.filter(pk=help_request.pk).values(),
        *FollowUpCode.objects.filter(request=help_request).values(),
        *Attachment.objects.filter(request=help_request).values(),
        *AuditEntry.objects.values(),
    ]
    assert rows
    for row in rows:
        for value in row.values():
            assert SENDER_ADDRESS not in str(value)


def test_code_page_shows_a_code_that_opens_the_stored_request(client):
    response = submit(client)
    code = response.context["code"]
    assert code in response.content.decode()
    assert FollowUpCode.objects.filter(
        request=HelpRequest.objects.get(), code_hash=codes.hash_code(code)
    ).exists()


def test_code_on_a_russian_page_is_seven_words_from_the_russian_list(client):
    code = submit(client).context["code"]
    words = code.split()
    assert len(words) == 7
    assert set(words) <= set(codes.words_for("ru"))


def test_code_itself_is_not_stored(client):
    code = submit(client).context["code"]
    for row in FollowUpCode.objects.values():
        assert code not in str(row)
    assert code not in str(list(HelpRequest.objects.values()))


def test_code_page_offers_the_code_as_a_small_text_file(client):
    response = submit(client)
    html = response.content.decode()
    assert 'download="notes.txt"' in html
    assert 'href="data:text/plain;charset=utf-8,' in html
    assert quote(response.context["code"], safe="") in html


def test_code_page_tells_where_to_come_back(client):
    html = submit(client).content.decode()
    assert 'href="/ru/help/follow-up/"' in html


def test_code_page_is_the_post_response_itself_and_never_cached(client):
    response = submit(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_missing_required_answers_show_the_form_again_with_the_text_kept(client):
    response = submit(client, writer_kind=None, situations=None, danger=None)
    form = form_of(response)
    assert response.status_code == 200
    assert set(form.errors) == {"writer_kind", "situations", "danger"}
    assert "Брата держат на кирпичном заводе" in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_empty_description_is_asked_for(client):
    response = submit(client, description="   ")
    assert form_of(response).has_error("description", "required")
    assert HelpRequest.objects.count() == 0


def test_a_hundred_kilobytes_of_text_is_refused_with_a_clear_message(client):
    response = submit(client, description="а" * 100_000)
    form = form_of(response)
    assert response.status_code == 200
    assert form.has_error("description", "max_length")
    assert escape(form.errors["description"][0]) in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_long_text_is_not_cut_short_by_the_browser(client):
    html = client.get(FORM_URL).content.decode()
    assert 'maxlength="10000"' not in html


def test_contact_channel_without_a_number_asks_for_it(client):
    response = submit(client, contact_handle="")
    assert form_of(response).has_error("contact_handle")
    assert HelpRequest.objects.count() == 0


def test_choosing_no_contact_keeps_no_contact_details(client):
    submit(client, no_contact="on")
    stored = HelpRequest.objects.get()
    assert (
        stored.no_contact,
        stored.contact_channel,
        stored.contact_handle,
        stored.safe_times,
    ) == (
        True,
        "",
        "",
        "",
    )


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_html_typed_into_a_text_field_is_stored_as_typed(client, field):
    submit(client, **{field: SCRIPT})
    assert getattr(HelpRequest.objects.get(), field) == SCRIPT


def test_html_in_every_text_field_is_shown_inert_on_the_code_page(client):
    response = submit(client, **dict.fromkeys(TEXT_FIELDS, SCRIPT))
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_html_in_every_text_field_is_shown_inert_when_the_form_comes_back(client):
    response = submit(client, writer_kind=None, **dict.fromkeys(TEXT_FIELDS, SCRIPT))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert escape(SCRIPT) in html


def test_photo_is_stored_with_the_request(client):
    submit(client, files=[png()])
    attachment = Attachment.objects.get()
    assert (attachment.request, attachment.message, attachment.content_type) == (
        HelpRequest.objects.get(),
        None,
        "image/png",
    )


def test_png_named_as_a_pdf_is_accepted_by_its_content(client):
    submit(client, files=[png("scan.pdf")])
    assert Attachment.objects.get().content_type == "image/png"


def test_text_disguised_as_a_photo_is_refused_and_the_text_kept(client):
    disguised = SimpleUploadedFile("photo.jpg", b"just some text", content_type="image/jpeg")
    response = submit(client, files=[disguised])
    assert form_of(response).has_error("files", "bad_type")
    assert "Брата держат на кирпичном заводе" in response.content.decode()
    assert HelpRequest.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_oversized_file_is_refused_and_the_text_kept(client, settings):
    settings.UPLOAD_MAX_FILE_SIZE = 50
    response = submit(client, files=[png(size=(64, 64))])
    assert form_of(response).has_error("files", "too_large")
    assert "Брата держат на кирпичном заводе" in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_more_files_than_allowed_are_refused(client, settings):
    settings.INTAKE_MAX_FILES = 1
    response = submit(client, files=[png("a.png"), png("b.png")])
    assert form_of(response).has_error("files", "too_many")
    assert HelpRequest.objects.count() == 0


def test_form_sent_back_with_files_asks_to_choose_them_again(client):
    response = submit(client, url="/en/help/", writer_kind=None, files=[png()])
    assert "Please choose your files again" in response.content.decode()


def test_form_sent_back_without_files_does_not_mention_files(client):
    response = submit(client, url="/en/help/", writer_kind=None)
    assert "Please choose your files again" not in response.content.decode()


def test_double_submission_with_the_same_token_stores_one_request(client):
    token = str(uuid.uuid4())
    submit(client, submission_token=token)
    submit(client, submission_token=token)
    assert HelpRequest.objects.count() == 1


def test_double_submission_gives_two_codes_that_both_open_the_request(client):
    token = str(uuid.uuid4())
    first = submit(client, submission_token=token).context["code"]
    second = submit(client, submission_token=token).context["code"]
    help_request = HelpRequest.objects.get()
    assert first != second
    assert set(help_request.follow_up_codes.values_list("code_hash", flat=True)) == {
        codes.hash_code(first),
        codes.hash_code(second),
    }


def test_the_same_form_sent_again_after_a_while_gets_no_code(client):
    token = str(uuid.uuid4())
    submit(client, submission_token=token)
    HelpRequest.objects.update(created_at=timezone.now() - timedelta(hours=1))
    response = submit(client, submission_token=token)
    assert response.status_code == 200
    assert "code" not in response.context
    assert HelpRequest.objects.get().follow_up_codes.count() == 1


def test_the_same_form_sent_again_after_staff_read_it_gets_no_code(client):
    token = str(uuid.uuid4())
    submit(client, submission_token=token)
    HelpRequest.objects.update(read_at=timezone.now())
    response = submit(client, submission_token=token)
    assert "code" not in response.context
    assert HelpRequest.objects.get().follow_up_codes.count() == 1


def test_error_reports_never_carry_what_the_writer_typed(client, monkeypatch, caplog):
    from django.views.debug import SafeExceptionReporterFilter

    def crash(**kwargs):
        raise RuntimeError("storage failed")

    monkeypatch.setattr("intake.views.public.actions.submit_request", crash)
    client.raise_request_exception = False
    response = submit(client, description="Брата держат у Ахмеда")
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    # What an error mail to ADMINS would list as the POST data of this request.
    reported = SafeExceptionReporterFilter().get_post_parameters(record.request)
    assert "Брата держат у Ахмеда" not in str(reported)
    assert "@example_handle" not in str(reported)


# The token is a hidden field: an error on it would be shown nowhere and stop the writer.
@pytest.mark.parametrize(
    "token", [None, "not-a-token", "x" * 101, str(uuid.uuid4()) + "\x00", ["a", "b"]]
)
def test_form_without_a_valid_token_is_still_stored(client, token):
    response = submit(client, submission_token=token)
    assert response.context["code"]
    assert HelpRequest.objects.count() == 1


def test_filled_honeypot_stores_nothing_and_returns_the_form_with_the_answers(client):
    response = submit(client, website="http://spam.example")
    assert HelpRequest.objects.count() == 0
    assert response.templates[0].name == "intake/public/request_form.html"
    page = response.content.decode()
    with translation.override("ru"):
        assert escape(str(HONEYPOT_FILLED)) in page
    assert "Брата держат" in page
    # The trap is shown empty, so sending the form again goes through.
    assert "http://spam.example" not in page


def test_a_honeypot_filled_with_a_nul_byte_is_a_filled_honeypot(client):
    response = submit(client, website="\x00")
    assert HelpRequest.objects.count() == 0
    assert response.context["form"].non_field_errors() == [HONEYPOT_FILLED]
    assert "website" not in response.context["form"].errors


def test_form_sent_again_without_the_honeypot_is_stored(client):
    submit(client, website="http://spam.example")
    response = submit(client)
    assert response.context["code"]
    assert HelpRequest.objects.count() == 1


def test_honeypot_is_hidden_from_people_and_the_keyboard(client):
    html = client.get(FORM_URL).content.decode()
    assert 'class="hp" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html


def test_submissions_over_the_rate_limit_are_refused_with_429(client, settings):
    settings.INTAKE_SUBMIT_RATE = "2/m"
    submit(client)
    submit(client)
    response = submit(client, description="Третье сообщение")
    assert response.status_code == 429
    assert response.context["rate_limit_message"] in response.content.decode()
    assert "Третье сообщение" in response.content.decode()
    assert HelpRequest.objects.count() == 2


def test_a_refusal_is_logged_with_the_form_but_not_the_sender(client, settings, caplog):
    settings.INTAKE_SUBMIT_RATE = "1/m"
    submit(client)
    with caplog.at_level("WARNING", logger="svoboda.http"):
        submit(client)
    [record] = [r for r in caplog.records if r.name == "svoboda.http"]
    assert record.getMessage() == "rate limit refused a POST to intake.submit"
    assert SENDER_ADDRESS not in record.getMessage()


def test_forms_with_files_are_limited_even_when_incomplete(client, settings):
    """Checking photos costs CPU and memory: incomplete forms with files count too."""
    settings.INTAKE_UPLOAD_RATE = "2/m"
    for _ in range(2):
        response = submit(client, writer_kind=None, files=[png()])
        assert response.status_code == 200
    response = submit(client, writer_kind=None, files=[png()])
    assert response.status_code == 429
    assert response.context["rate_limit_message"]
    # Without files, the writer can still correct and send the form.
    assert submit(client).context["code"]


def test_forms_sent_back_for_correction_do_not_use_up_the_rate_limit(client, settings):
    settings.INTAKE_SUBMIT_RATE = "2/m"
    submit(client, writer_kind=None)
    submit(client, writer_kind=None)
    response = submit(client)
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 1


def test_rate_limit_counts_each_address_separately(client, settings):
    settings.INTAKE_SUBMIT_RATE = "1/m"
    submit(client)
    response = client.post(FORM_URL, form_data(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 2


def test_behind_the_proxy_each_client_address_has_its_own_limit(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.INTAKE_SUBMIT_RATE = "1/m"
    # Through nginx every request comes from 127.0.0.1; the client is in X-Real-IP.
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    client.post(FORM_URL, form_data(), HTTP_X_REAL_IP="203.0.113.1", **proxied)
    other = client.post(FORM_URL, form_data(), HTTP_X_REAL_IP="203.0.113.2", **proxied)
    again = client.post(FORM_URL, form_data(), HTTP_X_REAL_IP="203.0.113.1", **proxied)
    assert other.status_code == 200
    assert again.status_code == 429
    assert HelpRequest.objects.count() == 2


def test_without_a_proxy_the_real_ip_header_is_not_trusted(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.INTAKE_SUBMIT_RATE = "1/m"
    submit(client, HTTP_X_REAL_IP="203.0.113.1")
    response = submit(client, HTTP_X_REAL_IP="203.0.113.2")
    assert response.status_code == 429


def test_the_form_still_accepts_requests_when_the_rate_limit_cache_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("svoboda.http.get_usage", broken)
    response = submit(client)
    assert response.status_code == 200
    assert HelpRequest.objects.count() == 1


def test_showing_the_form_does_not_count_towards_the_rate_limit(client, settings):
    settings.INTAKE_SUBMIT_RATE = "1/m"
    for _ in range(3):
        client.get(FORM_URL, REMOTE_ADDR=SENDER_ADDRESS)
    assert submit(client).status_code == 200


def test_form_works_in_english(client):
    response = client.get("/en/help/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Ask for help" in response.content.decode()


def test_request_sent_from_the_english_form_is_english_with_an_english_code(client):
    code = submit(client, url="/en/help/").context["code"]
    assert HelpRequest.objects.get().language == "en"
    assert set(code.split()) <= set(codes.words_for("en"))


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("chosen", ["", "ZW", "not-a-country"])
def test_the_country_list_is_the_one_django_would_draw(language, chosen):
    """The help form draws its 250 countries from a cache (svoboda.countries.CountrySelect):
    the same options, names, order and choice as Django's own select."""
    from html.parser import HTMLParser

    from django import forms

    from intake.public_forms import COUNTRY_NOT_KNOWN, CountrySelect, country_choices

    class Options(HTMLParser):
        def __init__(self):
            super().__init__()
            self.options, self.select = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "select":
                self.select = dict(attrs)
            if tag == "option":
                self.options.append([dict(attrs).get("value"), "selected" in dict(attrs), ""])

        def handle_data(self, data):
            if self.options:
                self.options[-1][2] += data

    def parsed(widget):
        parser = Options()
        parser.feed(widget.render("country", chosen, attrs={"id": "id_country"}))
        return parser.select, [
            (value, chosen, text.strip()) for value, chosen, text in parser.options
        ]

    with translation.override(language):
        django_select = forms.Select(choices=country_choices())
        ours = CountrySelect(choices=country_choices(), blank_label=COUNTRY_NOT_KNOWN)
        assert parsed(ours) == parsed(django_select)
    assert len(parsed(ours)[1]) > 200
