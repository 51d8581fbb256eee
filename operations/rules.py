"""Object permissions for operations, for actions' permissions.require().

Every rule about one operation is answered from operations.queries.access_to(), so what a page
offers and what an action allows come from one definition.
"""

import rules

from accounts.rules import is_member_of_branch


def _access(user, operation):
    from operations.queries import access_to

    return access_to(user, operation) if operation is not None else None


@rules.predicate
def manages_operation(user, operation):
    access = _access(user, operation)
    return access is not None and access.manages


@rules.predicate
def approves_operation(user, operation):
    access = _access(user, operation)
    return access is not None and access.approve


@rules.predicate
def plans_in_branch(user, branch):
    return user.has_perm("operations.add_operation") and is_member_of_branch(user, branch)


@rules.predicate
def may_approve_plans(user):
    return user.is_active and user.has_perm("operations.approve_operation")


rules.add_perm("operations.plan_operation_in_branch", plans_in_branch)
rules.add_perm("operations.manage_this_operation", manages_operation)
rules.add_perm("operations.approve_this_operation", approves_operation)
# The checklist is the same for every branch; the people who approve plans keep it.
rules.add_perm("operations.manage_checklist", may_approve_plans)
