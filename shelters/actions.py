"""Changes to shelters and placements. Each function checks permission, writes, and records the
audit entry, in one transaction. Street addresses and free-text reasons never go into the audit
trail: it records that they changed, not what they say.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from accounts.models import Branch, User
from accounts.permissions import require
from cases.models import Person
from shelters.models import Placement, Shelter, ShelterAddress
from shelters.queries import overlapping
from svoboda.errors import DomainError

SHELTER_FIELDS = ["name", "operator", "city", "country", "takes", "capacity", "contact"]
# Values the audit trail may hold as they are; the others are recorded only as changed.
PLAIN_SHELTER_FIELDS = {"branch", "operator", "city", "country", "takes", "capacity"}


def _audit_value(value):
    if value is None or isinstance(value, (int, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _comparable(value):
    if isinstance(value, (list, tuple)):
        return sorted(str(item) for item in value)
    if hasattr(value, "pk"):
        return value.pk
    if value in ("", None):
        return None
    return str(value)


def _check_names(fields, function):
    for name in fields:
        if name not in SHELTER_FIELDS:
            raise TypeError(f"{function}() got an unexpected field {name!r}")


def _checked_address(shelter, street_address):
    address = ShelterAddress(shelter=shelter, street_address=street_address.strip())
    # The shelter may not be saved yet; its own checks come first.
    address.full_clean(exclude=["shelter"])
    return address


@transaction.atomic
def create_shelter(*, actor: User, branch: Branch, street_address: str = "", **fields) -> Shelter:
    """A coordinator records a shelter for a branch they belong to, with its address if known."""
    require(actor, "shelters.add_in_branch", branch)
    _check_names(fields, "create_shelter")
    shelter = Shelter(branch=branch, **fields)
    shelter.full_clean()
    address = _checked_address(shelter, street_address) if street_address.strip() else None
    shelter.save()
    changes = {name: _audit_value(getattr(shelter, name)) for name in PLAIN_SHELTER_FIELDS}
    if address is not None:
        address.shelter = shelter
        address.save()
        changes["street_address"] = None
    audit.record(actor=actor, verb="shelters.shelter_created", target=shelter, changes=changes)
    return shelter


@transaction.atomic
def update_shelter(
    *,
    actor: User,
    shelter: Shelter,
    branch: Branch | None = None,
    street_address: str = "",
    **fields,
) -> Shelter:
    """A coordinator of the shelter's branch corrects it; an empty address keeps the old one.

    Moving a shelter to another branch also needs the right to record shelters there.
    """
    require(actor, "shelters.edit_shelter", shelter)
    _check_names(fields, "update_shelter")
    if branch is not None and branch.pk != shelter.branch_id:
        require(actor, "shelters.add_in_branch", branch)
        fields = {**fields, "branch": branch}
    before = {name: getattr(shelter, name) for name in fields}
    for name, value in fields.items():
        setattr(shelter, name, value)
    shelter.full_clean()
    if "capacity" in fields and fields["capacity"] < before["capacity"]:
        from shelters.queries import occupancy_of

        staying = occupancy_of(shelter)
        if fields["capacity"] < staying:
            # Fewer places than people staying would put them over capacity with no override.
            raise DomainError(
                ngettext(
                    "%(count)s person stays in the shelter today: it cannot have fewer places. "
                    "End the stay first.",
                    "%(count)s people stay in the shelter today: it cannot have fewer places. "
                    "End their stays first.",
                    staying,
                )
                % {"count": staying}
            )
    changes = {
        name: _audit_value(value) if name in PLAIN_SHELTER_FIELDS else None
        for name, value in fields.items()
        if _comparable(before[name]) != _comparable(value)
    }
    if street_address.strip():
        address = _checked_address(shelter, street_address)
        stored = ShelterAddress.objects.filter(shelter=shelter).first()
        if stored is None or stored.street_address != address.street_address:
            address.save()
            changes["street_address"] = None
    if changes:
        shelter.save()
        audit.record(actor=actor, verb="shelters.shelter_updated", target=shelter, changes=changes)
    return shelter


def first_full_day(shelter, start_on, end_on=None):
    """The first day in [start_on, end_on) on which every place of the shelter is taken, or None.

    Occupancy only rises on the day a stay starts, so the days to look at are the start of the
    new stay and the starts of the others that fall within it.
    """
    others = list(
        Placement.objects.filter(shelter=shelter)
        .filter(overlapping(start_on, end_on))
        .values_list("start_on", "end_on")
    )
    days = {start_on} | {
        start for start, _end in others if start > start_on and (end_on is None or start < end_on)
    }
    for day in sorted(days):
        taken = sum(1 for start, end in others if start <= day and (end is None or end > day))
        if taken >= shelter.capacity:
            return day
    return None


@transaction.atomic
def place_person(
    *,
    actor: User,
    shelter: Shelter,
    person: Person,
    start_on: datetime.date,
    end_on: datetime.date | None = None,
    override_capacity: bool = False,
    over_capacity_reason: str = "",
) -> Placement:
    """A worker on the person's case places them in a shelter. A person stays in one place at a
    time; beyond the shelter's capacity only with the override permission and a reason."""
    require(actor, "shelters.place_person", person)
    if end_on is not None and end_on <= start_on:
        raise DomainError(_("The stay must end at least one day after it starts."))
    # Lock the shelter and the person, so that two placements made at the same moment can
    # neither both take the last place nor overlap.
    shelter = Shelter.objects.select_for_update().get(pk=shelter.pk)
    # A stay opens the shelter's address to the person's workers, so only members of the
    # branch that runs the shelter decide who stays there (or a placement made only to read
    # the address would be possible from any branch).
    if not actor.branches.filter(pk=shelter.branch_id).exists():
        raise DomainError(
            _(
                "Only members of the branch %(branch)s can place people in this shelter. "
                "Ask its coordinator."
            )
            % {"branch": shelter.branch}
        )
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if Placement.objects.filter(person=person).filter(overlapping(start_on, end_on)).exists():
        raise DomainError(
            _(
                "This person already has a shelter placement on these dates. "
                "End it first, or choose other dates."
            )
        )
    reason = over_capacity_reason.strip()
    full_on = first_full_day(shelter, start_on, end_on)
    if full_on is None:
        reason = ""
    elif not override_capacity:
        raise DomainError(
            _(
                "%(shelter)s has no free place on %(date)s. A coordinator can place a person "
                "beyond capacity, with a reason."
            )
            % {"shelter": shelter.name, "date": full_on.isoformat()}
        )
    else:
        require(actor, "shelters.override_capacity")
        if not reason:
            raise DomainError(_("Say why the person is placed beyond the shelter's capacity."))
    placement = Placement(
        shelter=shelter,
        person=person,
        start_on=start_on,
        end_on=end_on,
        over_capacity_reason=reason,
        placed_by=actor,
    )
    placement.full_clean()
    placement.save()
    audit.record(
        actor=actor,
        verb="shelters.person_placed",
        target=shelter,
        changes={
            "placement": placement.pk,
            "person": str(person.pk),
            "start_on": start_on.isoformat(),
            "end_on": end_on.isoformat() if end_on else None,
            # That the capacity was overridden; the reason stays on the placement.
            "over_capacity": bool(reason),
        },
    )
    return placement


@transaction.atomic
def end_placement(*, actor: User, placement: Placement, end_on: datetime.date) -> Placement:
    """A worker on the person's case records the day the person left the shelter."""
    require(actor, "shelters.place_person", placement.person)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.end_on is not None:
        raise DomainError(_("This placement has already ended."))
    if end_on < placement.start_on:
        raise DomainError(_("A stay cannot end before it started."))
    placement.end_on = end_on
    placement.full_clean()
    placement.save(update_fields=["end_on", "updated_at"])
    audit.record(
        actor=actor,
        verb="shelters.placement_ended",
        target=placement.shelter,
        changes={
            "placement": placement.pk,
            "person": str(placement.person_id),
            "end_on": end_on.isoformat(),
        },
    )
    return placement
