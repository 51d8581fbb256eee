"""The audit trail. Actions call audit.record() inside their transaction."""


class _SystemActor:
    """Jobs and commands act as the system: the trail always says who, never 'nobody'."""

    pk = None
    email = "system"

    def __str__(self):
        return "system"


SYSTEM_ACTOR = _SystemActor()


class _AnonymousWriter(_SystemActor):
    """Whoever holds a help request's follow-up code. Nothing else about them is recorded."""

    email = "anonymous writer"

    def __str__(self):
        return "anonymous writer"


ANONYMOUS_WRITER = _AnonymousWriter()


class _VolunteerApplicant(_SystemActor):
    """Someone signing up to volunteer on the public site, before any account exists."""

    email = "volunteer applicant"

    def __str__(self):
        return "volunteer applicant"


VOLUNTEER_APPLICANT = _VolunteerApplicant()


class _PublicReader(_SystemActor):
    """A reader subscribing to or unsubscribing from news by email."""

    email = "public reader"

    def __str__(self):
        return "public reader"


PUBLIC_READER = _PublicReader()


class _SignInAttempt(_SystemActor):
    """Whoever typed a wrong password on the sign-in page: who they are is not known."""

    email = "unknown person signing in"

    def __str__(self):
        return "unknown person signing in"


SIGN_IN_ATTEMPT = _SignInAttempt()


def record(*, actor, verb, target=None, changes=None):
    from django.contrib.contenttypes.models import ContentType

    from audit.models import AuditEntry
    from audit.verbs import VERBS

    if verb not in VERBS:
        raise ValueError(f"Unknown audit verb {verb!r}: declare it in audit/verbs.py")
    if actor is None:
        raise ValueError("An audit entry needs an actor; jobs pass audit.SYSTEM_ACTOR")
    return AuditEntry.objects.create(
        actor=None if isinstance(actor, _SystemActor) else actor,
        actor_label=actor.email,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        changes=changes or {},
    )
