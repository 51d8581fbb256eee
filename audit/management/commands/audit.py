from django.core.management.base import BaseCommand, CommandError

from audit import chain


class Command(BaseCommand):
    help = (
        "Check the audit trail. `svoboda audit verify` walks the hash chain from the first entry "
        "to the last and reports the first broken link: an entry whose fields no longer match "
        "its hash (it was changed), or whose link to the entry before it is wrong (an entry "
        "before it was deleted, or it was inserted). Exits non-zero when the chain is broken. "
        "Entries cut off at the end cannot be seen from the chain alone: keep the last hash it "
        "prints somewhere else (a ticket, a notebook) and compare it on the next run."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = actions.add_parser("verify", help="Check every entry of the hash chain.")
        verify.add_argument(
            "--chunk-size", type=int, default=2000, help="Entries read per database round trip."
        )

    def handle(self, *args, action, chunk_size=2000, **options):
        result = chain.verify(chunk_size=chunk_size)
        broken = result.broken
        if broken is None:
            self.stdout.write(f"OK: {result.count} entries, the chain is unbroken.")
            if result.last_id is not None:
                self.stdout.write(
                    f"Last entry: {result.last_id}, hash {result.last_hash}. Keep this hash "
                    "apart from the server: entries removed from the end would not show otherwise."
                )
            return
        what = {
            chain.Break.ALTERED: "its contents do not match its hash: the entry was changed "
            "(or written without the chain's key)",
            chain.Break.RELINKED: "it does not follow the entry before it: an entry before it "
            "was deleted, or this one was inserted",
        }[broken.kind]
        self.stdout.write(
            f"{result.count} entries checked before the first broken link; the last good one is "
            f"{result.last_id or 'none'}, hash {result.last_hash or 'none'}."
        )
        raise CommandError(
            f"Broken audit chain at entry {broken.entry_id} "
            f"({broken.created_at.isoformat()}, {broken.verb}): {what}."
        )
