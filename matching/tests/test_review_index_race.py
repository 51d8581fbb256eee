"""Review: a word forgotten by the index while another transaction records someone with it.

Renaming (or erasing, or merging) the last person with a word deletes the word from the index
(matching.index.forget_unused_forms). A person recorded at the same moment with that word, by
another coordinator, must still be recorded and found. Two connections at once, so only on
PostgreSQL (SQLite runs write transactions one after another)."""

import threading

import pytest
from django.db import close_old_connections, connection

from cases import actions as case_actions
from cases.models import Person
from cases.queries import people_visible_to
from matching import index
from matching.search import search

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two connections"),
]

GIVE_UP = 30
# How long the rename is given to go ahead while the recording waits to commit.
HEAD_START = 2


def in_thread(name, function, results):
    def run():
        try:
            results.append(function())
        except Exception as error:  # reported by the test
            results.append(error)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_a_word_forgotten_while_someone_is_recorded_with_it(coordinator, branch, monkeypatch):
    renamed = case_actions.create_person(
        actor=coordinator, branch=branch, given_name="Зульфия", family_name="Уникальнова"
    )
    indexed, go_on = threading.Event(), threading.Event()
    real_forget = index.forget_unused_forms

    def forget_after_a_pause(form_ids=None):
        # The recording has written its index rows and waits before it commits.
        if threading.current_thread().name == "recording":
            indexed.set()
            go_on.wait(GIVE_UP)
        return real_forget(form_ids)

    monkeypatch.setattr(index, "forget_unused_forms", forget_after_a_pause)
    recorded, renaming = [], []
    recording = in_thread(
        "recording",
        lambda: case_actions.create_person(
            actor=coordinator, branch=branch, given_name="Айгуль", family_name="Уникальнова"
        ),
        recorded,
    )
    assert indexed.wait(GIVE_UP)
    rename = in_thread(
        "renaming",
        lambda: case_actions.update_person(
            actor=coordinator,
            person=Person.objects.get(pk=renamed.pk),
            given_name="Зульфия",
            family_name="Другова",
        ),
        renaming,
    )
    rename.join(HEAD_START)
    go_on.set()
    recording.join(GIVE_UP)
    rename.join(GIVE_UP)

    assert not isinstance(renaming[0], Exception), renaming[0]
    assert isinstance(recorded[0], Person), recorded[0]
    found = search(people_visible_to(coordinator), "Айгуль Уникальнова")
    assert [match.person.pk for match in found] == [recorded[0].pk]
