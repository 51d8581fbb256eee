"""Index the people recorded before name matching existed, and digest their numbers."""

from django.db import migrations


def index_existing(apps, schema_editor):
    from django.conf import settings

    if not getattr(settings, "SEARCH_DIGEST_KEY", ""):
        return
    from matching.digests import document_digest, phone_digest
    from matching.names import keys_of, words
    from matching.prefixes import prefix_keys

    person_model = apps.get_model("cases", "Person")
    alias_model = apps.get_model("cases", "PersonAlias")
    contact_model = apps.get_model("cases", "Contact")
    document_model = apps.get_model("cases", "IdentityDocument")
    form_model = apps.get_model("matching", "NameForm")
    key_model = apps.get_model("matching", "NameKey")
    name_model = apps.get_model("matching", "PersonName")

    for contact in contact_model.objects.filter(kind__in=["phone", "messenger"]).iterator():
        contact_model.objects.filter(pk=contact.pk).update(value_digest=phone_digest(contact.value))
    for document in document_model.objects.iterator():
        document_model.objects.filter(pk=document.pk).update(
            number_digest=document_digest(document.number)
        )

    aliases = {}
    for person_id, name in alias_model.objects.values_list("person_id", "name"):
        aliases.setdefault(person_id, []).append(name)
    forms = {}
    rows = []
    for person in person_model.objects.iterator():
        parts = [
            (person.given_name, "given"),
            (person.patronymic, "patronymic"),
            (person.family_name, "family"),
            *((alias, "alias") for alias in aliases.get(person.pk, [])),
        ]
        for text, part in parts:
            for word in words(text):
                if word.isdigit():
                    continue
                word = word[:150]
                if word not in forms:
                    form = form_model.objects.create(form=word)
                    # Cut to the column's length, as matching.index.stored_keys does.
                    keys = {key[:160] for key in keys_of(word) | prefix_keys(word)}
                    key_model.objects.bulk_create(key_model(form=form, key=key) for key in keys)
                    forms[word] = form.pk
                rows.append((person.pk, forms[word], part))
    name_model.objects.bulk_create(
        [name_model(person_id=p, form_id=f, part=part) for p, f, part in set(rows)],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("cases", "0003_person_matching"),
    ]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
