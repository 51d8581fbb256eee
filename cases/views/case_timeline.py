"""The case timeline: audit entries turned into lines a person can read.

Only values that are not personal data are shown (statuses, outcome, risk, roles, which fields
changed, staff names); names, contacts, notes, file names and free-text reasons never appear,
even though some entries hold ids that would lead to them.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from accounts.models import User
from audit.verbs import label_for
from cases.models import Case, Participant
from intake.models import HelpRequest

STAFF_KEYS = ("user", "owner", "from", "to")


@dataclass(frozen=True)
class TimelineRow:
    entry: object
    label: str
    actor: str
    details: list


def timeline_rows(entries):
    """One row per entry of a page of the timeline, with one query for the staff it mentions."""
    entries = list(entries)
    staff_ids = {
        entry.changes.get(key)
        for entry in entries
        for key in STAFF_KEYS
        if isinstance(entry.changes.get(key), int)
    }
    staff = {user.pk: user for user in User.objects.filter(pk__in=staff_ids)} if staff_ids else {}
    return [
        TimelineRow(
            entry=entry,
            label=str(label_for(entry.verb)),
            actor=_actor(entry),
            details=_details(entry, staff),
        )
        for entry in entries
    ]


def _actor(entry):
    if entry.actor_id is None:
        return _("The writer") if entry.actor_label == "anonymous writer" else _("The system")
    return entry.actor_label


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _staff_name(staff, pk):
    user = staff.get(pk)
    return (user.full_name or user.email) if user else f"#{pk}"


def _details(entry, staff):
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    details = []
    status = changes.get("status")
    if isinstance(status, list) and len(status) == 2:
        details.append(
            _("Status: %(old)s → %(new)s")
            % {"old": _label(Case.Status, status[0]), "new": _label(Case.Status, status[1])}
        )
    if changes.get("outcome") and entry.verb.startswith("cases."):
        outcome = _label(Case.Outcome, changes["outcome"])
        details.append(_("Outcome: %(outcome)s") % {"outcome": outcome})
    if isinstance(changes.get("risk"), int):
        details.append(_("Risk: %(risk)s") % {"risk": _label(Case.Risk, changes["risk"])})
    if entry.verb == "cases.case_updated":
        names = [_field_name(name) for name in changes if name != "risk"]
        if names:
            details.append(_("Changed: %(fields)s") % {"fields": ", ".join(names)})
    if changes.get("role"):
        details.append(_("Role: %(role)s") % {"role": _label(Participant.Role, changes["role"])})
    if "sensitive" in changes:
        if changes["sensitive"]:
            details.append(_("Sensitive note"))
        else:
            details.append(_("Note that everyone on the case may read"))
    if changes.get("due_on"):
        details.append(_("Due: %(date)s") % {"date": changes["due_on"]})
    if entry.verb in ("cases.worker_assigned", "cases.worker_unassigned") and "user" in changes:
        details.append(_("Worker: %(name)s") % {"name": _staff_name(staff, changes["user"])})
    if entry.verb in ("cases.access_granted", "cases.access_revoked") and "user" in changes:
        details.append(_("Account: %(name)s") % {"name": _staff_name(staff, changes["user"])})
    if entry.verb == "cases.task_added" and "owner" in changes:
        details.append(_("Owner: %(name)s") % {"name": _staff_name(staff, changes["owner"])})
    if entry.verb in ("cases.work_handed_over", "cases.task_reassigned") and "to" in changes:
        details.append(
            _("From %(old)s to %(new)s")
            % {
                "old": _staff_name(staff, changes["from"]),
                "new": _staff_name(staff, changes["to"]),
            }
        )
    if entry.verb == "intake.request_submitted" and changes.get("channel"):
        details.append(
            _("Came in by: %(channel)s")
            % {"channel": _label(HelpRequest.Channel, changes["channel"])}
        )
    return details


def _field_name(name):
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an old entry may name a field that no longer exists
        return name
