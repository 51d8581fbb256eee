"""Each role reaches exactly the workspace pages meant for it."""

import pytest
from django.urls import reverse

# persona -> pages it may open (everything else: 403, or 302 to a login page for the admin)
PAGES = [
    "workspace:dashboard",
    "team:branch-list",
    "team:profile",
    "team:password-change",
    "audit:entry-list",
    "reports:dashboard",
    "admin:index",
]
ALLOWED = {
    "administrator": set(PAGES),
    "coordinator": {
        "workspace:dashboard",
        "team:branch-list",
        "team:profile",
        "team:password-change",
        "reports:dashboard",
    },
    "caseworker": {
        "workspace:dashboard",
        "team:branch-list",
        "team:profile",
        "team:password-change",
    },
    "volunteer": {"workspace:dashboard", "team:profile", "team:password-change"},
    "editor": {"workspace:dashboard", "team:profile", "team:password-change"},
    "no role": set(),
}


@pytest.mark.parametrize("persona", ALLOWED)
@pytest.mark.parametrize("page", PAGES)
def test_role_reaches_exactly_its_pages(client, personas, persona, page):
    client.force_login(personas[persona])
    response = client.get(reverse(page))
    if page in ALLOWED[persona]:
        assert response.status_code == 200
    elif page == "admin:index":
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_user_is_sent_to_a_login_page(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "administrator",
            [
                "Dashboard",
                "Volunteers",
                "Partners",
                "Branches",
                "Reports",
                "Audit log",
                "Erase a person's data",
                "Import people",
                "My profile",
                "Administration",
            ],
        ),
        (
            "coordinator",
            [
                "Dashboard",
                "Requests",
                "Cases",
                "Operations",
                "People",
                "Shelters",
                "Volunteers",
                "Partners",
                "Hand over work",
                "Branches",
                "Reports",
                "My profile",
            ],
        ),
        (
            "caseworker",
            [
                "Dashboard",
                "Requests",
                "Cases",
                "Operations",
                "People",
                "Shelters",
                "Volunteers",
                "Partners",
                "Branches",
                "My profile",
            ],
        ),
        # A volunteer opens only the cases they are assigned to, and only their outline.
        ("volunteer", ["Dashboard", "Cases", "Operations", "My volunteering", "My profile"]),
        ("editor", ["Dashboard", "Articles", "Events", "Social media", "My profile"]),
    ],
)
def test_navigation_shows_what_the_role_may_open(client, personas, persona, expected):
    client.force_login(personas[persona])
    response = client.get(reverse("workspace:dashboard"))
    labels = [str(item["label"]) for item in response.context["workspace_navigation"]]
    assert labels == expected


def test_admin_can_list_users(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_admin_login_refuses_a_coordinator(client, coordinator):
    response = client.post(
        reverse("admin:login"), {"username": "coordinator@example.org", "password": "password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
