"""Demo volunteers: the demo volunteer's record and applicants at each stage of vetting.
Synthetic names and addresses (example.org); no real person's data."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from accounts.models import Branch, User
from network.models import TimeEntry, Volunteer, VolunteerStep

Status = Volunteer.Status
PIPELINE = [Status.APPLIED, Status.INTERVIEWED, Status.CHECKED, Status.TRAINED, Status.ACTIVE]

# (name, email, branch, city, country, languages, skills, availability, status, confirmed)
APPLICANTS = [
    ("Анна Смирнова", "anna.smirnova@example.org", "Moscow", "Москва", "RU",
     ["ru", "en"], ["psychology"], ["evenings", "weekends"], Status.APPLIED, True),
    ("Тимур Рахимов", "timur.rakhimov@example.org", "Moscow", "Москва", "RU",
     ["ru", "uz", "tg"], ["translation", "driving"], ["weekends", "nights"],
     Status.INTERVIEWED, True),
    ("Патимат Гаджиева", "patimat.gadzhieva@example.org", "Makhachkala", "Махачкала", "RU",
     ["ru", "av"], ["legal"], ["weekdays"], Status.CHECKED, True),
    ("Grace Moyo", "grace.moyo@example.org", "Harare", "Harare", "ZW",
     ["en", "sn"], ["medical", "social_work"], ["weekdays", "travel"], Status.TRAINED, True),
    ("Батбаяр Ганбаатар", "batbayar.g@example.org", "Ulaanbaatar", "Улан-Батор", "MN",
     ["mn", "ru"], ["driving", "logistics"], ["travel"], Status.PAUSED, True),
    ("Игорь Петров", "igor.petrov@example.org", None, "Тверь", "RU",
     ["ru"], ["it"], ["remote"], Status.APPLIED, False),
]  # fmt: skip


def seed_demo(out):
    if Volunteer.objects.exists():
        out("demo volunteers already in place")
        return
    coordinator = User.objects.get(email="coordinator@demo.svoboda")
    now = timezone.now()
    account = User.objects.get(email="volunteer@demo.svoboda")
    demo = Volunteer.objects.create(
        full_name=account.full_name,
        email=account.email,
        phone="+7 900 000-00-00",
        city="Москва",
        country="RU",
        languages=["ru", "en", "uz"],
        skills=["driving", "translation"],
        availability=["weekends", "nights"],
        motivation="Хочу помогать людям вернуться домой.",
        consented_at=now,
        email_confirmed_at=now,
        status=Status.ACTIVE,
        branch=Branch.objects.get(name="Moscow"),
        user=account,
    )
    _steps(demo, Status.ACTIVE, coordinator)
    today = timezone.localdate()
    for days_ago, hours, activity in [(3, "4", "translation"), (10, "6.5", "training")]:
        TimeEntry.objects.create(
            volunteer=demo,
            date=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            activity=activity,
            recorded_by=account,
        )
    for row in APPLICANTS:
        name, email, branch, city, country, languages, skills, availability, status, ok = row
        volunteer = Volunteer.objects.create(
            full_name=name,
            email=email,
            city=city,
            country=country,
            languages=languages,
            skills=skills,
            availability=availability,
            motivation="Хочу быть полезным движению.",
            consented_at=now,
            email_confirmed_at=now if ok else None,
            status=status,
            branch=Branch.objects.get(name=branch) if branch else None,
        )
        _steps(volunteer, status, coordinator)
    out(f"{len(APPLICANTS) + 1} demo volunteers")


def _steps(volunteer, status, coordinator):
    """The vetting history that leads to `status`."""
    path = PIPELINE[: PIPELINE.index(status) + 1] if status in PIPELINE else PIPELINE
    if status == Status.PAUSED:
        path = [*PIPELINE, Status.PAUSED]
    for before, after in itertools.pairwise(path):
        VolunteerStep.objects.create(
            volunteer=volunteer, from_status=before, to_status=after, moved_by=coordinator
        )
