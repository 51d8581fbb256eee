"""Merging two records of one person keeps every link of both, and undoing puts them back."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from assistance.models import AssistancePlan, Consent
from assistance.tests.factories import ConsentFactory, PlanFactory
from audit.models import AuditEntry
from cases import actions as case_actions
from cases import erasure
from cases.models import Contact, IdentityDocument, Participant, Person, PersonAlias
from cases.queries import people_visible_to
from cases.tests.factories import AssignmentFactory, CaseFactory
from matching import actions
from matching.actions import MergeRefused
from matching.models import DuplicatePair, PersonMerge, PersonName
from matching.search import search
from operations.models import Debrief, RescuedPerson
from operations.tests.factories import OperationFactory
from shelters.models import Placement
from shelters.tests.factories import PlacementFactory, ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(branch, coordinator, caseworker):
    case = CaseFactory(branch=branch, created_by=coordinator)
    AssignmentFactory(case=case, user=caseworker)
    return case


@pytest.fixture
def other_case(branch, coordinator):
    return CaseFactory(branch=branch, created_by=coordinator)


def record(coordinator, case, role="victim", **fields):
    return case_actions.add_new_person_to_case(actor=coordinator, case=case, role=role, **fields)


@pytest.fixture
def kept(coordinator, case):
    person = record(
        coordinator,
        case,
        given_name="Магомед",
        family_name="Алиев",
        aliases=["Мага"],
        citizenship=["RU"],
        contacts=[{"kind": "phone", "value": "+7 900 111-22-33"}],
    )
    return person


@pytest.fixture
def merged(coordinator, case):
    return record(
        coordinator,
        case,
        given_name="Magomed",
        family_name="Aliyev",
        birth_year=1990,
        languages="Avar, Russian",
        citizenship=["RU", "AZ"],
        aliases=["Magomed A."],
        contacts=[{"kind": "phone", "value": "+7 900 444-55-66"}],
        documents=[{"kind": "passport", "number": "4507 123456"}],
    )


def add_contact_and_document(person):
    Contact.objects.create(person=person, kind="email", value=f"{person.pk.hex[:6]}@example.org")
    IdentityDocument.objects.create(person=person, kind="national_id", number=person.pk.hex[:9])


def rescued(coordinator, case, person):
    operation = OperationFactory(branch=case.branch, lead=coordinator, cases=[case])
    debrief = Debrief.objects.create(
        operation=operation, outcome="all_out", summary="Left the kiln", recorded_by=coordinator
    )
    return RescuedPerson.objects.create(debrief=debrief, person=person, case=case)


@pytest.fixture
def linked(coordinator, case, other_case, kept, merged):
    """Both records with something of every kind; some links are the same on both."""
    add_contact_and_document(kept)
    Participant.objects.create(case=other_case, person=merged, role="witness")
    shelter = ShelterFactory(branch=case.branch)
    PlacementFactory(
        shelter=shelter,
        person=kept,
        placed_by=coordinator,
        start_on=datetime.date(2024, 1, 1),
        end_on=datetime.date(2024, 2, 1),
    )
    PlacementFactory(shelter=shelter, person=merged, placed_by=coordinator)
    ConsentFactory(person=kept, kind=Consent.Kind.STORE)
    ConsentFactory(person=merged, kind=Consent.Kind.SHARE)
    PlanFactory(case=case, person=merged, opened_by=coordinator)
    # The same rescue recorded on both records.
    operation_rescue = rescued(coordinator, case, kept)
    RescuedPerson.objects.create(debrief=operation_rescue.debrief, person=merged, case=case)
    rescued(coordinator, other_case, merged)
    return kept, merged


def person_relations():
    """(model, field name) of every foreign key or one-to-one to cases.Person."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            linked = field.many_to_one or field.one_to_one
            if linked and field.concrete and field.related_model is Person:
                found.append((model, field.name))
    return found


def snapshot(*people):
    """Every row that points at the people, as plain values (the name index as words)."""
    ids = [p.pk for p in people]
    rows = {}
    for model, field in person_relations():
        if model is PersonName:
            continue
        query = model.objects.filter(**{f"{field}__in": ids}).order_by("pk")
        rows[f"{model._meta.label}.{field}"] = [
            {k: v for k, v in row.items() if k != "updated_at"} for row in query.values()
        ]
    rows["index"] = sorted(
        PersonName.objects.filter(person__in=ids).values_list("person_id", "form__form", "part")
    )
    rows["people"] = [
        {k: v for k, v in row.items() if k != "updated_at"}
        for row in Person.objects.filter(pk__in=ids).order_by("pk").values()
    ]
    return rows


def test_every_relation_to_a_person_is_known_to_the_merge():
    moving = {(model, field) for _label, model, field in actions._moving_models()}
    # The index is rebuilt, pairs are moved on their own, merges and merged_into are the merge.
    handled = {
        (PersonName, "person"),
        (DuplicatePair, "first"),
        (DuplicatePair, "second"),
        (PersonMerge, "kept"),
        (PersonMerge, "merged"),
        (Person, "merged_into"),
    }
    unknown = set(person_relations()) - moving - handled
    assert not unknown, f"merge_people does not move {unknown}"


def test_merge_keeps_every_link_of_both_records(coordinator, case, other_case, linked):
    kept, merged = linked
    before_kept = {
        label: set(m.objects.filter(**{f: kept}).values_list("pk", flat=True))
        for label, m, f in actions._moving_models()
    }
    before_merged = {
        label: set(m.objects.filter(**{f: merged}).values_list("pk", flat=True))
        for label, m, f in actions._moving_models()
    }

    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)

    for label, model, field in actions._moving_models():
        now = set(model.objects.filter(**{field: kept}).values_list("pk", flat=True))
        assert before_kept[label] <= now, label
        assert not model.objects.filter(**{field: merged}).exists(), label
    # The same role in the same case and the same rescue are kept once; the rest moved.
    duplicate_roles = len(merge.moved["removed"]["cases.Participant"])
    assert duplicate_roles == 1
    assert Participant.objects.filter(person=kept).count() == (
        len(before_kept["cases.Participant"]) + len(before_merged["cases.Participant"]) - 1
    )
    assert set(Participant.objects.filter(person=kept).values_list("case", "role")) == {
        (case.pk, "victim"),
        (other_case.pk, "witness"),
    }
    assert RescuedPerson.objects.filter(person=kept).count() == 2
    assert AssistancePlan.objects.get(person=kept).pk in before_merged["assistance.AssistancePlan"]
    assert Placement.objects.filter(person=kept).count() == 2
    assert Consent.objects.filter(person=kept).count() == 2

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into == kept
    aliases = set(kept.aliases.values_list("name", flat=True))
    assert {"Мага", "Magomed A.", "Magomed Aliyev"} <= aliases
    # Empty on the kept record, filled from the merged one; citizenships joined.
    assert kept.birth_year == 1990
    assert kept.languages == "Avar, Russian"
    assert {c.code for c in kept.citizenship} == {"RU", "AZ"}
    # Hidden everywhere; a search by the old spelling finds the kept record.
    visible = people_visible_to(coordinator)
    assert not visible.filter(pk=merged.pk).exists()
    assert [m.person for m in search(visible, "Magomed Aliyev")] == [kept]
    assert [m.person for m in search(visible, "+7 900 444 55 66")] == [kept]


def test_undo_puts_back_exactly_what_was_there(coordinator, linked):
    kept, merged = linked
    before = snapshot(kept, merged)
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    assert snapshot(kept, merged) != before

    actions.undo_merge(actor=coordinator, merge=merge)

    after = snapshot(kept, merged)
    after.pop("matching.PersonMerge.kept")
    after.pop("matching.PersonMerge.merged")
    before.pop("matching.PersonMerge.kept")
    before.pop("matching.PersonMerge.merged")
    assert after == before
    merge.refresh_from_db()
    assert merge.undone_by == coordinator and merge.undone_at is not None
    assert people_visible_to(coordinator).filter(pk=merged.pk).exists()
    with pytest.raises(MergeRefused):
        actions.undo_merge(actor=coordinator, merge=merge)


def test_merge_and_undo_are_audited_without_names(coordinator, kept, merged):
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    merged_entries = AuditEntry.objects.filter(verb="matching.people_merged")
    assert {(e.target_id, e.actor_id) for e in merged_entries} == {
        (str(kept.pk), coordinator.pk),
        (str(merged.pk), coordinator.pk),
    }
    on_kept = merged_entries.get(target_id=str(kept.pk))
    assert on_kept.changes["merged"] == str(merged.pk)
    assert on_kept.changes["merge"] == merge.pk

    actions.undo_merge(actor=coordinator, merge=merge)
    undone = AuditEntry.objects.filter(verb="matching.merge_undone")
    assert {e.target_id for e in undone} == {str(kept.pk), str(merged.pk)}
    written = json.dumps(
        [e.changes for e in AuditEntry.objects.filter(verb__startswith="matching.")]
    )
    for word in ("Магомед", "Алиев", "Magomed", "Aliyev", "Мага", "Avar"):
        assert word not in written


def test_merge_from_a_reviewed_pair_closes_it_and_undo_reopens_it(coordinator, kept, merged):
    first, second = sorted([kept, merged], key=lambda p: str(p.pk))
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.95, reasons=["name"])
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged, pair=pair)
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED
    assert pair.decided_by == coordinator
    actions.undo_merge(actor=coordinator, merge=merge)
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN
    assert pair.decided_by is None


def test_pairs_of_the_merged_record_follow_it_and_come_back(coordinator, case, kept, merged):
    third = record(coordinator, case, given_name="Магомед", family_name="Алиев", birth_year=1991)
    first, second = sorted([merged, third], key=lambda p: str(p.pk))
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.9, reasons=["name"])
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    pair.refresh_from_db()
    assert {pair.first_id, pair.second_id} == {kept.pk, third.pk}
    actions.undo_merge(actor=coordinator, merge=merge)
    pair.refresh_from_db()
    assert (pair.first_id, pair.second_id) == (first.pk, second.pk)


@pytest.mark.parametrize("conflict", ["plans", "consents", "stays"])
def test_links_that_cannot_be_doubled_refuse_the_merge(coordinator, case, kept, merged, conflict):
    if conflict == "plans":
        PlanFactory(case=case, person=kept, opened_by=coordinator)
        PlanFactory(case=case, person=merged, opened_by=coordinator)
    elif conflict == "consents":
        partner = ConsentFactory(person=kept, kind=Consent.Kind.SHARE).partner
        ConsentFactory(person=merged, kind=Consent.Kind.SHARE, partner=partner)
    else:
        PlacementFactory(person=kept, placed_by=coordinator)
        PlacementFactory(person=merged, placed_by=coordinator)
    before = snapshot(kept, merged)
    with pytest.raises(MergeRefused) as refused:
        actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    assert refused.value.message
    assert snapshot(kept, merged) == before
    assert not PersonMerge.objects.exists()


def test_only_a_coordinator_who_sees_both_records_merges(
    coordinator, coordinator_other_branch, caseworker, kept, merged, other_branch
):
    stranger = case_actions.create_person(
        actor=coordinator_other_branch,
        branch=other_branch,
        given_name="Магомед",
        family_name="Алиев",
    )
    with pytest.raises(PermissionDenied):
        actions.merge_people(actor=coordinator, kept=kept, merged=stranger)
    with pytest.raises(PermissionDenied):
        actions.merge_people(actor=coordinator_other_branch, kept=stranger, merged=merged)
    with pytest.raises(PermissionDenied):
        actions.merge_people(actor=caseworker, kept=kept, merged=merged)
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    with pytest.raises(PermissionDenied):
        actions.undo_merge(actor=coordinator_other_branch, merge=merge)
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk


def test_a_merged_record_cannot_be_merged_again_nor_undone_under_a_later_merge(
    coordinator, case, kept, merged
):
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    with pytest.raises((MergeRefused, PermissionDenied)):
        actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    third = record(coordinator, case, given_name="Магомед", family_name="Алиев")
    actions.merge_people(actor=coordinator, kept=third, merged=kept)
    with pytest.raises(MergeRefused):
        actions.undo_merge(actor=coordinator, merge=merge)


def test_dismissing_a_pair_is_audited_on_both_records(coordinator, kept, merged):
    first, second = sorted([kept, merged], key=lambda p: str(p.pk))
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.9, reasons=["name"])
    actions.dismiss_pair(actor=coordinator, pair=pair)
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISMISSED
    assert pair.decided_by == coordinator
    entries = AuditEntry.objects.filter(verb="matching.pair_dismissed")
    assert {e.target_id for e in entries} == {str(kept.pk), str(merged.pk)}
    with pytest.raises(MergeRefused):
        actions.dismiss_pair(actor=coordinator, pair=pair)


def test_erasing_the_kept_record_erases_the_merged_one(
    administrator, coordinator, case, kept, merged
):
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    case_actions.close_case(actor=coordinator, case=case, outcome="exited")
    erasure.erase_person(actor=administrator, person=kept, reason="request")
    merged.refresh_from_db()
    assert erasure.is_erased(merged)
    assert not PersonAlias.objects.filter(person__in=[kept, merged]).exists()
    assert not PersonName.objects.filter(person__in=[kept, merged]).exists()
    merge.refresh_from_db()
    assert merge.moved == {}
    with pytest.raises(MergeRefused):
        actions.undo_merge(actor=coordinator, merge=merge)


def test_a_user_without_the_role_sees_no_merge(caseworker, kept, merged, coordinator):
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    assert not actions.may_undo(caseworker, merge)
    other = UserFactory(roles=[Role.COORDINATOR], branches=[])
    assert not actions.may_undo(other, merge)


def test_undo_after_the_kept_records_other_names_were_edited_takes_the_merged_name_away(
    coordinator, kept, merged
):
    merge = actions.merge_people(actor=coordinator, kept=kept, merged=merged)
    names = list(kept.aliases.values_list("name", flat=True))
    assert "Magomed Aliyev" in names
    # Someone corrects the kept record's other names afterwards, keeping the merged one.
    case_actions.update_person(actor=coordinator, person=kept, aliases=[*names, "Магомед А."])

    actions.undo_merge(actor=coordinator, merge=merge)

    assert sorted(kept.aliases.values_list("name", flat=True)) == ["Мага", "Магомед А."]
