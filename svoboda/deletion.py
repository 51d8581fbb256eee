"""Deleting stored data for good: the helpers that retention (svoboda.retention) uses, and that
erasing a person on request will use too.

Rows go in the caller's transaction; their files go only after it commits, so a rollback never
leaves a row pointing at a file that is gone. A file that cannot be removed is logged by its
stored name (a random name that says nothing about anyone, see intake.models.attachment_path)
and never by what it held.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

# Rows deleted per transaction: small enough to keep locks short and SQLite's limit on query
# parameters far away, large enough that a flood of spam goes in a few hundred statements.
BATCH_SIZE = 500


def batches(ids, size=None):
    size = size or BATCH_SIZE
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def delete_files_after_commit(files):
    """Remove (storage, name) pairs once the current transaction commits."""
    files = [(storage, name) for storage, name in files if name]
    if files:
        transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files):
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone already; an operator can remove the file by its stored name.
            logger.warning("stored file %s of a deleted record not removed", name)
