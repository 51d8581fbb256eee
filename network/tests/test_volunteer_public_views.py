"""The public volunteer sign-up (/ru/volunteer/, /en/volunteer/) and the email confirmation."""

# Russian test data: Cyrillic letters are meant, not look-alikes of Latin ones.

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.tests.factories import BranchFactory
from audit.models import AuditEntry
from network.models import Volunteer
from network.notifications import confirmation_token
from network.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

FORM_URL = "/ru/volunteer/"
SENT_URL = "/ru/volunteer/sent/"
SENDER_ADDRESS = "203.0.113.41"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_branch(db):
    return BranchFactory(name="Kazan", city="Kazan", shown_publicly=True)


def form_data(**overrides):
    data = {
        "website": "",
        "full_name": "Анна Смирнова",
        "email": "anna.smirnova@example.org",
        "phone": "+7 900 123-45-67",
        "other_contact": "Telegram @anna_example",
        "country": "RU",
        "city": "Казань",
        "branch": "",
        "languages": ["ru", "tg"],
        "other_languages": "",
        "skills": ["legal", "driving"],
        "other_skills": "Бухгалтерия",
        "availability": ["weekends"],
        "motivation": "Хочу помогать людям вернуться домой.",
        "consent": "on",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def sign_up(client, url=FORM_URL, **overrides):
    return client.post(url, form_data(**overrides), REMOTE_ADDR=SENDER_ADDRESS)


def in_russian(message):
    """A message as the /ru/ page shows it, translated into Russian."""
    with translation.override("ru"):
        translated = gettext(message)
    assert re.search("[а-яё]", translated), f"no Russian for {message!r}"
    return escape(translated)


class Links(HTMLParser):
    """Every URL a page would load or link to."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[name] for name in ("src", "href", "action") if attrs.get(name)]


def urls_of(response):
    links = Links()
    links.feed(response.content.decode())
    return links.urls


def confirmation_path(mail):
    url = re.search(r"https?://\S+/volunteer/confirm/\S+/", mail.body).group(0)
    return url.removeprefix(settings.SITE_URL.rstrip("/"))


# The form page.


@pytest.mark.parametrize("prefix", ["ru", "en"])
def test_the_form_answers_in_the_language_of_its_address(client, prefix):
    response = client.get(f"/{prefix}/volunteer/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{prefix}">' in html
    assert f'action="/{prefix}/volunteer/"' in html


def test_the_russian_form_is_in_russian(client):
    assert "Стать волонтёром" in client.get(FORM_URL).content.decode()


def test_the_form_works_without_javascript_and_asks_for_consent(client):
    html = client.get(FORM_URL).content.decode()
    assert re.search(r'<form [^>]*method="post" action="/ru/volunteer/"', html)
    assert 'name="consent"' in html
    assert "<script" not in html


def sent_page(client, prefix):
    return client.get(f"/{prefix}/volunteer/sent/")


def form_page(client, prefix):
    return client.get(f"/{prefix}/volunteer/")


def invalid_form(client, prefix):
    return client.post(f"/{prefix}/volunteer/", form_data(full_name=""))


def confirm_page(client, prefix):
    volunteer = VolunteerFactory(email_confirmed_at=None)
    return client.get(f"/{prefix}/volunteer/confirm/{confirmation_token(volunteer)}/")


def broken_confirm_page(client, prefix):
    return client.get(f"/{prefix}/volunteer/confirm/not-a-token/")


PAGES = [form_page, invalid_form, sent_page, confirm_page, broken_confirm_page]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
@pytest.mark.parametrize("prefix", ["ru", "en"])
def test_no_page_loads_or_links_anything_from_other_hosts(client, visit, prefix):
    urls = urls_of(visit(client, prefix))
    assert urls
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), url


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_no_page_is_kept_in_a_cache(client, visit):
    assert "no-store" in visit(client, "ru")["Cache-Control"]


def test_the_page_sent_back_with_errors_is_not_cached(client):
    response = sign_up(client, email="wrong")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("visit", [sent_page, confirm_page, broken_confirm_page])
def test_pages_after_the_form_stay_out_of_search_engines(client, visit):
    response = visit(client, "ru")
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


# Sending the form.


def test_a_valid_form_stores_an_unconfirmed_application_and_says_to_check_the_mail(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    volunteer = Volunteer.objects.get()
    assert volunteer.full_name == "Анна Смирнова"
    assert volunteer.email == "anna.smirnova@example.org"
    assert volunteer.phone == "+7 900 123-45-67"
    assert volunteer.city == "Казань"
    assert volunteer.country.code == "RU"
    assert sorted(volunteer.languages) == ["ru", "tg"]
    assert sorted(volunteer.skills) == ["driving", "legal"]
    assert volunteer.availability == ["weekends"]
    assert volunteer.other_skills == "Бухгалтерия"
    assert volunteer.status == Volunteer.Status.APPLIED
    assert volunteer.email_confirmed_at is None
    assert volunteer.consented_at is not None
    assert volunteer.branch is None
    assert volunteer.user is None
    # Our mails to them speak the language of the page they used.
    assert volunteer.language == "ru"
    sent = client.get(SENT_URL)
    assert sent.status_code == 200
    assert in_russian("Thank you! Now check your email") in sent.content.decode()


def test_an_application_from_the_english_page_is_answered_in_english(client):
    response = sign_up(client, url="/en/volunteer/")
    assert response["Location"] == "/en/volunteer/sent/"
    assert Volunteer.objects.get().language == "en"


def test_the_applicant_may_choose_a_branch_shown_publicly(client, public_branch):
    assert sign_up(client, branch=str(public_branch.pk)).status_code == 302
    assert Volunteer.objects.get().branch == public_branch


def test_only_active_branches_shown_publicly_are_offered(client, branch, public_branch):
    closed = BranchFactory(name="Omsk", shown_publicly=True, is_active=False)
    html = client.get(FORM_URL).content.decode()
    # Offered by city and country, as on the public network page.
    assert f'<option value="{public_branch.pk}">Kazan, ' in html
    # `branch` (Moscow) is active but not shown publicly.
    assert f'<option value="{branch.pk}"' not in html
    assert "Moscow" not in html
    assert f'<option value="{closed.pk}"' not in html
    assert "Omsk" not in html


@pytest.mark.parametrize("hidden", ["not shown", "closed", "missing"])
def test_a_branch_not_offered_is_refused_with_a_message(client, branch, hidden):
    if hidden == "not shown":
        branch_id = branch.pk
    elif hidden == "closed":
        branch_id = BranchFactory(name="Omsk", shown_publicly=True, is_active=False).pk
    else:
        branch_id = 987654
    response = sign_up(client, branch=str(branch_id))
    assert response.status_code == 200
    assert response.context["form"].errors["branch"]
    # Django's own message, in Russian: "Select a valid choice."
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"full_name": ""}, "full_name", "Please tell us your name."),
        ({"full_name": "   "}, "full_name", "Please tell us your name."),
        ({"email": ""}, "email", "Please give your email address: we confirm it with a link."),
        (
            {"email": "anna.example.org"},
            "email",
            "This does not look like an email address. Please check it.",
        ),
        (
            {"phone": "call me maybe"},
            "phone",
            "Write the phone number with digits, for example +7 900 123-45-67.",
        ),
        (
            {"languages": None, "other_languages": ""},
            "languages",
            "Please tell us at least one language you speak.",
        ),
        ({"consent": None}, "consent", "We can only keep your details with your consent."),
        ({"city": ""}, "city", "Please tell us where you live."),
        ({"country": ""}, "country", "Please choose your country."),
        ({"motivation": ""}, "motivation", "Please write a few words about why."),
    ],
)
def test_bad_input_shows_the_form_again_with_a_message_and_stores_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, overrides, field, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    # The message is in the page's language, under the summary every public form shows.
    assert in_russian(message) in html
    assert "Пожалуйста, проверьте ответы, отмеченные ниже." in html
    # What the applicant typed is still there.
    if field != "email":
        assert 'value="anna.smirnova@example.org"' in html
    if field != "city":
        assert 'value="Казань"' in html
    assert re.search(r'value="legal"[^>]*checked', html)
    assert not Volunteer.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_the_form_sent_back_keeps_every_typed_value(client):
    html = sign_up(client, email="not an address").content.decode()
    assert 'value="Анна Смирнова"' in html
    assert 'value="not an address"' in html
    assert 'value="+7 900 123-45-67"' in html
    assert 'value="Telegram @anna_example"' in html
    assert 'value="Казань"' in html
    assert 'value="Бухгалтерия"' in html
    assert "Хочу помогать людям вернуться домой." in html
    assert re.search(r'value="legal"[^>]*checked', html)
    assert re.search(r'value="tg"[^>]*checked', html)
    assert re.search(r'value="weekends"[^>]*checked', html)
    assert not re.search(r'value="medical"[^>]*checked', html)
    assert re.search(r'<option value="RU" selected>', html)
    assert re.search(r'name="consent"[^>]*checked', html)


def test_an_english_page_shows_messages_in_english(client):
    response = client.post("/en/volunteer/", form_data(full_name=""))
    assert "Please tell us your name." in response.content.decode()


def test_a_message_can_never_inject_markup(client):
    html = sign_up(client, full_name="<script>alert(1)</script>", email="x").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bot_filling_the_honeypot_sees_the_same_page_and_nothing_is_stored(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, website="http://spam.example.com")
    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert not Volunteer.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_the_honeypot_is_hidden_from_people_and_the_keyboard(client):
    html = client.get(FORM_URL).content.decode()
    assert '<div class="hp" aria-hidden="true">' in html
    assert re.search(r'<input[^>]*name="website"[^>]*tabindex="-1"', html)


def test_signing_up_again_with_a_confirmed_address_shows_the_same_page_and_changes_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    first = sign_up(client, email="new.person@example.org")
    existing = VolunteerFactory(
        full_name="Ольга Орлова",
        email="olga.orlova@example.org",
        phone="+7 911 000-00-00",
        city="Самара",
        status=Volunteer.Status.INTERVIEWED,
    )
    before = Volunteer.objects.values().get(pk=existing.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = sign_up(client, email="Olga.Orlova@example.org", full_name="Кто-то другой")
    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"] == SENT_URL
    assert Volunteer.objects.values().get(pk=existing.pk) == before
    assert Volunteer.objects.count() == 2
    # Only the address's owner hears of it, by mail.
    assert [mail.to for mail in mailoutbox] == [["olga.orlova@example.org"]]
    assert "/volunteer/confirm/" not in mailoutbox[0].body


def test_signing_up_again_before_confirming_keeps_one_application_with_the_new_details(client):
    sign_up(client)
    response = sign_up(client, full_name="Анна Петровна Смирнова", city="Самара")
    assert response["Location"] == SENT_URL
    volunteer = Volunteer.objects.get()
    assert volunteer.full_name == "Анна Петровна Смирнова"
    assert volunteer.city == "Самара"
    assert volunteer.email_confirmed_at is None


def test_the_form_and_the_sent_page_reveal_no_volunteer(client, public_branch):
    VolunteerFactory(
        full_name="Тимур Рахимов",
        email="timur.rakhimov@example.org",
        phone="+7 999 111-22-33",
        city="Uniquetown",
        branch=public_branch,
        status=Volunteer.Status.ACTIVE,
    )
    VolunteerFactory(
        full_name="Зарина Алиева", email="zarina.alieva@example.org", email_confirmed_at=None
    )
    pages = [
        client.get(FORM_URL),
        client.get("/en/volunteer/"),
        sign_up(client, email="zarina.alieva@example.org"),
        client.get(SENT_URL),
        sign_up(client, email="broken"),
    ]
    for response in pages:
        html = response.content.decode()
        for secret in (
            "Тимур",
            "Рахимов",
            "timur.rakhimov",
            "999 111",
            "Uniquetown",
            "Зарина",
            "zarina.alieva",
        ):
            assert secret not in html, (response.request["PATH_INFO"], secret)


# Rate limit. Counted per day in these tests: a window of a minute can end between two posts
# of a slow test run and let the third one through.


def test_sign_ups_over_the_rate_limit_are_refused_with_429_and_the_form_kept(client, settings):
    settings.VOLUNTEER_SIGN_UP_RATE = "2/d"
    sign_up(client, email="one@example.org")
    sign_up(client, email="two@example.org")
    response = sign_up(client, email="three@example.org", full_name="Третья Попытка")
    html = response.content.decode()
    assert response.status_code == 429
    assert response.context["rate_limit_message"] in html
    assert 'value="Третья Попытка"' in html
    assert 'value="three@example.org"' in html
    assert "no-store" in response["Cache-Control"]
    assert Volunteer.objects.count() == 2


def test_the_rate_limit_message_is_in_the_page_language(client, settings):
    settings.VOLUNTEER_SIGN_UP_RATE = "1/d"
    sign_up(client, email="one@example.org")
    response = sign_up(client, email="two@example.org")
    assert response.status_code == 429
    minutes = int(re.search(r"\d+", response.context["rate_limit_message"]).group(0))
    assert 1 <= minutes <= 24 * 60
    with translation.override("ru"):
        expected = translation.ngettext(
            "This form was sent many times from your connection in a short while. Please "
            "try again in %(minutes)d minute. What you wrote is still here.",
            "This form was sent many times from your connection in a short while. Please "
            "try again in %(minutes)d minutes. What you wrote is still here.",
            minutes,
        ) % {"minutes": minutes}
    assert re.search("[а-я]", expected)
    assert escape(expected) in response.content.decode()


def test_forms_sent_back_for_correction_do_not_use_up_the_rate_limit(client, settings):
    settings.VOLUNTEER_SIGN_UP_RATE = "1/d"
    sign_up(client, full_name="")
    sign_up(client, email="bad")
    assert sign_up(client).status_code == 302
    assert Volunteer.objects.count() == 1


def test_the_rate_limit_counts_each_address_separately(client, settings):
    settings.VOLUNTEER_SIGN_UP_RATE = "1/d"
    sign_up(client, email="one@example.org")
    response = client.post(FORM_URL, form_data(email="two@example.org"), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert Volunteer.objects.count() == 2


def test_showing_the_form_does_not_count_towards_the_rate_limit(client, settings):
    settings.VOLUNTEER_SIGN_UP_RATE = "1/d"
    for _ in range(3):
        client.get(FORM_URL, REMOTE_ADDR=SENDER_ADDRESS)
    assert sign_up(client).status_code == 302


def test_the_form_still_accepts_sign_ups_when_the_rate_limit_cache_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("svoboda.http.get_usage", broken)
    assert sign_up(client).status_code == 302
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, method):
    assert getattr(client, method)(FORM_URL).status_code == 405


# Confirmation.


@pytest.fixture
def link(client, mailoutbox, django_capture_on_commit_callbacks):
    """The confirmation link from the mail a Russian sign-up receives."""
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_up(client).status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["anna.smirnova@example.org"]
    return confirmation_path(mail)


def test_the_mail_links_to_the_confirmation_page_in_the_applicants_language(link):
    assert link.startswith("/ru/volunteer/confirm/")


def test_opening_the_link_asks_for_a_click_and_confirms_nothing(client, link):
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post"' in html
    assert in_russian("Confirm") in html
    assert Volunteer.objects.get().email_confirmed_at is None
    assert not AuditEntry.objects.filter(verb="network.volunteer_confirmed").exists()


def test_pressing_the_button_confirms_the_address(client, link):
    response = client.post(link)
    assert response.status_code == 200
    assert in_russian("Thank you: your offer is confirmed") in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    volunteer = Volunteer.objects.get()
    assert volunteer.email_confirmed_at is not None
    assert volunteer.status == Volunteer.Status.APPLIED
    assert AuditEntry.objects.filter(verb="network.volunteer_confirmed").count() == 1


def test_confirming_twice_is_fine_and_changes_nothing(client, link):
    client.post(link)
    confirmed_at = Volunteer.objects.get().email_confirmed_at
    again = client.post(link)
    assert again.status_code == 200
    assert in_russian("Thank you: your offer is confirmed") in again.content.decode()
    assert Volunteer.objects.get().email_confirmed_at == confirmed_at
    assert AuditEntry.objects.filter(verb="network.volunteer_confirmed").count() == 1
    assert client.get(link).status_code == 200


def tampered(link):
    token = link.removeprefix("/ru/volunteer/confirm/").removesuffix("/")
    value, signature = token.rsplit(":", 1)
    return f"/ru/volunteer/confirm/{value}:{signature[::-1]}/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_does_not_work(client, link, method):
    response = getattr(client, method)(tampered(link))
    html = response.content.decode()
    assert response.status_code == 400
    assert in_russian("This link does not work") in html
    assert '<form method="post"' not in html
    assert Volunteer.objects.get().email_confirmed_at is None


def test_only_the_newest_link_confirms(
    client, link, mailoutbox, django_capture_on_commit_callbacks
):
    """Someone who sends the form again with Anna's address and their own contacts must not
    have their details confirmed by the link Anna already holds."""
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, other_contact="Telegram @someone_else")
    newest = confirmation_path(mailoutbox[-1])

    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert Volunteer.objects.get().email_confirmed_at is None
    # The newest link shows what it confirms, so the address's owner sees the change.
    assert "@someone_else" in client.get(newest).content.decode()
    assert client.post(newest).status_code == 200
    assert Volunteer.objects.get().is_confirmed


def test_a_link_carries_neither_the_address_nor_the_id(link):
    token = link.removeprefix("/ru/volunteer/confirm/")
    assert "anna" not in token.lower()
    assert "example" not in token.lower()


def test_an_expired_link_does_not_work(client, link, settings):
    settings.VOLUNTEER_CONFIRMATION_MAX_AGE = -1
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert Volunteer.objects.get().email_confirmed_at is None


def test_only_a_working_link_shows_the_details_it_confirms(client, link):
    asked = client.get(link).content.decode()
    assert "Анна Смирнова" in asked
    assert "@anna_example" in asked
    for response in (client.post(link), client.get(tampered(link))):
        html = response.content.decode()
        assert "Анна" not in html
        assert "anna.smirnova" not in html


# With CSRF checks on, as in a browser.

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_form_and_the_confirmation_work_with_csrf_checks_on(
    mailoutbox, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(FORM_URL).content.decode()
    assert browser.post(FORM_URL, form_data(), REMOTE_ADDR=SENDER_ADDRESS).status_code == 403
    data = {**form_data(), "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1)}
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(FORM_URL, data, REMOTE_ADDR=SENDER_ADDRESS).status_code == 302
    link = confirmation_path(mailoutbox[0])
    # The link opens in another browser than the one that signed up.
    other = Client(enforce_csrf_checks=True)
    asked = other.get(link).content.decode()
    token = CSRF_INPUT.search(asked).group(1)
    assert other.post(link, {"csrfmiddlewaretoken": token}).status_code == 200
    assert Volunteer.objects.get().email_confirmed_at is not None
