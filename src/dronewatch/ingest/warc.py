"""WARC archives (plain or gzipped), read record by record: every HTML response is one article."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dronewatch.config import LIMITS, limit_bytes
from dronewatch.errors import InputError
from dronewatch.ingest.document import Document
from dronewatch.ingest.encoding import too_large
from dronewatch.ingest.html import parse_html

__all__ = ["read_warc"]

# gzip's magic number: a .warc.gz is checked member by member so that a cut-off file is reported.
_GZIP_MAGIC = b"\x1f\x8b"
# Bytes of inflated output per step while checking: bounds memory on highly compressed members.
_INFLATE_CHUNK = 1 << 20


class _GzipIntegrity:
    """A read-through file wrapper that follows gzip member boundaries, to tell a complete file from a cut one.

    warcio stops quietly at a truncated member; this sees whether the bytes ended inside one.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.complete = True  # at a member boundary (no bytes read yet counts as one)
        self.corrupt: str | None = None

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        pending = data
        while pending and self.corrupt is None:
            try:
                # Output is discarded: only the member state matters, and max_length bounds memory.
                self._inflater.decompress(pending, _INFLATE_CHUNK)
                pending = self._inflater.unconsumed_tail
                if self._inflater.eof:
                    pending = self._inflater.unused_data + pending
                    self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    self.complete = True
                else:
                    self.complete = False
            except zlib.error as exc:
                self.corrupt = str(exc)
        return data

    def tell(self) -> int:
        return self._raw.tell()


def read_warc(path: Path) -> Iterator[Document | InputError]:
    """Yield one ``Document`` per HTML ``response`` record, streaming; a damaged archive ends with an error.

    An HTML page without an article yields an ``InputError`` naming its record, and the archive goes on.
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    with raw:
        gzipped = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
        stream = _GzipIntegrity(raw) if gzipped else raw
        count = articles = 0
        try:
            for record in ArchiveIterator(stream):
                count += 1
                if not str(record.format).startswith("warc"):
                    # warcio also reads the older ARC format, and takes any five-word line for an ARC header.
                    raise InputError(str(path), f"not a WARC archive (record {count} is not a WARC record)")
                payload = _html_payload(path, record)
                if payload is None:
                    continue
                if isinstance(payload, InputError):
                    yield payload  # too large: skipped unread (warcio streams past it), the archive goes on
                    continue
                source, url, body = payload
                if record.raw_stream.limit:
                    raise InputError(str(path), f"truncated: the archive ends inside the record of {url or source} "
                                                f"({_articles(articles)} read before the damage)")
                try:
                    document = parse_html(body, source=source, url=url)
                except InputError as exc:
                    yield exc
                    continue
                articles += 1
                yield document
        except ArchiveLoadFailed as exc:
            raise InputError(str(path), f"not a WARC archive ({_articles(articles)} read before the problem): {exc}") from exc
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(str(path), f"damaged archive ({_articles(articles)} read before the damage): {exc}") from exc
        if count == 0:
            raise InputError(str(path), "empty archive (no WARC records)")
        if isinstance(stream, _GzipIntegrity) and (stream.corrupt or not stream.complete):
            problem = stream.corrupt or "the file ends in the middle of a gzip member"
            raise InputError(str(path), f"truncated or corrupt gzip, {_articles(articles)} read before the damage ({problem})")


def _articles(count: int) -> str:
    return f"{count} article" + ("" if count == 1 else "s")


def _html_payload(path: Path, record: ArcWarcRecord) -> tuple[str, str | None, bytes] | InputError | None:
    """The source, URL and body of an HTML ``response`` record; None for every other record.

    A record larger than ``DRONEWATCH_MAX_RECORD_MB`` (as its header declares it, or as it turns out to be
    when read) or a page over ``DRONEWATCH_MAX_HTML_MB`` is an ``InputError``: no more than the limit of it
    is ever held in memory.
    """
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        return None
    content_type = (http.get_header("Content-Type") or "").lower()
    status = http.get_statuscode() or ""
    if "html" not in content_type or not status.startswith("2"):
        return None  # images, scripts, redirects: not articles
    uri: str | None = record.rec_headers.get_header("WARC-Target-URI")
    source = f"{path}#{uri or record.rec_headers.get_header('WARC-Record-ID')}"
    record_cap, html_cap = limit_bytes("max_record_mb"), limit_bytes("max_html_mb")
    declared = record.rec_headers.get_header("Content-Length") or ""
    if declared.strip().isascii() and declared.strip().isdigit() and int(declared) > record_cap:
        return InputError(source, too_large(int(declared), record_cap, "the WARC record (as declared)",
                                            LIMITS["max_record_mb"][0]))
    # The body as read (decompressed, if the page was sent gzipped): never more than the cap plus one.
    cap = min(record_cap, html_cap)
    body: bytes = record.content_stream().read(cap + 1)
    if len(body) > cap:
        setting = LIMITS["max_html_mb" if html_cap <= record_cap else "max_record_mb"][0]
        return InputError(source, too_large(None, cap, "the page, as read,", setting))
    return source, uri, body
