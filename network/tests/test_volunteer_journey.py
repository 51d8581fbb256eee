"""A volunteer's whole way in, with mail delivered through a real SMTP server (aiosmtpd):
sign-up -> confirmation link -> vetting to active -> account -> put on an operation team ->
notified. Transactions really commit here, so mail leaves exactly as it would in production
(after commit, through the job queue's send_email task)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from accounts.roles import Role
from accounts.tests.factories import BranchFactory, UserFactory
from cases.models import Case
from cases.tests.factories import CaseFactory
from network.models import Volunteer
from operations import actions as operation_actions
from operations.models import TeamMember
from operations.tests.factories import plan

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+")


def _link_in(message):
    body = message.get_body(preferencelist=("plain",)).get_content()
    return urlsplit(LINK.search(body).group(0)).path, body


def _sign_up(client, branch):
    return client.post(
        "/en/volunteer/",
        {
            "full_name": "Lena Synthetic",
            "email": "Lena.Synthetic@example.org",
            "phone": "+7 900 111-22-33",
            "country": "RU",
            "city": "Moscow",
            "branch": branch.pk,
            "languages": ["ru", "en"],
            "skills": ["driving"],
            "availability": ["weekends"],
            "motivation": "I drive and have weekends free.",
            "consent": "on",
        },
    )


def test_sign_up_to_notified_team_member_through_a_real_smtp_server(client, smtp_server):
    branch = BranchFactory(name="Moscow", city="Moscow", country="RU", shown_publicly=True)
    coordinator = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    case = CaseFactory(branch=branch, created_by=coordinator, status=Case.Status.VERIFYING)

    # 1. Sign-up: stored unconfirmed, and a confirmation link is mailed.
    response = _sign_up(client, branch)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.email == "lena.synthetic@example.org"
    assert not volunteer.is_confirmed
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "lena.synthetic@example.org"
    assert "Confirm your offer" in confirmation["Subject"]
    path, _body = _link_in(confirmation)

    # 2. Opening the link asks; confirming is a POST (mail scanners only GET).
    assert client.get(path).status_code == 200
    volunteer.refresh_from_db()
    assert not volunteer.is_confirmed
    assert client.post(path).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.is_confirmed

    # 3. The branch's coordinator vets the volunteer to active, step by step.
    client.force_login(coordinator)
    for status in ["interviewed", "checked", "trained", "active"]:
        response = client.post(
            f"/workspace/volunteers/{volunteer.pk}/move/",
            {"to_status": status, "note": f"Step {status} done."},
        )
        assert response.status_code == 302, response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE
    assert [step.to_status for step in volunteer.steps.all()] == [
        "interviewed",
        "checked",
        "trained",
        "active",
    ]

    # 4. Becoming active opened an account; its mail lets the volunteer choose a password.
    account = volunteer.user
    assert account.email == volunteer.email
    assert account.groups.filter(name=Role.VOLUNTEER.value).exists()
    assert list(account.branches.all()) == [branch]
    invitation = smtp_server.messages[1]
    assert invitation["To"] == volunteer.email
    assert "Welcome" in invitation["Subject"]
    reset_path, _body = _link_in(invitation)
    client.logout()
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    set_password = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase-42", "new_password2": "a-long-new-passphrase-42"},
    )
    assert set_password.status_code == 302
    assert client.login(username=volunteer.email, password="a-long-new-passphrase-42")
    client.logout()

    # 5. Put on an operation's team through the operation page; the volunteer is told by mail.
    operation = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    client.force_login(coordinator)
    response = client.post(
        f"/workspace/operations/{operation.pk}/team/", {"user": account.pk, "role": "driver"}
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(operation=operation, user=account, role="driver").exists()
    notice = smtp_server.messages[-1]
    assert notice["To"] == volunteer.email
    assert operation.reference in notice["Subject"]
    notice_path, body = _link_in(notice)
    assert notice_path == operation.get_absolute_url()
    # The mail names no place, no case and no survivor: only the reference and a link.
    assert operation.city not in body
    assert operation.address not in body
    assert case.reference not in body

    # 6. The volunteer sees the operation on their own page.
    client.force_login(get_user_model().objects.get(pk=account.pk))
    own_page = client.get("/workspace/volunteering/")
    assert operation.reference in own_page.content.decode()


def test_a_volunteer_given_a_case_is_told_by_mail(client, smtp_server):
    branch = BranchFactory(name="Juba", city="Juba", country="SS")
    coordinator = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    volunteer_account = UserFactory(roles=[Role.VOLUNTEER], branches=[branch], language="ru")
    case = CaseFactory(branch=branch, created_by=coordinator)
    client.force_login(coordinator)

    response = client.post(f"/workspace/cases/{case.pk}/workers/", {"user": volunteer_account.pk})

    assert response.status_code == 302, response.content.decode()
    [notice] = smtp_server.messages
    assert notice["To"] == volunteer_account.email
    # Written in the volunteer's own language, whatever the coordinator's.
    assert notice["Subject"] == f"Вам поручено дело {case.reference}"


def test_staff_put_on_a_team_get_no_volunteer_mail(smtp_server, branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator, status=Case.Status.VERIFYING)
    operation = operation_actions.create_operation(
        actor=coordinator, cases=[case], lead=coordinator, **plan()
    )
    operation_actions.add_team_member(
        actor=coordinator, operation=operation, user=caseworker, role="negotiator"
    )
    assert smtp_server.messages == []
