"""Walk paths, pick a reader by file suffix, and yield documents or per-file errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from dronewatch.errors import InputError
from dronewatch.ingest.document import Document
from dronewatch.ingest.html import read_html_file
from dronewatch.ingest.jsonl import read_jsonl
from dronewatch.ingest.text import read_text_file
from dronewatch.ingest.warc import read_warc

__all__ = ["SUFFIXES", "iter_documents", "reader_for"]

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


def iter_documents(paths: Iterable[str | Path], published: date | None = None, outlet: str | None = None
                   ) -> Iterator[Document | InputError]:
    """Yield every article under ``paths``, in order; a file (or line) that cannot be read yields an ``InputError``.

    Folders are read recursively and files of other kinds in them are skipped; a file named explicitly
    must be of a known kind. ``published`` fills in the date of articles whose input gives none, ``outlet``
    their outlet.
    """
    for path, explicit in _walk(paths):
        if explicit and not path.exists():
            yield InputError(str(path), "no such file or folder")
            continue
        reader = reader_for(path)
        if reader is None:
            if explicit:
                yield InputError(str(path), f"unsupported file type (dronewatch reads {', '.join(SUFFIXES)})")
            continue
        try:
            for item in reader(path):
                if isinstance(item, Document):
                    item.published = item.published or published
                    item.outlet = item.outlet or outlet
                yield item
        except InputError as exc:
            yield exc


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Each file under ``paths`` (folders recursively, sorted), and whether it was named explicitly."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from ((f, False) for f in sorted(p.rglob("*")) if f.is_file())
        else:
            yield p, True
