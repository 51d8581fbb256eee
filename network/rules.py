"""Object permissions for volunteers. The list of volunteers a user may see is answered by
network.queries.volunteers_visible_to, and these rules ask the same question of one record."""

import rules


@rules.predicate
def may_view_volunteer(user, volunteer):
    from network.queries import volunteers_visible_to

    return volunteer is not None and volunteers_visible_to(user).filter(pk=volunteer.pk).exists()


@rules.predicate
def may_vet_volunteer(user, volunteer):
    from network.queries import volunteers_to_vet_for

    return volunteer is not None and volunteers_to_vet_for(user).filter(pk=volunteer.pk).exists()


rules.add_perm("network.view_this_volunteer", may_view_volunteer)
rules.add_perm("network.vet_this_volunteer", may_vet_volunteer)
