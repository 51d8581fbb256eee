"""Changes to accounts. Each function is one thing a person does, checked and written at once."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import audit
from accounts import throttle
from accounts.models import Branch, User, new_session_salt
from accounts.permissions import require
from svoboda.errors import DomainError


@transaction.atomic
def update_own_profile(*, actor: User, full_name: str, language: str) -> User:
    """Every user may change their own display name and workspace language."""
    changes = {}
    if actor.full_name != full_name:
        changes["full_name"] = None  # a name is personal data: record that it changed, not to what
    if actor.language != language:
        changes["language"] = language
    actor.full_name = full_name
    actor.language = language
    actor.save(update_fields=["full_name", "language"])
    if changes:
        audit.record(actor=actor, verb="accounts.profile_updated", target=actor, changes=changes)
    return actor


@transaction.atomic
def unlock_sign_in(*, actor: User, user: User) -> bool:
    """An administrator lifts a sign-in cool-off at once, e.g. for a colleague whose address an
    attacker keeps trying. Returns whether the account was locked."""
    require(actor, "accounts.change_user")
    was_locked = throttle.forget(user.email)
    audit.record(
        actor=actor,
        verb="accounts.sign_in_unlocked",
        target=user,
        changes={"was_locked": was_locked},
    )
    return was_locked


@transaction.atomic
def sign_out_everywhere(*, actor: User) -> User:
    """A user ends all their sessions, on every device, e.g. after losing a phone.

    A new session salt changes the hash every session was signed with (User.
    get_session_auth_hash), so each of them fails at its next request. The view then re-signs
    the session of the browser that asked, which the user is looking at and trusts.
    """
    actor.session_salt = new_session_salt()
    actor.save(update_fields=["session_salt"])
    audit.record(actor=actor, verb="accounts.signed_out_everywhere", target=actor)
    return actor


@transaction.atomic
def end_sessions(*, actor: User, user: User) -> None:
    """An administrator ends every session of a user at once (a stolen laptop, an incident);
    selecting every account ends everyone's. The user signs in again, with the second factor."""
    require(actor, "accounts.change_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.session_salt = new_session_salt()
    user.save(update_fields=["session_salt"])
    audit.record(actor=actor, verb="accounts.sessions_ended", target=user)


# Branches. Their details say where the movement works, not who works there, so the audit trail
# records the values themselves.

BRANCH_FIELDS = ["name", "city", "country", "is_active", "shown_publicly"]


def _name_taken(branch):
    return DomainError(
        _("A branch called %(name)s already exists. Choose another name.") % {"name": branch.name}
    )


def _check_branch(branch):
    branch.name = (branch.name or "").strip()
    branch.city = (branch.city or "").strip()
    # People would not tell "Moscow" from "moscow" (so the database's constraint ignores case).
    if Branch.objects.filter(name__iexact=branch.name).exclude(pk=branch.pk).exists():
        raise _name_taken(branch)
    branch.full_clean(validate_constraints=False)


def _save_branch(branch, **kwargs):
    """Save, turning a name taken in the meantime by another administrator's save (the check
    above and this save are not one step) into the same message as the check's."""
    try:
        with transaction.atomic():
            branch.save(**kwargs)
    except IntegrityError:
        raise _name_taken(branch) from None


def _branch_values(branch, names):
    return {
        name: str(getattr(branch, name)) if name == "country" else getattr(branch, name)
        for name in names
    }


@transaction.atomic
def create_branch(
    *,
    actor: User,
    name: str,
    city: str,
    country: str,
    is_active: bool = True,
    shown_publicly: bool = False,
) -> Branch:
    """An administrator opens a branch; its name must differ from every other branch's."""
    require(actor, "accounts.add_branch")
    branch = Branch(
        name=name, city=city, country=country, is_active=is_active, shown_publicly=shown_publicly
    )
    _check_branch(branch)
    _save_branch(branch)
    audit.record(
        actor=actor,
        verb="accounts.branch_created",
        target=branch,
        changes=_branch_values(branch, BRANCH_FIELDS),
    )
    return branch


@transaction.atomic
def update_branch(*, actor: User, branch: Branch, **fields) -> Branch:
    """An administrator corrects a branch, closes it (inactive) or shows it on the public site."""
    require(actor, "accounts.change_branch")
    unknown = set(fields) - set(BRANCH_FIELDS)
    if unknown:
        raise TypeError(f"unexpected branch fields {sorted(unknown)!r}")
    before = _branch_values(branch, fields)
    for name, value in fields.items():
        setattr(branch, name, value)
    _check_branch(branch)
    after = _branch_values(branch, fields)
    changes = {name: after[name] for name in fields if after[name] != before[name]}
    if changes:
        _save_branch(branch, update_fields=[*changes, "updated_at"])
        audit.record(actor=actor, verb="accounts.branch_updated", target=branch, changes=changes)
    return branch
