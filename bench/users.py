"""The benchmark's users: one per role, in the main branch, none of whom can log in with a
password. Pages are read as them through the test client's force_login or a session cookie."""

from django.contrib.auth.models import Group

from accounts.models import Branch, User
from accounts.roles import Role

# The main branch holds the largest share of everything: the widest lists a coordinator reads.
MAIN_BRANCH = "Bench: Moscow"
BRANCHES = [
    (MAIN_BRANCH, "RU", 0.35),
    ("Bench: Makhachkala", "RU", 0.2),
    ("Bench: Harare", "ZW", 0.15),
    ("Bench: Juba", "SS", 0.1),
    ("Bench: Tel Aviv", "IL", 0.1),
    ("Bench: Ulaanbaatar", "MN", 0.1),
]


def branches():
    """The bench branches in BRANCHES order, created when missing."""
    return [
        Branch.objects.get_or_create(name=name, defaults={"city": name[7:], "country": country})[0]
        for name, country, _share in BRANCHES
    ]


def branch_shares():
    return [share for _name, _country, share in BRANCHES]


def main_branch():
    return Branch.objects.get(name=MAIN_BRANCH)


def user(role):
    """The bench user of `role` (accounts.roles.Role), member of the main branch."""
    email = f"bench-{role.value}@example.invalid"
    account, created = User.objects.get_or_create(
        email=email, defaults={"full_name": f"Bench {role.label}"}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
        account.groups.add(Group.objects.get(name=role.value))
        account.branches.add(main_branch())
    return account


def all_users():
    return {role: user(role) for role in Role}


def signed_in_client(account):
    """A test client signed in as `account`, past the second factor, as after the code page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(account)
    device, _created = TOTPDevice.objects.get_or_create(
        user=account, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
