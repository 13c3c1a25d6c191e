"""Walk paths, pick a reader by file suffix, and yield documents or per-file errors."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from dronewatch.errors import InputError
from dronewatch.ingest.document import Document
from dronewatch.ingest.html import read_html_file
from dronewatch.ingest.jsonl import read_jsonl
from dronewatch.ingest.text import read_text_file
from dronewatch.ingest.warc import read_warc

__all__ = ["SUFFIXES", "input_bytes", "iter_documents", "reader_for"]

Reader = Callable[[Path], Iterator[Document | InputError] | Iterator[Document]]

# Longest suffix first: ".warc.gz" before ".gz" would be tried.
READERS: dict[str, Reader] = {
    ".warc.gz": read_warc,
    ".warc": read_warc,
    ".jsonl": read_jsonl,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".txt": read_text_file,
    ".md": read_text_file,
}
SUFFIXES = tuple(READERS)


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``'s suffix (case-insensitive), or None when dronewatch does not read that kind."""
    name = path.name.lower()
    return next((reader for suffix, reader in READERS.items() if name.endswith(suffix)), None)


def input_bytes(paths: Iterable[str | Path]) -> int:
    """The size in bytes of the files ``iter_documents`` reads under ``paths`` (what a progress bar fills up to)."""
    total = 0
    for item in _walk(paths):
        if isinstance(item, InputError) or reader_for(item[0]) is None:
            continue
        try:
            total += item[0].stat().st_size
        except OSError:
            continue  # iter_documents reports it
    return total


def iter_documents(paths: Iterable[str | Path], published: date | None = None, outlet: str | None = None,
                   on_read: Callable[[int], None] | None = None) -> Iterator[Document | InputError]:
    """Yield every article under ``paths``, in order; a file (or line) that cannot be read yields an ``InputError``.

    Folders are read recursively and files of other kinds in them are skipped; a file named explicitly
    must be of a known kind. Whatever cannot be read is reported and the rest goes on: a missing or
    unreadable path, an unreadable folder, a symlink loop, a FIFO, device or socket (which would block or
    never end). ``published`` fills in the date of articles whose input gives none, ``outlet`` their outlet.
    ``on_read`` is told the size of each file once it has been read (for a progress bar over ``input_bytes``).
    """
    for item in _walk(paths):
        if isinstance(item, InputError):
            yield item
            continue
        path, explicit = item
        reader = reader_for(path)
        if reader is None:
            if explicit:
                yield InputError(str(path), f"unsupported file type (dronewatch reads {', '.join(SUFFIXES)})")
            continue
        try:
            for doc in reader(path):
                if isinstance(doc, Document):
                    doc.published = doc.published or published
                    doc.outlet = doc.outlet or outlet
                yield doc
        except InputError as exc:
            yield exc
        if on_read is not None:
            try:
                on_read(path.stat().st_size)
            except OSError:
                continue  # gone since: what it gave is already reported


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool] | InputError]:
    """Each regular file under ``paths`` (folders recursively, sorted) and whether it was named explicitly,
    or an ``InputError`` for what cannot be walked or read."""
    for p in map(Path, paths):
        kind = _kind(p)
        if isinstance(kind, InputError):
            yield kind
        elif kind == "folder":
            yield from _walk_folder(p, set())
        elif kind == "file":
            yield p, True
        else:
            yield InputError(str(p), f"not a regular file ({kind}): refused, as reading it could block")


def _walk_folder(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, bool] | InputError]:
    """The files under ``folder``, following symlinked folders once each (a loop is reported, not walked)."""
    try:
        st = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot read folder: {exc.strerror or exc}")
        return
    if (st.st_dev, st.st_ino) in seen:
        yield InputError(str(folder), "symlink loop: this folder leads back to one being read; skipped")
        return
    seen = seen | {(st.st_dev, st.st_ino)}
    for entry in entries:
        path = Path(entry.path)
        kind = _kind(path)
        if isinstance(kind, InputError):
            yield kind
        elif kind == "folder":
            yield from _walk_folder(path, seen)
        elif kind == "file":
            yield path, False
        else:
            yield InputError(str(path), f"not a regular file ({kind}): skipped")


def _kind(path: Path) -> str | InputError:
    """'file', 'folder', or the special kind of ``path`` (FIFO, device, socket); an error when it cannot be told."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(str(path), "symlink loop (the link leads back to itself)")
        if exc.errno == errno.ENOENT:
            broken = path.is_symlink()
            return InputError(str(path), "broken symlink (its target does not exist)" if broken
                              else "no such file or folder")
        return InputError(str(path), f"cannot read: {exc.strerror or exc}")
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
