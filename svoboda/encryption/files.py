"""Uploaded files stored encrypted: a storage that encrypts on save and decrypts on open.

The bytes go to the default storage (settings.STORAGES["default"], MEDIA_ROOT in production)
under the usual names, as Fernet tokens; only a FileField declared with
`storage=encrypted_storage` reads them back in clear, and only through open(): there is no URL
and no path, so the access-checked download views (svoboda.uploads.protected_download) are the
way out. Backups copy the default storage as it is, so they hold the tokens.

A file is encrypted whole in memory: uploads are at most UPLOAD_MAX_FILE_SIZE (10 MB by default).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from svoboda.encryption import decrypt_bytes, encrypt_bytes


class EncryptedStorage(Storage):
    @property
    def inner(self):
        # Looked up on each use, so that tests overriding STORAGES are honoured.
        return storages["default"]

    def _open(self, name, mode="rb"):
        if mode not in ("r", "rb"):
            raise ValueError("Encrypted files are written through save(), never opened to write.")
        with self.inner.open(name, "rb") as stored:
            return ContentFile(decrypt_bytes(stored.read()), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(
            chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in content.chunks()
        )
        return self.inner.save(name, ContentFile(encrypt_bytes(data)))

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def size(self, name):
        with self.open(name) as opened:
            return len(opened.read())

    def url(self, name):
        raise ValueError("Encrypted files have no URL: serve them through a download view.")


_ENCRYPTED_STORAGE = EncryptedStorage()


def encrypted_storage():
    """For FileField(storage=...): a callable, so migrations name it instead of copying it."""
    return _ENCRYPTED_STORAGE
