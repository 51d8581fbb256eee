"""Object permissions for shelters, for actions' require() and the pages' `can` flags.

Who may place whom and who may see an address is answered by shelters.queries, so a list and a
single check never disagree.
"""

import rules

from accounts.rules import is_member_of_branch


@rules.predicate
def may_add_shelter_in(user, branch):
    return user.has_perm("shelters.add_shelter") and is_member_of_branch(user, branch)


@rules.predicate
def may_change_shelter(user, shelter):
    return (
        shelter is not None
        and user.has_perm("shelters.change_shelter")
        and is_member_of_branch(user, shelter.branch)
    )


@rules.predicate
def may_place_person(user, person):
    from shelters.queries import placeable_people

    return person is not None and placeable_people(user).filter(pk=person.pk).exists()


@rules.predicate
def may_read_address(user, shelter):
    from shelters.queries import may_see_address

    return shelter is not None and may_see_address(user, shelter)


rules.add_perm("shelters.add_in_branch", may_add_shelter_in)
rules.add_perm("shelters.edit_shelter", may_change_shelter)
rules.add_perm("shelters.place_person", may_place_person)
rules.add_perm("shelters.read_address", may_read_address)
