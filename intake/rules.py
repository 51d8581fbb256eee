"""Object permissions for help requests, for actions' permissions.require().

The same scope as the queue (intake.queries.requests_visible_to), so an action refuses a request
the person could not have opened, whatever id was posted.
"""

import rules


@rules.predicate
def may_triage(user):
    return user.has_perm("intake.triage_helprequest")


@rules.predicate
def sees_request(user, help_request):
    from intake.queries import requests_visible_to

    return (
        help_request is not None and requests_visible_to(user).filter(pk=help_request.pk).exists()
    )


rules.add_perm("intake.triage_this_request", may_triage & sees_request)
