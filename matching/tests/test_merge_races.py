"""Two coordinators merge the same two records at once, each keeping a different one: one merge
wins, the other is refused, and no record ends up merged into a record merged into it. Two
connections at once, so only on PostgreSQL (SQLite runs write transactions one after another).
"""

import threading

import pytest
from django.db import close_old_connections, connection

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from cases import actions as case_actions
from cases.models import Person
from matching import actions
from matching.models import PersonMerge

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks"),
]

GIVE_UP = 60
# How long the first merge holds its locks while the second one tries.
HEAD_START = 2


def in_thread(function, results):
    def run():
        try:
            results.append(function())
        except Exception as error:  # reported by the test below
            results.append(error)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_crossed_merges_of_the_same_two_records(branch, monkeypatch):
    first_coordinator = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    second_coordinator = UserFactory(roles=[Role.COORDINATOR], branches=[branch])
    one = case_actions.create_person(
        actor=first_coordinator, branch=branch, given_name="Магомед", family_name="Алиев"
    )
    other = case_actions.create_person(
        actor=first_coordinator, branch=branch, given_name="Magomed", family_name="Aliyev"
    )

    locked, go_on = threading.Event(), threading.Event()
    real_check = actions._check_mergeable

    def check_then_wait(kept, merged):
        real_check(kept, merged)
        if not locked.is_set():
            # The first merge holds both rows' locks from here until it commits.
            locked.set()
            go_on.wait(GIVE_UP)

    monkeypatch.setattr(actions, "_check_mergeable", check_then_wait)
    results_one, results_two = [], []
    merging_one = in_thread(
        lambda: actions.merge_people(actor=first_coordinator, kept=one, merged=other), results_one
    )
    assert locked.wait(GIVE_UP)
    merging_two = in_thread(
        lambda: actions.merge_people(actor=second_coordinator, kept=other, merged=one),
        results_two,
    )
    merging_two.join(HEAD_START)
    # The second merge waits for the first one's locks instead of going ahead.
    assert merging_two.is_alive()
    go_on.set()
    merging_one.join(GIVE_UP)
    merging_two.join(GIVE_UP)

    assert isinstance(results_one[0], PersonMerge)
    assert isinstance(results_two[0], actions.MergeRefused)
    assert Person.objects.get(pk=other.pk).merged_into_id == one.pk
    assert Person.objects.get(pk=one.pk).merged_into_id is None
    assert PersonMerge.objects.count() == 1
