"""The history of work with one partner organisation, for its page: referrals to it, services it
provides, operations it took part in and shelters it runs.

The partner registry is open to every role that holds network.view_partner, but what the
organisation did with a partner is about survivors and operations, so need-to-know decides what
is listed:
- a referral or a service belongs to a survivor's assistance plan, which is shown only to users
  who see the plan's case in full (assistance.queries.plan_for), so only those are listed;
- an operation names its partners among its contacts, which the operation page shows only to
  those who manage it or see all of its cases in full (operations.queries.OperationAccess
  .view_contacts); an operation is listed only under the same rule, and only if
  operations_visible_to(user) includes it;
- shelters are listed to users who may see the shelter registry.
Everything else is only counted ("12 referrals in all, 3 in cases you can see"), and only within
the user's own branches, with operations still ahead left out of the count. Listing is not
reading: nothing here is audited, as on the case and operation lists.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import Branch
from assistance.models import Referral, Service
from cases.models import Case
from cases.queries import cases_in_full_view_of
from operations.models import Operation, OperationContact
from operations.queries import operations_visible_to
from shelters.models import Shelter
from shelters.queries import shelters_visible_to

# The page is a summary; the most recent rows of each kind are listed, the rest counted.
ROWS_SHOWN = 50


@dataclass(frozen=True)
class Section:
    rows: list
    total: int
    visible: int

    @property
    def has_more(self):
        return self.visible > len(self.rows)


@dataclass(frozen=True)
class PartnerHistory:
    referrals: Section
    services: Section
    operations: Section
    shelters: Section


def _section(everything, visible, order):
    """One aggregate query for both counts, one for the rows."""
    counts = everything.aggregate(
        total=Count("pk", distinct=True),
        visible=Count("pk", distinct=True, filter=Q(pk__in=visible.values("pk"))),
    )
    return Section(
        rows=list(visible.order_by(*order)[:ROWS_SHOWN]),
        total=counts["total"],
        visible=counts["visible"],
    )


def _operations_showing_contacts_to(user):
    """The operations whose contacts this user may see: the rule of OperationAccess.view_contacts
    (manages the operation, or sees all of its cases in full), as one filter."""
    full = cases_in_full_view_of(user).values("pk")
    cases = Case.objects.filter(operations=OuterRef("pk"))
    condition = Exists(cases) & ~Exists(cases.exclude(pk__in=full))
    if user.has_perm("operations.add_operation"):
        condition |= Q(branch__in=user.branches.all())
    return operations_visible_to(user).filter(condition)


def _branches_counted_for(user):
    """Totals count only the user's own branches (all for roles that see every branch): a
    count of another branch's referrals to a small partner, an embassy say, would tell a
    survivor's nationality to someone with no business knowing it."""
    if user.has_perm("accounts.view_all_branches"):
        return Branch.objects.all()
    return user.branches.all()


def history_of(user, partner):
    """What the partner page shows of the work done with this partner, for this user."""
    in_full_view = cases_in_full_view_of(user).values("pk")
    branches = _branches_counted_for(user)

    referrals = Referral.objects.filter(partner=partner, plan__case__branch__in=branches)
    services = Service.objects.filter(provider=partner, plan__case__branch__in=branches)
    with_partner = Operation.objects.filter(
        pk__in=OperationContact.objects.filter(partner=partner).values("operation")
    )
    shown_operations = with_partner.filter(
        pk__in=_operations_showing_contacts_to(user).values("pk")
    )
    # An operation still ahead is counted only for those who may see it: a total that grows
    # while a rescue is planned would warn whoever watches it.
    operations = with_partner.filter(
        Q(pk__in=shown_operations.values("pk"))
        | Q(branch__in=branches, status__in=[Operation.Status.COMPLETED, Operation.Status.ABORTED])
    )
    shelters = Shelter.objects.filter(operator=partner)

    return PartnerHistory(
        referrals=_section(
            referrals,
            referrals.filter(plan__case__in=in_full_view).select_related("plan__case", "service"),
            ["-created_at", "-pk"],
        ),
        services=_section(
            services,
            services.filter(plan__case__in=in_full_view).select_related("plan__case"),
            ["-created_at", "-pk"],
        ),
        operations=_section(operations, shown_operations, ["-starts_at", "-pk"]),
        shelters=_section(
            shelters,
            shelters.filter(pk__in=shelters_visible_to(user).values("pk")),
            ["name", "pk"],
        ),
    )
