"""Every POST form on the pages people use carries a CSRF token.

The test client skips CSRF checks, so a form that lost its token (for example in an
`{% include ... only %}` that drops `csrf_token` from the context) would pass every view test and
fail in every browser. This test reads the forms as a browser would.
"""

from html.parser import HTMLParser

import pytest

from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory
from intake.tests.factories import HelpRequestFactory


class PostForms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []  # [action, token or None]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append([attrs.get("action"), None])
        elif tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1][1] = attrs.get("value")


def post_forms(response):
    parser = PostForms()
    parser.feed(response.content.decode())
    return parser.forms


def assert_every_post_form_has_a_token(response):
    assert response.status_code == 200
    forms = post_forms(response)
    assert forms, "the page was expected to have forms"
    missing = [action for action, token in forms if not token]
    assert not missing, f"forms without a CSRF token: {missing}"


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    ParticipantFactory(case=case)
    HelpRequestFactory(case=case, branch=branch, status="accepted")
    return case


@pytest.mark.django_db
def test_request_page_forms_carry_a_token(client, coordinator):
    request = HelpRequestFactory()
    client.force_login(coordinator)
    assert_every_post_form_has_a_token(client.get(request.get_absolute_url()))


@pytest.mark.django_db
def test_case_page_forms_carry_a_token(client, coordinator, case):
    client.force_login(coordinator)
    assert_every_post_form_has_a_token(client.get(case.get_absolute_url()))


@pytest.mark.django_db
def test_person_page_forms_carry_a_token(client, coordinator, case):
    client.force_login(coordinator)
    person = case.participants.first().person
    assert_every_post_form_has_a_token(client.get(person.get_absolute_url()))


@pytest.mark.django_db
def test_handover_page_forms_carry_a_token(client, coordinator, caseworker, case):
    client.force_login(coordinator)
    response = client.get("/workspace/handover/", {"user": caseworker.pk})
    assert_every_post_form_has_a_token(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ru/help/", "/en/help/follow-up/", "/workspace/requests/new/"])
def test_other_form_pages_carry_a_token(client, coordinator, path):
    client.force_login(coordinator)
    assert_every_post_form_has_a_token(client.get(path))
