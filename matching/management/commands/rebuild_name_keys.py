from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Contact, IdentityDocument, Person


class Command(BaseCommand):
    help = (
        "Rebuild the name index and the phone and document digests from scratch: after "
        "upgrading rigour, changing the key rules in matching/names.py, or changing "
        "SEARCH_DIGEST_KEY. Searches find nobody while it runs on a large database."
    )

    def handle(self, *args, **options):
        from matching.index import rebuild

        digests = 0
        with transaction.atomic():
            for model in (Contact, IdentityDocument):
                for row in model.objects.iterator():
                    # save() computes the digest from the decrypted value.
                    row.save()
                    digests += 1
        people = rebuild(Person.objects.all())
        self.stdout.write(
            f"Indexed the names of {people} people and {digests} phone and document digests."
        )
