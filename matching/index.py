"""Keeping the name index (matching.models) in step with people's names.

`index_person` runs in the same transaction as every change of a person's names (cases.actions,
the import, merges, erasure), so a search never misses a person who was just recorded.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, ProtectedError

from matching.models import NameForm, NameKey, PersonName
from matching.names import keys_of, words
from matching.prefixes import prefix_keys

MAX_FORM_LENGTH = NameForm._meta.get_field("form").max_length
MAX_KEY_LENGTH = NameKey._meta.get_field("key").max_length


def stored_keys(keys):
    """The keys as NameKey stores them: a long word's keys (Щ is "shch") can be longer than the
    column, which PostgreSQL refuses; cut, they still find the word (the search cuts the same)."""
    return {key[:MAX_KEY_LENGTH] for key in keys}


def name_words_of(person, aliases=None):
    """(word, part) for every word of the person's recorded name and aliases."""
    if aliases is None:
        aliases = list(person.aliases.values_list("name", flat=True))
    parts = [
        (person.given_name, PersonName.Part.GIVEN),
        (person.patronymic, PersonName.Part.PATRONYMIC),
        (person.family_name, PersonName.Part.FAMILY),
        *((alias, PersonName.Part.ALIAS) for alias in aliases),
    ]
    found = set()
    for text, part in parts:
        for word in words(text):
            if not word.isdigit():
                found.add((word[:MAX_FORM_LENGTH], part))
    return found


def _kept_forms(forms):
    """{word: NameForm id} of the stored words among `forms`, each kept from deletion until the
    transaction ends. On PostgreSQL a word forgotten (forget_unused_forms) by a transaction that
    cannot see ours yet would otherwise go from under our index rows, and our commit would fail
    on the foreign key (deferred, so checked only then). FOR KEY SHARE: people recorded at once
    with the same word do not wait for one another; forget_unused_forms waits for them."""
    query = NameForm.objects.filter(form__in=forms).order_by("pk").values_list("form", "pk")
    if connection.vendor != "postgresql" or not forms:
        return dict(query)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FOR KEY SHARE", params)
        return dict(cursor.fetchall())


def form_ids(forms):
    """The NameForm id of each word, storing the words not seen before with their keys."""
    forms = set(forms)
    known = _kept_forms(forms)
    missing = forms - known.keys()
    if missing:
        # Another transaction may be storing the same word: theirs wins, ours is ignored.
        NameForm.objects.bulk_create(
            [NameForm(form=form) for form in sorted(missing)], ignore_conflicts=True
        )
        added = _kept_forms(missing)
        NameKey.objects.bulk_create(
            [
                NameKey(form_id=added[form], key=key)
                for form in added
                for key in stored_keys(keys_of(form) | prefix_keys(form))
            ],
            ignore_conflicts=True,
        )
        known.update(added)
    return known


def index_person(person, aliases=None):
    """Make the person's index rows match their names now; forget words no one has any more."""
    wanted = name_words_of(person, aliases)
    ids = form_ids({word for word, _part in wanted})
    wanted_rows = {(ids[word], part) for word, part in wanted}
    current = {(row.form_id, row.part): row.pk for row in PersonName.objects.filter(person=person)}
    stale = [pk for key, pk in current.items() if key not in wanted_rows]
    stale_forms = {key[0] for key in current if key not in wanted_rows}
    if stale:
        PersonName.objects.filter(pk__in=stale).delete()
    PersonName.objects.bulk_create(
        [
            PersonName(person=person, form_id=form, part=part)
            for form, part in wanted_rows - current.keys()
        ],
        ignore_conflicts=True,
    )
    forget_unused_forms(stale_forms - {form for form, _part in wanted_rows})


def unindex_person(person):
    """Remove the person from the index (erasure): their words go too unless someone else has
    them."""
    forms = set(PersonName.objects.filter(person=person).values_list("form_id", flat=True))
    PersonName.objects.filter(person=person).delete()
    forget_unused_forms(forms)


def forget_unused_forms(form_ids=None):
    """Delete the words (and their keys) no person has. All unused words when form_ids is None."""
    unused = NameForm.objects.filter(~Exists(PersonName.objects.filter(form=OuterRef("pk"))))
    if form_ids is not None:
        if not form_ids:
            return 0
        unused = unused.filter(pk__in=form_ids)
    try:
        with transaction.atomic():
            # Lock the words first (waiting for any transaction recording someone with one of
            # them: _kept_forms), then look again: its rows, committed by then, are seen.
            locked = list(unused.select_for_update().order_by("pk").values_list("pk", flat=True))
            deleted, _by_model = unused.filter(pk__in=locked).delete()
    except (ProtectedError, IntegrityError):
        # Someone recorded a person with one of these words meanwhile: keep them all; the next
        # clean-up (svoboda rebuild_name_keys) deletes what is still unused.
        return 0
    return deleted


def rebuild(people, batch_size=1000):
    """Index every person again from scratch (after upgrading rigour or changing the key rules),
    in one transaction: searches use the old index until the new one is complete."""
    from cases.models import PersonAlias

    count = 0
    with transaction.atomic():
        PersonName.objects.all().delete()
        NameKey.objects.all().delete()
        NameForm.objects.all().delete()
        people = people.order_by("pk")
        batch = list(people[:batch_size])
        while batch:
            aliases = {}
            for person_id, name in PersonAlias.objects.filter(
                person__in=[p.pk for p in batch]
            ).values_list("person", "name"):
                aliases.setdefault(person_id, []).append(name)
            for person in batch:
                index_person(person, aliases.get(person.pk, []))
                count += 1
            # The next batch after the last primary key: no OFFSET to walk past a million rows.
            batch = list(people.filter(pk__gt=batch[-1].pk)[:batch_size])
    return count
