"""The backup archive: a tar file (gzip-compressed when its name ends in .gz or .tgz) holding

    database.sqlite3 or database.pgdump   the database (see svoboda.backups.databases)
    files/<storage>/<name>                every file of every storage that holds uploads
    manifest.json                         what the archive holds, with a SHA-256 for each member

The manifest comes last so that the archive is written in one pass; readers look it up by name.
Checksums find damage (a broken disk, a truncated copy), not forgery: whoever can rewrite the
archive can rewrite its manifest too, so keep backups encrypted and signed (README, "Backups").
"""

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import PurePosixPath

from django.conf import settings

FORMAT = "svoboda-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files"
CHUNK = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive is damaged, altered, or not a Svoboda backup; nothing has been changed."""


def file_storage_aliases():
    """Every configured storage except the static files, which `collectstatic` rebuilds from
    the code. Uploads (case files, help-request attachments, article images, report exports)
    all live in these."""
    from django.contrib.staticfiles.storage import STATICFILES_STORAGE_ALIAS

    return sorted(alias for alias in settings.STORAGES if alias != STATICFILES_STORAGE_ALIAS)


def stored_names(storage, directory=""):
    """Every file name in a storage, walked through the storage API (works for any backend)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # A FileSystemStorage whose folder nobody has written to yet.
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from stored_names(storage, f"{directory}/{name}" if directory else name)


def member_for(alias, name):
    return f"{FILES_PREFIX}/{alias}/{name}"


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it (tarfile reads members through this)."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.stream.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _tar_mode(path, writing):
    if writing:
        return "w:gz" if str(path).endswith((".gz", ".tgz")) else "w"
    return "r:*"


class ArchiveWriter:
    """Writes members one by one, then the manifest. The file is created with mode 0600 and
    must not exist yet: a backup never overwrites another."""

    def __init__(self, path):
        self.path = path
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # Both stay open across add() calls; finish() or abandon() closes them.
        self.file = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(fileobj=self.file, mode=_tar_mode(path, writing=True))  # noqa: SIM115

    def add(self, member, stream, size):
        """Add `size` bytes read from `stream`; return their SHA-256 and size."""
        info = tarfile.TarInfo(member)
        info.size = size
        info.mode = 0o600
        info.mtime = time.time()
        hashing = _Hashing(stream)
        self.tar.addfile(info, hashing)
        return {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}

    def finish(self, manifest):
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        self.add(MANIFEST, io.BytesIO(data), len(data))
        self.tar.close()
        self.file.close()

    def abandon(self):
        """Remove a half-written archive, so that nobody mistakes it for a backup."""
        self.tar.close()
        self.file.close()
        os.unlink(self.path)


def _safe_member_name(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def _expected_members(manifest):
    """Member name -> (sha256, size) for every member the manifest lists."""
    try:
        if manifest["format"] != FORMAT:
            raise ArchiveRefused("This is not a Svoboda backup (unknown manifest format).")
        if manifest["version"] != VERSION:
            raise ArchiveRefused(
                f"This backup has format version {manifest['version']}; this version of "
                f"Svoboda reads version {VERSION} only."
            )
        database = manifest["database"]
        expected = {database["member"]: (database["sha256"], database["size"])}
        for entry in manifest["files"]:
            if entry["member"] != member_for(entry["storage"], entry["name"]):
                raise ArchiveRefused(f"The manifest's entry for {entry['member']} is malformed.")
            expected[entry["member"]] = (entry["sha256"], entry["size"])
    except (KeyError, TypeError) as error:
        raise ArchiveRefused(f"The manifest is incomplete ({error}).") from error
    return expected


def open_archive(path):
    try:
        return tarfile.open(path, mode=_tar_mode(path, writing=False))
    except (OSError, tarfile.TarError) as error:
        raise ArchiveRefused(f"{path} cannot be read as a backup archive: {error}") from error


def read_manifest(tar):
    try:
        stream = tar.extractfile(MANIFEST)
        return json.load(stream)
    except (KeyError, ValueError, tarfile.TarError) as error:
        raise ArchiveRefused("The archive has no readable manifest.json.") from error


def _copy_hashing(stream, copy):
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        copy.write(chunk)
    return digest


def verify(tar, manifest, database_copy):
    """Check every member against the manifest, reading each one in full, and copy the database
    member to `database_copy` on the way. Raise ArchiveRefused at the first disagreement: a
    member missing, extra, of another size or with another checksum."""
    expected = _expected_members(manifest)
    seen = set()
    try:
        for info in tar:
            if info.name == MANIFEST:
                continue
            if not info.isreg() or not _safe_member_name(info.name):
                raise ArchiveRefused(f"The archive holds an unexpected entry: {info.name!r}.")
            if info.name not in expected:
                raise ArchiveRefused(f"{info.name} is in the archive but not in its manifest.")
            if info.name in seen:
                raise ArchiveRefused(f"{info.name} is in the archive twice.")
            seen.add(info.name)
            is_database = info.name == manifest["database"]["member"]
            with open(database_copy if is_database else os.devnull, "wb") as copy:
                digest = _copy_hashing(tar.extractfile(info), copy)
            if (digest.hexdigest(), info.size) != tuple(expected[info.name]):
                raise ArchiveRefused(
                    f"{info.name} does not match its checksum in the manifest: the archive "
                    "is damaged or has been altered."
                )
    except (OSError, EOFError, tarfile.TarError) as error:
        raise ArchiveRefused(f"The archive is damaged: {error}") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise ArchiveRefused(f"The archive lacks {len(missing)} member(s), e.g. {missing[0]}.")
