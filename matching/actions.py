"""Merging two records of one person, undoing a merge, and saying two records are not one person.

A merge keeps one record (`kept`) and hides the other (`merged`): every row that pointed at the
merged record (aliases, contacts, identity documents, roles in cases, the assistance plan,
consents, rescues, shelter stays, review pairs) points at the kept one, the merged record's
names become aliases of the kept one (a search by the old spelling finds it), and fields empty
on the kept record are filled from the merged one. The merged row itself is not changed except
for `merged_into`, so that the merge can be undone: PersonMerge.moved lists every row moved and
every field filled, and undo_merge() puts them back.

Two rows cannot always both move:
- the same role in the same case, or the same rescue in the same debrief, on both records: the
  merged record's copy is deleted (the kept record already says it) and its values are kept in
  PersonMerge.moved, so that undo creates it again with the same id;
- an assistance plan on both records (a person has one plan), a consent of one kind in force on
  both, or a shelter stay without an end on both: the merge is refused with a message saying
  what to settle first. Nothing is guessed about which plan, consent or stay is the right one.

Review pairs that named the merged record name the kept one instead, unless the kept one already
has a pair with that person; those stay on the hidden record (and come back with an undo).

Permission: matching.merge_people (coordinators) and cases.change_person on both records, which
is need-to-know: the actor sees both, and in full every case either record is in, whose team sees
the kept record from then on (_check_sees_every_case). Undo asks for matching.merge_people, the
kept record and the record as it will be again (its branch or one of its cases).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts.permissions import require
from cases.htcds import Gender
from cases.models import Contact, IdentityDocument, Participant, Person, PersonAlias
from cases.names import search_text_for
from matching.index import index_person
from matching.models import DuplicatePair, PersonMerge
from svoboda.errors import DomainError


class MergeRefused(DomainError):
    pass


def _moving_models():
    """(label, model, field) of every row that belongs to a person and moves with a merge.

    A new model pointing at cases.Person must be added here: test_merge checks that every
    relation to Person is either listed or known to need nothing."""
    from assistance.models import AssistancePlan, Consent
    from operations.models import RescuedPerson
    from shelters.models import Placement

    return [
        ("cases.PersonAlias", PersonAlias, "person"),
        ("cases.Contact", Contact, "person"),
        ("cases.IdentityDocument", IdentityDocument, "person"),
        ("cases.Participant", Participant, "person"),
        ("assistance.AssistancePlan", AssistancePlan, "person"),
        ("assistance.Consent", Consent, "person"),
        ("operations.RescuedPerson", RescuedPerson, "person"),
        ("shelters.Placement", Placement, "person"),
    ]


# Fields of the kept record filled from the merged one when empty: (field, empty value).
FILLABLE = [
    ("birth_year", None),
    ("age_estimate", None),
    ("gender", Gender.UNKNOWN),
    ("languages", ""),
    ("description", ""),
]


def _locked_pair(kept, merged):
    """Both rows, locked in a fixed order (two merges of the same records wait for each other
    instead of deadlocking)."""
    ids = sorted([kept.pk, merged.pk], key=str)
    rows = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return rows.get(kept.pk), rows.get(merged.pk)


def _require_sees(actor, *people):
    require(actor, "matching.merge_people")
    for person in people:
        require(actor, "cases.change_person", person)


def _is_erased(person):
    from cases.erasure import is_erased

    return is_erased(person)


def _check_mergeable(kept, merged):
    from assistance.models import AssistancePlan, Consent
    from shelters.models import Placement

    if kept.pk == merged.pk:
        raise MergeRefused(_("A record cannot be merged with itself."))
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeRefused(_("One of these records has already been merged into another."))
    if _is_erased(kept) or _is_erased(merged):
        raise MergeRefused(_("One of these records has been erased."))
    if AssistancePlan.objects.filter(person=kept).exists() and (
        AssistancePlan.objects.filter(person=merged).exists()
    ):
        raise MergeRefused(
            _(
                "Both records have an assistance plan, and a person has only one. These records "
                "cannot be merged: leave them apart, or ask an administrator to combine the two "
                "plans first."
            )
        )
    in_force = Consent.objects.filter(withdrawn_at__isnull=True)
    kept_consents = set(in_force.filter(person=kept).values_list("kind", "partner_id"))
    merged_consents = set(in_force.filter(person=merged).values_list("kind", "partner_id"))
    if kept_consents & merged_consents:
        raise MergeRefused(
            _(
                "Both records have a consent of the same kind in force. Withdraw the one that is "
                "no longer current, then merge."
            )
        )
    open_stays = Placement.objects.filter(end_on__isnull=True)
    if open_stays.filter(person=kept).exists() and open_stays.filter(person=merged).exists():
        raise MergeRefused(
            _(
                "Both records have a shelter stay without an end. Record the end of the stay "
                "that is not current, then merge."
            )
        )


def _check_sees_every_case(actor, kept, merged):
    """Every role moves to the kept record, so the team of each case of either record sees the
    kept one from then on (contacts, documents, other names, description). Only someone who
    sees every one of those cases in full can judge that."""
    from cases.queries import cases_in_full_view_of

    roles = Participant.objects.filter(person__in=[kept.pk, merged.pk])
    if roles.exclude(case__in=cases_in_full_view_of(actor)).exists():
        raise MergeRefused(
            _(
                "One of these records is also in a case you cannot see, whose team would see "
                "the kept record from then on. Ask a coordinator who sees every case of both "
                "records to merge them."
            )
        )


def _check_pair(pair, kept, merged):
    if pair is None:
        return None
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if {pair.first_id, pair.second_id} != {kept.pk, merged.pk}:
        raise ValueError("The pair does not name these two records")
    if pair.status != DuplicatePair.Status.OPEN:
        raise MergeRefused(_("This pair has already been decided."))
    return pair


def _refresh_names(person):
    """search_text and the name index after the person's aliases changed."""
    aliases = list(PersonAlias.objects.filter(person=person).values_list("name", flat=True))
    Person.objects.filter(pk=person.pk).update(
        search_text=search_text_for(person, aliases), updated_at=timezone.now()
    )
    index_person(person, aliases)


def _move_rows(kept, merged):
    """Re-point every row of the merged record at the kept one. Returns (moved, removed)."""
    from operations.models import RescuedPerson

    removed = {"cases.Participant": [], "operations.RescuedPerson": []}
    kept_roles = set(Participant.objects.filter(person=kept).values_list("case_id", "role"))
    for row in Participant.objects.filter(person=merged):
        if (row.case_id, row.role) in kept_roles:
            removed["cases.Participant"].append(
                {
                    "id": row.pk,
                    "case": str(row.case_id),
                    "role": row.role,
                    "added_at": row.added_at.isoformat(),
                }
            )
    kept_debriefs = set(RescuedPerson.objects.filter(person=kept).values_list("debrief_id"))
    for row in RescuedPerson.objects.filter(person=merged):
        if (row.debrief_id,) in kept_debriefs:
            removed["operations.RescuedPerson"].append(
                {"id": row.pk, "debrief": row.debrief_id, "case": str(row.case_id)}
            )
    Participant.objects.filter(pk__in=[r["id"] for r in removed["cases.Participant"]]).delete()
    RescuedPerson.objects.filter(
        pk__in=[r["id"] for r in removed["operations.RescuedPerson"]]
    ).delete()

    moved = {}
    for label, model, field in _moving_models():
        rows = model.objects.filter(**{field: merged})
        ids = [_plain(pk) for pk in rows.values_list("pk", flat=True)]
        if ids:
            model.objects.filter(pk__in=ids).update(**{field: kept})
            moved[label] = ids
    return moved, removed


def _plain(pk):
    return pk if isinstance(pk, int) else str(pk)


def _add_names_as_aliases(kept, merged):
    """The merged record's recorded name as an alias of the kept one (its aliases moved with
    the rows). Returns the ids of the aliases added."""
    known = {kept.full_name.casefold()}
    known |= {
        name.casefold()
        for name in PersonAlias.objects.filter(person=kept).values_list("name", flat=True)
    }
    name = merged.full_name
    if not name or name.casefold() in known:
        return []
    return [PersonAlias.objects.create(person=kept, name=name[:300]).pk]


def _fill_fields(kept, merged):
    """Fields empty on the kept record take the merged record's value; citizenships are joined.
    Returns what was filled, by field name (values stay on the merged row, unchanged)."""
    filled = {}
    changed = []
    for field, empty in FILLABLE:
        if getattr(kept, field) == empty and getattr(merged, field) != empty:
            setattr(kept, field, getattr(merged, field))
            filled[field] = True
            changed.append(field)
    kept_codes = [country.code for country in kept.citizenship]
    added = [c.code for c in merged.citizenship if c.code not in kept_codes]
    if added:
        kept.citizenship = kept_codes + added
        filled["citizenship"] = added
        changed.append("citizenship")
    if changed:
        kept.save(update_fields=[*changed, "updated_at"])
    return filled


def _move_pairs(kept, merged, reviewed):
    """Review pairs naming the merged record name the kept one, when the kept one has no pair
    with that person yet. Returns the pairs moved, as they were."""
    moved = []
    for pair in DuplicatePair.objects.filter(
        Q(first=merged) | Q(second=merged)
    ).select_for_update():
        if reviewed is not None and pair.pk == reviewed.pk:
            continue
        other_id = pair.second_id if pair.first_id == merged.pk else pair.first_id
        if other_id == kept.pk:
            continue
        first, second = sorted([kept.pk, other_id], key=str)
        if DuplicatePair.objects.filter(first_id=first, second_id=second).exists():
            continue
        moved.append({"id": pair.pk, "first": str(pair.first_id), "second": str(pair.second_id)})
        DuplicatePair.objects.filter(pk=pair.pk).update(first_id=first, second_id=second)
    return moved


def _counts(moved, removed):
    counts = {label: len(ids) for label, ids in moved.items()}
    for label, rows in removed.items():
        if rows:
            counts[f"{label} (same as kept)"] = len(rows)
    return counts


@transaction.atomic
def merge_people(*, actor, kept: Person, merged: Person, pair: DuplicatePair = None) -> PersonMerge:
    """Merge `merged` into `kept`. Returns the PersonMerge that undo_merge() takes."""
    _require_sees(actor, kept, merged)
    kept, merged = _locked_pair(kept, merged)
    if kept is None or merged is None:
        raise MergeRefused(_("One of these records no longer exists."))
    # Checked again on the locked rows: a merge that waited for this lock sees the other one.
    _check_mergeable(kept, merged)
    _require_sees(actor, kept, merged)
    _check_sees_every_case(actor, kept, merged)
    pair = _check_pair(pair, kept, merged)

    moved, removed = _move_rows(kept, merged)
    aliases_added = _add_names_as_aliases(kept, merged)
    filled = _fill_fields(kept, merged)
    pairs_moved = _move_pairs(kept, merged, pair)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept, updated_at=timezone.now())
    merged.merged_into = kept
    _refresh_names(kept)
    _refresh_names(merged)
    if pair is not None:
        pair.status = DuplicatePair.Status.MERGED
        pair.decided_by, pair.decided_at = actor, timezone.now()
        pair.save(update_fields=["status", "decided_by", "decided_at"])

    merge = PersonMerge.objects.create(
        kept=kept,
        merged=merged,
        merged_by=actor,
        moved={
            "rows": moved,
            "removed": removed,
            "aliases_added": aliases_added,
            "filled": filled,
            "pairs_moved": pairs_moved,
            "pair": pair.pk if pair is not None else None,
        },
    )
    counts = _counts(moved, removed)
    audit.record(
        actor=actor,
        verb="matching.people_merged",
        target=kept,
        changes={
            "merged": str(merged.pk),
            "merge": merge.pk,
            "moved": counts,
            "filled": sorted(filled),
        },
    )
    audit.record(
        actor=actor,
        verb="matching.people_merged",
        target=merged,
        changes={"kept": str(kept.pk), "merge": merge.pk, "moved": counts},
    )
    return merge


# Undo.


def would_see_merged(user, merge):
    """Whether the user would see the merged record once the merge is undone: it was recorded
    by a branch they coordinate, or it has a role in a case they see in full."""
    from cases.queries import cases_in_full_view_of

    merged = merge.merged
    if (
        user.has_perm("cases.coordinate_case")
        and user.branches.filter(pk=merged.branch_id).exists()
    ):
        return True
    moved = merge.moved or {}
    case_ids = set(
        Participant.objects.filter(
            pk__in=moved.get("rows", {}).get("cases.Participant", [])
        ).values_list("case_id", flat=True)
    )
    case_ids |= {row["case"] for row in moved.get("removed", {}).get("cases.Participant", [])}
    case_ids |= set(Participant.objects.filter(person=merged).values_list("case_id", flat=True))
    return bool(case_ids) and cases_in_full_view_of(user).filter(pk__in=case_ids).exists()


def _record_now(person):
    """The record that stands for the person now: itself, or what it was merged into since."""
    seen = set()
    while person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def may_undo(user, merge):
    """Whether the user sees the kept record (or what it became) and would see the merged one."""
    from cases.queries import people_visible_to

    return (
        user.has_perm("matching.merge_people")
        and people_visible_to(user).filter(pk=_record_now(merge.kept).pk).exists()
        and would_see_merged(user, merge)
    )


def _restore_removed(merged, removed):
    from cases.models import Case
    from operations.models import Debrief, RescuedPerson

    for row in removed.get("cases.Participant", []):
        if not Case.objects.filter(pk=row["case"]).exists():
            continue
        if Participant.objects.filter(pk=row["id"]).exists():
            continue
        Participant.objects.create(
            id=row["id"], case_id=row["case"], person=merged, role=row["role"]
        )
        # added_at is set on creation; the row gets its first date back.
        Participant.objects.filter(pk=row["id"]).update(
            added_at=datetime.datetime.fromisoformat(row["added_at"])
        )
    for row in removed.get("operations.RescuedPerson", []):
        if not Debrief.objects.filter(pk=row["debrief"]).exists():
            continue
        if RescuedPerson.objects.filter(pk=row["id"]).exists():
            continue
        RescuedPerson.objects.create(
            id=row["id"], debrief_id=row["debrief"], case_id=row["case"], person=merged
        )


def _restore_fields(kept, merged, filled):
    changed = []
    for field, empty in FILLABLE:
        # Only a value still as the merge left it goes back: a correction made since stays.
        if filled.get(field) and getattr(kept, field) == getattr(merged, field):
            setattr(kept, field, empty)
            changed.append(field)
    added = filled.get("citizenship") or []
    if added:
        kept.citizenship = [c.code for c in kept.citizenship if c.code not in added]
        changed.append("citizenship")
    if changed:
        kept.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def undo_merge(*, actor, merge: PersonMerge) -> PersonMerge:
    """Put back everything merge_people() moved; the merged record is seen again."""
    require(actor, "matching.merge_people")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    kept, merged = _locked_pair(merge.kept, merge.merged)
    if merge.undone_at is not None:
        raise MergeRefused(_("This merge has already been undone."))
    if not may_undo(actor, merge):
        raise PermissionDenied("matching.merge_people")
    if kept.merged_into_id is not None:
        raise MergeRefused(
            _("The kept record has since been merged into another one. Undo that merge first.")
        )
    if _is_erased(kept) or _is_erased(merged):
        raise MergeRefused(_("The record has been erased since; the merge cannot be undone."))
    if merged.merged_into_id != kept.pk:
        raise MergeRefused(_("The records have changed since the merge; it cannot be undone."))

    moved = merge.moved or {}
    for label, model, field in _moving_models():
        ids = moved.get("rows", {}).get(label, [])
        # Only rows still on the kept record go back (a row deleted since stays deleted).
        model.objects.filter(pk__in=ids, **{field: kept}).update(**{field: merged})
    _restore_removed(merged, moved.get("removed", {}))
    PersonAlias.objects.filter(pk__in=moved.get("aliases_added", []), person=kept).delete()
    _restore_fields(kept, merged, moved.get("filled", {}))
    for row in moved.get("pairs_moved", []):
        DuplicatePair.objects.filter(pk=row["id"]).update(
            first_id=row["first"], second_id=row["second"]
        )
    if moved.get("pair"):
        DuplicatePair.objects.filter(pk=moved["pair"]).update(
            status=DuplicatePair.Status.OPEN, decided_by=None, decided_at=None
        )
    Person.objects.filter(pk=merged.pk).update(merged_into=None, updated_at=timezone.now())
    merged.merged_into = None
    _refresh_names(kept)
    _refresh_names(merged)
    merge.undone_by, merge.undone_at = actor, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    audit.record(
        actor=actor,
        verb="matching.merge_undone",
        target=kept,
        changes={"merged": str(merged.pk), "merge": merge.pk},
    )
    audit.record(
        actor=actor,
        verb="matching.merge_undone",
        target=merged,
        changes={"kept": str(kept.pk), "merge": merge.pk},
    )
    return merge


@transaction.atomic
def dismiss_pair(*, actor, pair: DuplicatePair) -> DuplicatePair:
    """A coordinator says the two records are two people: the pair leaves the review list and
    later runs of the finder do not bring it back."""
    pair = (
        DuplicatePair.objects.select_for_update(of=("self",))
        .select_related("first", "second")
        .get(pk=pair.pk)
    )
    _require_sees(actor, pair.first, pair.second)
    if pair.status != DuplicatePair.Status.OPEN:
        raise MergeRefused(_("This pair has already been decided."))
    pair.status = DuplicatePair.Status.DISMISSED
    pair.decided_by, pair.decided_at = actor, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    for person, other in ((pair.first, pair.second), (pair.second, pair.first)):
        audit.record(
            actor=actor,
            verb="matching.pair_dismissed",
            target=person,
            changes={"pair": pair.pk, "other": str(other.pk)},
        )
    return pair
