"""Object-level rules for accounts, answered through user.has_perm(name, obj).

Branch scoping is the default rule of the workspace: a user sees what belongs to their own
branches, unless their role lets them see every branch. Other apps build on these predicates.
"""

import rules


@rules.predicate
def sees_all_branches(user):
    return user.is_active and user.has_perm("accounts.view_all_branches")


@rules.predicate
def is_member_of_branch(user, branch):
    if branch is None or not user.is_active:
        return False
    return user.branches.filter(pk=branch.pk).exists()


@rules.predicate
def may_view_users(user):
    return user.has_perm("accounts.view_user")


# "accounts.branch_members" is an object permission: it takes the branch as the object; the
# role permission decides whether the user may look at people at all. Which branches a user may
# open is answered as a query (accounts.queries.branches_visible_to), the same rule for lists.
rules.add_perm(
    "accounts.branch_members", may_view_users & (sees_all_branches | is_member_of_branch)
)
