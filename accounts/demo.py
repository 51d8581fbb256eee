"""Demo branches and one demo user per role. Synthetic: no real person's data."""

from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Branch, User
from accounts.roles import Role

DEMO_PASSWORD = "svoboda-demo"  # nosec B105 # noqa: S105 - published in the README on purpose

# Every demo user's authenticator app has this key (ON3G 6YTP MRQS 2ZDF NVXS 2MTG MEWW WZLZ in
# base32, as apps take it): published in the README, like the password, so anyone trying the demo
# can add it to an app, or print the current code with `svoboda demo_code`.
DEMO_TOTP_KEY = b"svoboda-demo-2fa-key".hex()

# (name, city, country, shown on the public network page). One branch stays unlisted, as a
# branch working somewhere dangerous would.
BRANCHES = [
    ("Moscow", "Moscow", "RU", True),
    ("Makhachkala", "Makhachkala", "RU", True),
    ("St Petersburg", "St Petersburg", "RU", False),
    ("Harare", "Harare", "ZW", True),
    ("Juba", "Juba", "SS", True),
    ("Tel Aviv", "Tel Aviv", "IL", True),
    ("Ulaanbaatar", "Ulaanbaatar", "MN", True),
]

USERS = [
    (Role.ADMINISTRATOR, "administrator@demo.svoboda", "Demo Administrator", ["Moscow"]),
    (Role.COORDINATOR, "coordinator@demo.svoboda", "Demo Coordinator", ["Moscow"]),
    (Role.CASEWORKER, "caseworker@demo.svoboda", "Demo Case Worker", ["Moscow"]),
    (Role.VOLUNTEER, "volunteer@demo.svoboda", "Demo Volunteer", ["Moscow"]),
    (Role.EDITOR, "editor@demo.svoboda", "Demo Editor", ["Moscow"]),
]


def seed_demo(out):
    """Create what is missing; leave what exists alone, so a second run changes nothing."""
    for name, city, country, shown in BRANCHES:
        Branch.objects.get_or_create(
            name=name, defaults={"city": city, "country": country, "shown_publicly": shown}
        )
    for role, email, full_name, branch_names in USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "language": "ru"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role.value))
            user.branches.add(*Branch.objects.filter(name__in=branch_names))
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True
            )
    out(f"{len(BRANCHES)} demo branches, {len(USERS)} demo users (password {DEMO_PASSWORD})")


def current_demo_code():
    """What an authenticator app with the demo key shows now."""
    device = TOTPDevice(key=DEMO_TOTP_KEY)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"
