"""Demo operations: a partner, a shelter and an operation being planned for the demo case; and a
second case whose operation is completed, so that a rescue report can be written about it
(publishing/demo.py).

Made through the same actions staff use. Names of organisations and people, their phone and
document numbers are invented.
"""

import datetime

from django.utils import timezone

from accounts.models import Branch, User
from assistance import actions as assistance_actions
from assistance.models import AssistancePlan, Consent
from cases import actions as case_actions
from cases.htcds import ExploitationType
from cases.models import Case, Contact, IdentityDocument, Participant
from network import actions as network_actions
from network.models import Partner
from operations import actions
from operations.models import ChecklistItem, Debrief, Operation, TeamMember
from shelters import actions as shelter_actions

# The intake demo's case: while it is there, this is a demo database.
PLANNED_CASE = "Кирпичный завод, Кизляр"
COMPLETED_CASE = "Швейный цех, Махачкала"
COMPLETED_OPERATION = "Вывезти работниц из швейного цеха"

# The survivors of the completed operation. The family names say they are made up.
SURVIVORS = [
    {
        "given_name": "Фатима",
        "family_name": "Демоева",
        "birth_year": 1997,
        "gender": "Feminine",
        "citizenship": ["RU"],
        "aliases": ["Fatima Demoeva"],
    },
    {
        "given_name": "Зарема",
        "family_name": "Вымыслова",
        "birth_year": 2001,
        "gender": "Feminine",
        "citizenship": ["RU"],
        "aliases": ["Zarema Vymyslova"],
    },
]


def seed_demo(out):
    seed_planned_operation(out)
    seed_completed_operation(out)


def seed_planned_operation(out):
    if Operation.objects.exists() or Partner.objects.exists():
        out("Operations or partners exist already; demo operation left as it is.")
        return
    case = Case.objects.filter(title=PLANNED_CASE).first()
    if case is None:
        out("No demo case to plan an operation for.")
        return
    coordinator = User.objects.get(email="coordinator@demo.svoboda")
    volunteer = User.objects.get(email="volunteer@demo.svoboda")
    moscow = Branch.objects.get(name="Moscow")

    network_actions.create_partner(
        actor=coordinator,
        name="Центр правовой помощи «Демо»",
        kind=Partner.Kind.NGO,
        countries=["RU"],
        services="Юридическая помощь, восстановление документов",
        contact="Офис: +7 495 000-00-00 (демо)",
    )
    shelter_actions.create_shelter(
        actor=coordinator,
        branch=moscow,
        name="Приют «Демо»",
        city="Москва",
        country="RU",
        takes=["women", "children"],
        capacity=6,
        contact="Дежурный: +7 495 000-00-01 (демо)",
        street_address="Демо-улица, 1 (вымышленный адрес)",
    )
    starts = timezone.now().replace(hour=5, minute=0, second=0, microsecond=0)
    operation = actions.create_operation(
        actor=coordinator,
        cases=[case],
        title="Вывезти людей с кирпичного завода",
        lead=coordinator,
        country="RU",
        region="Дагестан",
        city="Кизляр",
        address="Кирпичный завод за трассой (демо)",
        starts_at=starts + datetime.timedelta(days=3),
        ends_at=starts + datetime.timedelta(days=3, hours=6),
    )
    actions.add_team_member(
        actor=coordinator, operation=operation, user=volunteer, role=TeamMember.Role.DRIVER
    )
    for item in ChecklistItem.objects.filter(is_active=True).order_by("position")[:3]:
        actions.tick_checklist_item(actor=coordinator, operation=operation, item=item, ticked=True)
    out("1 demo partner, 1 demo shelter and 1 operation in planning")


def seed_completed_operation(out):
    """A case from first contact to a completed operation, its survivors in assistance and
    agreeing to be mentioned anonymously: what a rescue report starts from."""
    if Case.objects.filter(title=COMPLETED_CASE).exists():
        out("The demo completed operation exists already; left as it is.")
        return
    if not Case.objects.filter(title=PLANNED_CASE).exists():
        out("Not a demo database (no demo case); no completed operation added.")
        return
    coordinator = User.objects.get(email="coordinator@demo.svoboda")
    caseworker = User.objects.get(email="caseworker@demo.svoboda")
    volunteer = User.objects.get(email="volunteer@demo.svoboda")
    moscow = Branch.objects.get(name="Moscow")

    case = case_actions.open_case(
        actor=coordinator,
        branch=moscow,
        title=COMPLETED_CASE,
        risk=Case.Risk.HIGH,
        summary="Двух работниц держат в подпольном швейном цехе. Это демонстрационное дело.",
        exploitation_types=[ExploitationType.FORCED_LABOUR],
        exploitation_country="RU",
        exploitation_place="Подвальный цех на окраине (демо)",
        means_of_control=["WithholdsDocuments", "TakesEarnings"],
    )
    case_actions.assign_worker(actor=coordinator, case=case, user=caseworker)
    fatima, zarema = (
        case_actions.add_new_person_to_case(
            actor=caseworker, case=case, role=Participant.Role.VICTIM, **fields
        )
        for fields in SURVIVORS
    )
    case_actions.add_contact(
        actor=caseworker,
        person=fatima,
        kind=Contact.Kind.PHONE,
        value="+7 900 000-00-02",
        note="Демо-номер: писать только после 22:00",
        is_safe=True,
    )
    case_actions.add_document(
        actor=caseworker,
        person=zarema,
        kind=IdentityDocument.Kind.NATIONAL_ID,
        number="0000 000002",
        issuing_country="RU",
        is_withheld=True,
    )

    # Planned for a few hours ago: the actions below record it as started and ended now.
    starts = timezone.now().replace(minute=0, second=0, microsecond=0)
    starts -= datetime.timedelta(hours=6)
    operation = actions.create_operation(
        actor=coordinator,
        cases=[case],
        title=COMPLETED_OPERATION,
        lead=coordinator,
        country="RU",
        region="Дагестан",
        city="Махачкала",
        address="Швейный цех в подвале (демо)",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )
    actions.add_team_member(
        actor=coordinator, operation=operation, user=volunteer, role=TeamMember.Role.DRIVER
    )
    for item in ChecklistItem.objects.filter(is_active=True).order_by("position"):
        actions.tick_checklist_item(actor=coordinator, operation=operation, item=item, ticked=True)
    actions.approve_operation(actor=coordinator, operation=operation)
    actions.mark_operation_ready(actor=coordinator, operation=operation)
    actions.start_operation(actor=coordinator, operation=operation)
    actions.complete_operation(
        actor=coordinator,
        operation=operation,
        outcome=Debrief.Outcome.ALL_OUT,
        summary="Команда приехала к открытию цеха и вывезла обеих работниц. Документы одной из "
        "них остались у владельца: восстанавливаем через партнёров. Это демонстрационный текст.",
        incidents="Охранник пытался задержать машину; обошлось без пострадавших (демо).",
        rescued=Participant.objects.filter(case=case, role=Participant.Role.VICTIM),
    )
    # complete_operation opened each survivor's plan; their consents are recorded on it.
    for plan in AssistancePlan.objects.filter(case=case):
        assistance_actions.give_consent(
            actor=caseworker,
            plan=plan,
            kind=Consent.Kind.MENTION,
            scope=Consent.Scope.ANONYMOUS,
            given_on=timezone.localdate(),
            method=Consent.Method.WRITING,
            details="Подписанное согласие в бумажном деле (демо).",
        )
    out("1 demo case with a completed operation: 2 people rescued, consenting to anonymous reports")
