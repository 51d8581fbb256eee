"""A completed rescue operation to report on, with synthetic survivors whose names, phones,
documents and addresses the anonymisation check must find. Every detail is made up."""

import datetime

from django.utils import timezone

from assistance.models import Consent
from assistance.tests.factories import ConsentFactory
from cases.models import Contact, IdentityDocument, Participant, PersonAlias
from cases.tests.factories import CaseFactory, ParticipantFactory
from operations.models import Debrief, Operation, RescuedPerson
from operations.tests.factories import OperationFactory
from shelters.tests.factories import ShelterAddressFactory, ShelterFactory

SHELTER_STREET = "Садовая улица, 17, корпус 2"
OPERATION_ADDRESS = "Кирпичный завод у трассы Р-217, второй въезд"


def completed_operation(branch, *, consent=True, exploitation_types=("ForcedLabour",)):
    """A completed operation of `branch` that freed Магомед Алиев and Зарина Исаева; a witness
    is in the case too. With `consent`, both survivors agreed to anonymous public mentions."""
    case = CaseFactory(
        branch=branch, exploitation_types=list(exploitation_types), title="Kiln by the road"
    )
    magomed = ParticipantFactory(
        case=case, person__given_name="Магомед", person__family_name="Алиев"
    ).person
    zarina = ParticipantFactory(
        case=case, person__given_name="Зарина", person__family_name="Исаева"
    ).person
    ParticipantFactory(
        case=case,
        role=Participant.Role.WITNESS,
        person__given_name="Руслан",
        person__family_name="Гаджиев",
    )
    PersonAlias.objects.create(person=magomed, name="Мага")
    Contact.objects.create(person=magomed, kind=Contact.Kind.PHONE, value="+7 928 555-12-34")
    Contact.objects.create(person=zarina, kind=Contact.Kind.EMAIL, value="zarina.i@example.org")
    Contact.objects.create(
        person=zarina, kind=Contact.Kind.ADDRESS, value="пос. Шамхал, Озёрная, 4\nу магазина"
    )
    IdentityDocument.objects.create(
        person=magomed, kind=IdentityDocument.Kind.NATIONAL_ID, number="8215 123456"
    )
    ShelterAddressFactory(
        shelter=ShelterFactory(branch=branch), street_address=f"{SHELTER_STREET}\nвход со двора"
    )
    ended = timezone.now() - datetime.timedelta(days=3)
    operation = OperationFactory(
        branch=branch,
        cases=[case],
        status=Operation.Status.COMPLETED,
        country="RU",
        address=OPERATION_ADDRESS,
        starts_at=ended - datetime.timedelta(hours=6),
        ended_at=ended,
    )
    debrief = Debrief.objects.create(
        operation=operation,
        outcome=Debrief.Outcome.ALL_OUT,
        summary="Both left with the team.",
        recorded_by=operation.lead,
    )
    for person in (magomed, zarina):
        RescuedPerson.objects.create(debrief=debrief, person=person, case=case)
        if consent:
            ConsentFactory(person=person, kind=Consent.Kind.MENTION)
    operation.survivors = (magomed, zarina)
    return operation
