"""Changes to the registry of partner organisations. Partners are the organisation's, not a
branch's: whoever holds the role permission may add or correct one, and each change is audited.
"""

from django.db import transaction
from django.utils.translation import gettext as _

import audit
from accounts.models import User
from accounts.permissions import require
from network.models import Partner
from svoboda.errors import DomainError

PARTNER_FIELDS = [
    "name",
    "kind",
    "countries",
    "services",
    "contact",
    "agreement_signed_on",
    "agreement_ends_on",
    "is_active",
]
# Values that say nothing about any person and may be written into the audit trail as they are.
PLAIN_PARTNER_FIELDS = {"kind", "is_active"}


def _check_partner(partner, fields):
    for name in fields:
        if name not in PARTNER_FIELDS:
            raise TypeError(f"unexpected partner field {name!r}")
    partner.name = (partner.name or "").strip()
    if Partner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).exists():
        raise DomainError(
            _("A partner called %(name)s is already in the registry.") % {"name": partner.name}
        )
    signed, ends = partner.agreement_signed_on, partner.agreement_ends_on
    if signed and ends and ends < signed:
        raise DomainError(_("The memorandum cannot end before it was signed."))
    partner.full_clean()


def _jsonable(name, value):
    if name == "kind":
        return str(value)
    return value


@transaction.atomic
def create_partner(*, actor: User, **fields) -> Partner:
    """Someone whose role manages partners adds an organisation to the one registry."""
    require(actor, "network.add_partner")
    partner = Partner(**fields)
    _check_partner(partner, fields)
    partner.save()
    audit.record(
        actor=actor,
        verb="network.partner_added",
        target=partner,
        changes={"kind": partner.kind, "is_active": partner.is_active},
    )
    return partner


@transaction.atomic
def update_partner(*, actor: User, partner: Partner, **fields) -> Partner:
    """Someone whose role manages partners corrects a partner's entry, or marks it inactive."""
    require(actor, "network.change_partner")
    before = {name: getattr(partner, name) for name in fields}
    for name, value in fields.items():
        setattr(partner, name, value)
    _check_partner(partner, fields)
    changes = {}
    for name in fields:
        old, new = before[name], getattr(partner, name)
        if _same(old, new):
            continue
        changes[name] = _jsonable(name, new) if name in PLAIN_PARTNER_FIELDS else None
    if changes:
        partner.save()
        audit.record(actor=actor, verb="network.partner_updated", target=partner, changes=changes)
    return partner


def _same(old, new):
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        return sorted(str(item) for item in old or []) == sorted(str(item) for item in new or [])
    if old in ("", None) and new in ("", None):
        return True
    return old == new
