"""A demo partner, shelter and a rescue operation being planned for the demo case.

Made through the same actions staff use. Names of organisations are invented.
"""

import datetime

from django.utils import timezone

from accounts.models import Branch, User
from cases.models import Case
from network import actions as network_actions
from network.models import Partner
from operations import actions
from operations.models import ChecklistItem, Operation, TeamMember
from shelters import actions as shelter_actions


def seed_demo(out):
    if Operation.objects.exists() or Partner.objects.exists():
        out("Operations or partners exist already; demo operation left as it is.")
        return
    case = Case.objects.filter(title="Кирпичный завод, Кизляр").first()
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
