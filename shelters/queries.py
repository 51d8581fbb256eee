"""Reads of shelters and placements, scoped in one place.

- The registry (names, cities, countries, who they take, occupancy as a number) is for everyone
  whose role holds shelters.view_shelter.
- A placement names a person, so it is listed only to users who may see that person
  (cases.queries.people_visible_to); everyone else sees the occupancy as a number.
- People can be placed, and their placements ended, by those who see one of their cases in full
  and in which they are a survivor or a survivor's relative (placeable_people).
- The street address is shown to members of the shelter's branch whose role holds
  shelters.view_shelter_address, and to workers who see in full the case of someone staying there
  today. Reading it is recorded in the audit trail (read_shelter_address); no page prints it
  without that explicit step.

Out-of-scope shelters, people and placements are 404.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django_countries import countries

import audit
from cases.models import Participant, Person
from cases.queries import cases_in_full_view_of, people_visible_to
from shelters.models import Placement, Shelter, ShelterAddress

# Who may stay in a shelter through a case: the survivor, and their family with them.
PLACEABLE_ROLES = [Participant.Role.VICTIM, Participant.Role.RELATIVE]
PAST_PLACEMENTS_SHOWN = 50


def _may_see_shelters(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("accounts.access_workspace")
        and user.has_perm("shelters.view_shelter")
    )


def ongoing_on(day):
    """A filter for placements that hold a place on `day` (start_on <= day < end_on)."""
    return Q(start_on__lte=day) & (Q(end_on__isnull=True) | Q(end_on__gt=day))


def overlapping(start_on, end_on=None):
    """A filter for placements sharing at least one day with [start_on, end_on); open if None."""
    condition = Q(end_on__isnull=True) | Q(end_on__gt=start_on)
    if end_on is not None:
        condition &= Q(start_on__lt=end_on)
    return condition


def occupancy_on(day):
    """An annotation for shelters: how many placements hold a place on `day`."""
    placements = Placement.objects.filter(ongoing_on(day), shelter=OuterRef("pk")).order_by()
    # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY.
    counted = placements.annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def occupancy_of(shelter, day=None):
    """How many people stay in the shelter on `day` (today by default)."""
    day = day or timezone.localdate()
    return Placement.objects.filter(ongoing_on(day), shelter=shelter).count()


def shelters_visible_to(user):
    if not _may_see_shelters(user):
        return Shelter.objects.none()
    return Shelter.objects.all()


def find_shelters(user, *, city="", country="", takes="", with_free_places=False, on=None):
    """The shelter list: visible shelters matching the filters, each with `occupancy` and
    `free_places` on the day (today by default), in a fixed number of queries."""
    from svoboda.model_fields import has_choice

    day = on or timezone.localdate()
    shelters = (
        shelters_visible_to(user)
        .select_related("branch", "operator")
        .annotate(occupancy=occupancy_on(day))
        .annotate(free_places=F("capacity") - F("occupancy"))
    )
    if city:
        shelters = shelters.filter(city=city)
    if country:
        shelters = shelters.filter(country=country)
    if takes:
        shelters = shelters.filter(has_choice("takes", takes))
    if with_free_places:
        shelters = shelters.filter(occupancy__lt=F("capacity"))
    return shelters.order_by("name", "pk")


def cities_of_shelters_visible_to(user):
    """The cities that have a visible shelter, for the list's filter."""
    return list(
        shelters_visible_to(user).order_by("city").values_list("city", flat=True).distinct()
    )


def countries_of_shelters_visible_to(user):
    """(code, name) of the countries that have a visible shelter, for the list's filter."""
    codes = set(shelters_visible_to(user).values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


def shelter_for(user, pk):
    """One shelter with today's `occupancy`, or 404."""
    shelter = (
        shelters_visible_to(user)
        .select_related("branch", "operator")
        .annotate(occupancy=occupancy_on(timezone.localdate()))
        .filter(pk=pk)
        .first()
    )
    if shelter is None:
        raise Http404
    return shelter


def branches_to_add_shelters_in(user):
    """The user's branches in which they may record a shelter (rule shelters.add_in_branch)."""
    from accounts.models import Branch

    if not _may_see_shelters(user):
        return Branch.objects.none()
    allowed = [b.pk for b in user.branches.all() if user.has_perm("shelters.add_in_branch", b)]
    return Branch.objects.filter(pk__in=allowed).order_by("name")


def branches_for_shelter_of(user, shelter):
    """The branches an edited shelter may belong to: its own, and those where the user may
    record shelters (actions.update_shelter checks a move again)."""
    from accounts.models import Branch

    allowed = [*branches_to_add_shelters_in(user).values_list("pk", flat=True), shelter.branch_id]
    return Branch.objects.filter(pk__in=allowed).order_by("name")


# The address.


def may_see_address(user, shelter):
    """Members of the shelter's branch allowed to see addresses, and workers who see in full the
    case of someone who stays in the shelter today."""
    if not _may_see_shelters(user):
        return False
    if (
        user.has_perm("shelters.view_shelter_address")
        and user.branches.filter(pk=shelter.branch_id).exists()
    ):
        return True
    return (
        Placement.objects.filter(ongoing_on(timezone.localdate()), shelter=shelter)
        .filter(person__in=placeable_people(user))
        .exists()
    )


def read_shelter_address(user, shelter):
    """The street address ("" when none is recorded), recorded in the audit trail as seen by the
    user; PermissionDenied for anyone the rule does not let see it."""
    if not may_see_address(user, shelter):
        raise PermissionDenied
    address = ShelterAddress.objects.filter(shelter=shelter).first()
    audit.record(actor=user, verb="shelters.address_viewed", target=shelter)
    return address.street_address if address else ""


# Placements.


def placeable_people(user):
    """People the user may place (and whose placements they may end): survivors and their
    relatives in cases the user sees in full."""
    if not _may_see_shelters(user):
        return Person.objects.none()
    in_cases = Participant.objects.filter(
        case__in=cases_in_full_view_of(user), role__in=PLACEABLE_ROLES
    ).values("person")
    return Person.objects.filter(pk__in=in_cases)


def placeable_person_for(user, pk):
    """A person the user may place, or 404."""
    try:
        pk = uuid.UUID(str(pk))
    except ValueError:
        raise Http404 from None
    person = placeable_people(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def placements_visible_to(user):
    """Placements of the people the user may see, in the shelters they may see."""
    if not _may_see_shelters(user):
        return Placement.objects.none()
    return Placement.objects.filter(person__in=people_visible_to(user))


def stays_of(user, person):
    """The person's placements today and ahead, for their page: the shelter's name and the
    dates only (never its address), to whoever may see shelters and this person."""
    today = timezone.localdate()
    return list(
        placements_visible_to(user)
        .filter(person=person)
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=today))
        .select_related("shelter")
        .order_by("start_on")
    )


def placement_for(user, pk):
    """One placement of a person the user may see, or 404."""
    placement = (
        placements_visible_to(user).select_related("shelter", "person").filter(pk=pk).first()
    )
    if placement is None:
        raise Http404
    return placement


@dataclass(frozen=True)
class ShelterPlacements:
    """What the shelter page shows of who stays there."""

    current: list  # visible placements not yet ended (today or later), newest first
    past: list  # visible ended placements, the latest PAST_PLACEMENTS_SHOWN
    occupancy: int  # everyone staying today, seen or not
    unseen_today: int  # people staying today whom the user may not see: a number, no names


def placements_of(user, shelter):
    """The shelter's placements the user may see, each with `may_end`, and today's counts."""
    today = timezone.localdate()
    placements = (
        placements_visible_to(user)
        .filter(shelter=shelter)
        .select_related("person")
        .annotate(may_end=Exists(placeable_people(user).filter(pk=OuterRef("person_id"))))
    )
    current = list(placements.filter(Q(end_on__isnull=True) | Q(end_on__gt=today)))
    past = list(placements.filter(end_on__lte=today)[:PAST_PLACEMENTS_SHOWN])
    occupancy = occupancy_of(shelter, today)
    seen_today = sum(1 for p in current if p.start_on <= today)
    return ShelterPlacements(
        current=current,
        past=past,
        occupancy=occupancy,
        unseen_today=max(occupancy - seen_today, 0),
    )


def read_placements_of(user, shelter):
    """placements_of, with each person whose name the page shows recorded as viewed: who stays
    where is among the most sensitive facts the organisation holds."""
    placements = placements_of(user, shelter)
    shown = {p.person_id: p.person for p in [*placements.current, *placements.past]}
    for person in shown.values():
        audit.record(
            actor=user,
            verb="cases.person_viewed",
            target=person,
            changes={"via": "shelter", "shelter": shelter.pk},
        )
    return placements
