import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role, sync_role_groups


@pytest.mark.django_db
def test_every_role_is_a_group_with_exactly_its_permissions():
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(names), role


@pytest.mark.django_db
def test_permissions_added_by_hand_are_taken_back_by_the_next_sync():
    group = Group.objects.get(name=Role.VOLUNTEER)
    group.permissions.add(*Group.objects.get(name=Role.ADMINISTRATOR).permissions.all())
    sync_role_groups()
    assert not group.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_only_administrators_may_use_the_admin(personas):
    allowed = {name for name, user in personas.items() if user.is_staff}
    assert allowed == {"administrator"}
