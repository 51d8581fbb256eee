"""One of every object a URL can name, in a branch: the world the access matrix requests.

`build_world(branch, people)` makes, in `branch`, a case with its survivor, task, file and help
requests, the survivor's assistance plan, a shelter with its address and a placement, an
operation with its team, contact and transport, a volunteer record and a report export. The
branchless things (articles, events, partners, posts, checklist items) are made once, by
`build_shared()`. `url_kwargs` below turns a URL name into real ids of these objects.
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance import actions as assistance_actions
from assistance.models import Consent
from assistance.tests.factories import ConsentFactory, ReferralFactory, ServiceFactory
from broadcast.tests.factories import PostFactory
from cases import actions as case_actions
from cases.models import AccessGrant, Participant
from cases.tests.factories import AssignmentFactory, CaseFactory, ParticipantFactory, TaskFactory
from intake.models import Attachment, HelpRequest
from intake.tests.factories import HelpRequestFactory
from network.models import Volunteer
from network.notifications import confirmation_token
from network.tests.factories import PartnerFactory, VolunteerFactory
from operations.models import OperationContact, TeamMember
from operations.tests.factories import (
    ChecklistItemFactory,
    OperationFactory,
    TeamMemberFactory,
    TransportItemFactory,
)
from publishing import subscriptions
from publishing.models import Article, Revision, Subscription
from publishing.tests.event_factories import EventFactory, ProgrammeItemFactory
from publishing.tests.factories import ArticleFactory, published
from publishing.tests.image_factories import add_image
from reports import export_jobs
from reports.models import ReportExport
from shelters.tests.factories import PlacementFactory, ShelterAddressFactory, ShelterFactory


@dataclass
class Side:
    """Everything in one branch, and the people of that branch who made it."""

    branch: object
    coordinator: object
    caseworker: object
    volunteer: object
    objects: dict = field(default_factory=dict)


def build_side(branch, coordinator, caseworker, volunteer):
    side = Side(branch, coordinator, caseworker, volunteer)
    o = side.objects
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    AssignmentFactory(case=case, user=volunteer)
    grantee = UserFactory(roles=[Role.CASEWORKER], branches=[branch])
    AccessGrant.objects.create(case=case, user=grantee, reason="Court", granted_by=coordinator)
    participant = ParticipantFactory(case=case, role=Participant.Role.VICTIM)
    person = participant.person
    o.update(
        case=case,
        grantee=grantee,
        participant=participant,
        person=person,
        task=TaskFactory(case=case, owner=caseworker, created_by=coordinator),
        case_file=case_actions.add_case_file(
            actor=coordinator,
            case=case,
            upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan"),
            content_type="application/pdf",
        ),
        # A request waiting in the queue, and one that became the case.
        help_request=HelpRequestFactory(branch=branch),
        case_request=HelpRequestFactory(
            case=case, status=HelpRequest.Status.ACCEPTED, branch=branch
        ),
    )
    attachment = Attachment(
        request=o["help_request"], original_name="scan.jpg", content_type="image/jpeg", size=4
    )
    attachment.file.save("upload", ContentFile(b"\xff\xd8\xff\xe0"), save=False)
    attachment.save()
    o["attachment"] = attachment

    plan = assistance_actions.open_assistance_plan(actor=coordinator, case=case, person=person)
    partner = PartnerFactory()
    o.update(
        plan=plan,
        service=ServiceFactory(plan=plan),
        referral=ReferralFactory(plan=plan, partner=partner, created_by=coordinator),
        consent=ConsentFactory(person=person, kind=Consent.Kind.SHARE, partner=partner),
    )

    shelter = ShelterFactory(branch=branch)
    ShelterAddressFactory(shelter=shelter)
    o.update(
        shelter=shelter,
        placement=PlacementFactory(shelter=shelter, person=person, placed_by=coordinator),
    )

    operation = OperationFactory(branch=branch, lead=coordinator, cases=[case])
    o.update(
        operation=operation,
        team_member=TeamMemberFactory(
            operation=operation, user=volunteer, role=TeamMember.Role.DRIVER
        ),
        operation_contact=OperationContact.objects.create(operation=operation, partner=partner),
        transport_item=TransportItemFactory(operation=operation),
        volunteer_record=Volunteer.objects.get(user=volunteer),
        report_export=made_export(coordinator, branch),
    )
    o.update(duplicate_review(branch, coordinator, person))
    return side


def duplicate_review(branch, coordinator, person):
    """A pair waiting for review (the survivor and a look-alike) and a merge of two records."""
    from cases.tests.factories import PersonFactory
    from matching.actions import merge_people
    from matching.duplicates import ordered
    from matching.models import DuplicatePair

    look_alike = PersonFactory(
        branch=branch, given_name=person.given_name, family_name=person.family_name
    )
    first, second = ordered(person, look_alike)
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.9, reasons=["name"])
    kept, merged = PersonFactory(branch=branch), PersonFactory(branch=branch)
    merge = merge_people(actor=coordinator, kept=kept, merged=merged)
    return {"duplicate_pair": pair, "person_merge": merge}


def made_export(user, branch):
    """An impact report the user asked for, made by the job (PDF drawing stubbed by the caller:
    only who may read it matters here)."""
    export = ReportExport.objects.create(
        requested_by=user,
        kind=ReportExport.Kind.PDF,
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
        language="en",
        expires_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )
    export.branches.set([branch])
    export_jobs.build(export.pk)
    export.refresh_from_db()
    return export


def build_shared(editor, operation):
    """What belongs to no branch: articles and their pictures, events, posts, partners, and the
    public pages' links from e-mails. `operation` is the one a rescue report tells about."""
    article = ArticleFactory(author=editor)
    Revision.objects.create(
        article=article, title=article.title, body=article.body, saved_by=editor
    )
    public_article = published(author=editor)
    event = EventFactory(created_by=editor, is_published=True)
    subscription = Subscription.objects.create(
        email="reader@example.org",
        language="ru",
        confirmation_nonce="subscription-nonce",
        unsubscribe_token="unsubscribe-token",
    )
    return {
        "article": article,
        "revision": article.revisions.get(),
        "image": add_image(editor, article),  # a draft's picture: not public yet
        "public_article": public_article,
        "event": event,
        "programme_item": ProgrammeItemFactory(event=event),
        "post": PostFactory(article=public_article),
        "partner": PartnerFactory(),
        "checklist_item": ChecklistItemFactory(),
        "rescue_report": ArticleFactory(
            author=editor, kind=Article.Kind.RESCUE_REPORT, operation=operation
        ),
        "volunteer_token": confirmation_token(
            VolunteerFactory(email_confirmed_at=None, confirmation_nonce="n" * 32)
        ),
        "subscription_token": signing.dumps(
            {"n": subscription.confirmation_nonce, "l": "ru", "c": [public_article.category_id]},
            salt=subscriptions.CONFIRMATION_SALT,
            compress=True,
        ),
        "unsubscribe_token": subscription.unsubscribe_token,
    }
