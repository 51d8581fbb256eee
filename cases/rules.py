"""Object permissions for cases and people, for actions' permissions.require().

Every rule is answered from cases.queries.access_to(), so reads and writes share one definition
of need-to-know.
"""

import rules

from accounts.rules import is_member_of_branch


def _access(user, case):
    from cases.queries import access_to

    return access_to(user, case) if case is not None else None


@rules.predicate
def sees_case(user, case):
    return _access(user, case) is not None


@rules.predicate
def works_case(user, case):
    access = _access(user, case)
    return access is not None and access.full


@rules.predicate
def coordinates_case(user, case):
    access = _access(user, case)
    return access is not None and access.coordinates


@rules.predicate
def coordinates_branch(user, branch):
    return user.has_perm("cases.coordinate_case") and is_member_of_branch(user, branch)


@rules.predicate
def sees_person(user, person):
    from cases.queries import people_visible_to

    return person is not None and people_visible_to(user).filter(pk=person.pk).exists()


@rules.predicate
def works_in_branch(user, branch):
    return user.has_perm("cases.work_case") and is_member_of_branch(user, branch)


rules.add_perm("cases.open_case_in_branch", coordinates_branch)
rules.add_perm("cases.create_person_in_branch", coordinates_branch | works_in_branch)
rules.add_perm("cases.add_note", sees_case)
rules.add_perm("cases.change_case", works_case)
rules.add_perm("cases.reply_to_writer", works_case)
rules.add_perm("cases.close_case", coordinates_case)
rules.add_perm("cases.manage_case_team", coordinates_case)
rules.add_perm("cases.change_person", sees_person)
