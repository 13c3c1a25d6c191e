"""Inputs that used to hang, vanish or balloon: each is one clear error now, and the rest is read."""

from __future__ import annotations

import gzip
import io
import os
import socket
import threading
from pathlib import Path

import pytest
from test_readers import page, split, warc_bytes
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dronewatch.ingest import iter_documents

ARTICLE = ("Drones struck a grain terminal at the river port overnight, the regional administration said. "
           "Firefighters needed several hours to contain the blaze, the emergency service said.")


def _read_all(paths, timeout=30.0):
    """``iter_documents(paths)`` as (documents, errors), failing (not hanging) if it does not finish."""
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(iter_documents(paths)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"reading {paths} did not finish in {timeout} s (it blocks)"
    return split(out)


def _good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text("Port terminal hit\n\n" + ARTICLE, encoding="utf-8")
    return path


def test_a_fifo_named_on_the_command_line_is_refused_not_read(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    docs, errors = _read_all([fifo, _good(tmp_path)])
    assert len(docs) == 1
    assert errors == [f"{fifo}: not a regular file (FIFO): refused, as reading it could block"]


def test_special_files_inside_a_folder_are_reported_and_the_rest_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.html"))
        _good(tmp_path)
        docs, errors = _read_all([tmp_path])
    assert len(docs) == 1
    assert sorted(errors) == [f"{tmp_path / 'pipe.txt'}: not a regular file (FIFO): skipped",
                              f"{tmp_path / 'sock.html'}: not a regular file (socket): skipped"]


def test_symlink_loops_are_reported_and_walked_once(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    _good(folder / "sub")
    (folder / "sub" / "back").symlink_to(folder)            # a folder link back to an ancestor
    (folder / "a.txt").symlink_to(folder / "b.txt")         # two file links pointing at each other
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    docs, errors = _read_all([folder])
    assert len(docs) == 1
    assert f"{folder / 'a.txt'}: symlink loop (the link leads back to itself)" in errors
    assert f"{folder / 'b.txt'}: symlink loop (the link leads back to itself)" in errors
    assert f"{folder / 'gone.txt'}: broken symlink (its target does not exist)" in errors
    assert any(e.startswith(f"{folder / 'sub' / 'back'}: symlink loop") for e in errors)
    assert len(errors) == 4


def test_an_unreadable_folder_is_reported_and_its_siblings_read(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    _good(locked)
    _good(tmp_path, "open.txt")
    real = os.scandir

    def scandir(path):
        if Path(path) == locked:  # root reads any folder: the refusal is simulated
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, errors = _read_all([tmp_path])
    assert len(docs) == 1
    assert errors == [f"{locked}: cannot read folder: Permission denied"]


def test_one_unreadable_path_named_among_others_stops_nothing(tmp_path, monkeypatch):
    hidden = tmp_path / "hidden" / "a.txt"
    real = Path.stat

    def stat(self, *args, **kwargs):
        if self == hidden:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    docs, errors = _read_all([hidden, _good(tmp_path)])
    assert len(docs) == 1
    assert errors == [f"{hidden}: cannot read: Permission denied"]


class _Repeat(io.RawIOBase):
    """``size`` bytes of ``unit`` repeated, made as read (never held whole)."""

    def __init__(self, unit: bytes, size: int) -> None:
        self.unit, self.left = unit, size

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = min(len(buf), self.left)
        chunk = (self.unit * (n // len(self.unit) + 1))[:n]
        buf[:n] = chunk
        self.left -= n
        return n


def _bomb_warc(path: Path, size: int, encoded: bool) -> Path:
    """A .warc.gz holding a huge HTML record (``encoded``: sent gzipped, so small as recorded), then a page."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = [("Content-Type", "text/html")]
        if encoded:
            body = io.BytesIO()
            with gzip.GzipFile(fileobj=body, mode="wb") as z:
                for _ in range(size // (1 << 20)):
                    z.write(b"<p>drone</p>" * ((1 << 20) // 12))
            payload, length = io.BytesIO(body.getvalue()), len(body.getvalue())
            headers.append(("Content-Encoding", "gzip"))
        else:
            payload, length = io.BufferedReader(_Repeat(b"<p>drone</p>", size)), size
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://bomb.example/", "response", payload=payload,
                                                      length=length, http_headers=http))
        out.write(warc_bytes(["https://port.example/1"]))
    return path


@pytest.mark.parametrize("encoded", [False, True], ids=["declared", "as-read"])
def test_a_warc_bomb_record_is_one_error_and_the_archive_goes_on(tmp_path, monkeypatch, encoded):
    monkeypatch.setenv("DRONEWATCH_MAX_RECORD_MB", "2")
    monkeypatch.setenv("DRONEWATCH_MAX_HTML_MB", "2")
    archive = _bomb_warc(tmp_path / "bomb.warc.gz", 12 << 20, encoded)
    assert archive.stat().st_size < 1 << 20  # it unpacks to 12 MB
    docs, errors = _read_all([archive])
    assert [d.url for d in docs] == ["https://port.example/1"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{archive}#https://bomb.example/: the ")
    assert "over the limit of 2.0 MB" in errors[0]
    assert ("DRONEWATCH_MAX_RECORD_MB" if not encoded else "DRONEWATCH_MAX_HTML_MB") in errors[0]


def test_an_html_page_over_the_limit_is_refused_unparsed(tmp_path, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_MAX_HTML_MB", "1")
    big = tmp_path / "big.html"
    big.write_text(page("Huge") + "<p>drone strike</p>" * 120_000, encoding="utf-8")
    docs, errors = _read_all([big, _good(tmp_path)])
    assert len(docs) == 1
    assert errors == [(f"{big}: the file is 2.2 MB, over the limit of 1.0 MB (DRONEWATCH_MAX_HTML_MB); many "
                       "articles belong in a .jsonl or .warc file, which are read one article at a time")]


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_read(tmp_path, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_MAX_HTML_MB", "1")
    monkeypatch.setenv("DRONEWATCH_MAX_TEXT_MB", "1")
    lines = tmp_path / "a.jsonl"
    lines.write_text('{"text": "' + "drone " * 400_000 + '"}\n{"text": "' + ARTICLE + '"}\n', encoding="utf-8")
    docs, errors = _read_all([lines])
    assert len(docs) == 1
    assert len(errors) == 1 and errors[0].startswith(f"{lines}:1: the line is over 1.3 MB")


def test_a_limit_that_is_not_a_number_is_one_clear_error(tmp_path, monkeypatch):
    from dronewatch.errors import ConfigError

    monkeypatch.setenv("DRONEWATCH_MAX_TEXT_MB", "lots")
    with pytest.raises(ConfigError, match=r"DRONEWATCH_MAX_TEXT_MB='lots': expected a number >= 0"):
        list(iter_documents([_good(tmp_path)]))
