"""Victims like the demo's, in numbers: people with names, aliases, contacts, documents and notes,
in cases of two branches over several years. Everything is invented (Faker, seeded)."""

import datetime
import random

from django.utils import timezone
from faker import Faker

from cases.htcds import ExploitationType, Gender, MeansOfControl, RecruitmentMethod
from cases.models import Case, Contact, IdentityDocument, Note, PersonAlias
from cases.tests.factories import CaseFactory, ParticipantFactory, PersonFactory

GENDERS = [Gender.FEMININE, Gender.FEMININE, Gender.MASCULINE, Gender.UNKNOWN]
CITIZENSHIPS = [["RU"], ["RU"], ["UZ"], ["UZ"], ["TJ"], ["KG"], ["UA", "RU"], ["NG"], []]
COUNTRIES = ["RU", "RU", "RU", "KZ", "AE", "TR", ""]
TYPES = [
    ExploitationType.FORCED_LABOUR,
    ExploitationType.SEXUAL_EXPLOITATION,
    ExploitationType.DOMESTIC_VIOLENCE,
    ExploitationType.FORCED_BEGGING,
]
OUTCOMES = [Case.Outcome.EXITED_AND_SUPPORTED, Case.Outcome.REFERRED, Case.Outcome.LOST_CONTACT]


def make_victims(branches, count, *, seed=8, years=(2021, 2022, 2023, 2024)):
    """`count` victims spread over the branches; returns every identifying string written
    (names, aliases, contacts, document numbers, free text), for tests to look for."""
    rng = random.Random(seed)  # noqa: S311 (seeded on purpose: the same data every run)
    fake = Faker(["ru_RU", "en_US"])
    fake.seed_instance(seed)
    secrets = []
    for index in range(count):
        branch = branches[index % len(branches)]
        case = CaseFactory(
            branch=branch,
            title=f"{fake.last_name()} {fake.company()}",
            summary=fake.paragraph(),
            exploitation_types=rng.sample(
                TYPES,
                k=rng.choice([1, 1, 2]),
            ),
            exploitation_country=rng.choice(COUNTRIES),
            exploitation_place=fake.street_address(),
            means_of_control=rng.sample(list(MeansOfControl.values), k=rng.randint(0, 3)),
            recruitment_methods=rng.sample(list(RecruitmentMethod.values), k=rng.randint(0, 2)),
            recruitment_details=fake.sentence(),
            risk=rng.choice(Case.Risk.values),
        )
        opened = timezone.make_aware(
            datetime.datetime(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28), 12)
        )
        closed = rng.random() < 0.4
        Case.objects.filter(pk=case.pk).update(
            created_at=opened,
            status=Case.Status.CLOSED if closed else rng.choice(Case.Status.values[:-1]),
            outcome=rng.choice(OUTCOMES) if closed else "",
            closed_at=opened + datetime.timedelta(days=90) if closed else None,
        )
        birth = rng.choice([None, rng.randint(1960, 2010)])
        person = PersonFactory(
            branch=branch,
            given_name=fake.first_name(),
            patronymic=fake["ru_RU"].middle_name(),
            family_name=fake.last_name(),
            gender=rng.choice(GENDERS),
            birth_year=birth,
            age_estimate=rng.choice([None, rng.randint(14, 50)]) if birth is None else None,
            citizenship=rng.choice(CITIZENSHIPS),
            description=fake.paragraph(),
            languages="uz, ru",
        )
        ParticipantFactory(case=case, person=person)
        alias = PersonAlias.objects.create(person=person, name=fake.name())
        phone = Contact.objects.create(person=person, kind="phone", value=fake.phone_number())
        mail = Contact.objects.create(person=person, kind="email", value=fake.email())
        home = Contact.objects.create(person=person, kind="address", value=fake.address())
        document = IdentityDocument.objects.create(
            person=person,
            kind=IdentityDocument.Kind.PASSPORT,
            number=f"{rng.randint(1000, 9999)} {rng.randint(100000, 999999)}",
        )
        note = Note.objects.create(case=case, body=fake.paragraph(), author=case.created_by)
        secrets += [person.given_name, person.family_name, person.patronymic, alias.name]
        secrets += [phone.value, mail.value, home.value, document.number, note.body]
        secrets += [case.title, case.summary, case.exploitation_place, case.recruitment_details]
        secrets += [person.description]
    return [secret for secret in secrets if len(secret) >= 5]
