"""Every input kind through ``iter_documents``: good inputs become documents, bad ones one clear error each."""

import io
import json
from datetime import date

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dronewatch.errors import InputError
from dronewatch.ingest import Document, iter_documents

SENTENCES = (
    "Drones struck a grain terminal at the river port overnight, the regional administration said on Wednesday.",
    "Firefighters needed several hours to contain the blaze, the emergency service said in a statement.",
    "The port operator said loading would resume within two days once engineers had checked the cranes.",
)


def page(title: str) -> str:
    """An HTML news page with a title, a byline and three paragraphs."""
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    return (f"<html><head><title>{title}</title><meta name='author' content='Ivan Petrenko'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def warc_bytes(urls: list[str], gzip: bool = True) -> bytes:
    """A WARC with one HTML response per URL, plus a request and an image response to skip."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url in urls:
        request = b"GET / HTTP/1.1\r\n\r\n"
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(request), length=len(request)))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = page(f"Port strike report {url[-1]}").encode()
        # Giving the length spares warcio a temporary buffer (which it never closes).
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                      http_headers=headers))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://port.example/a.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG"), length=4, http_headers=image))
    return buf.getvalue()


def write_jsonl(path, lines):
    """Write JSON Lines: dicts become JSON, strings are written as they are."""
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path

TEXT = "Port terminal hit by drones\n\nBy Ivan Petrenko\n\n" + " ".join(SENTENCES)


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    return docs, errors


def test_folder_is_read_recursively_and_other_suffixes_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("# " + TEXT, encoding="utf-8")
    (tmp_path / "sub" / "c.html").write_text(page("Port terminal hit by drones"), encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    docs, errors = split(list(iter_documents([tmp_path])))
    assert errors == []
    assert [d.source for d in docs] == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.md"),
                                       str(tmp_path / "sub" / "c.html")]
    assert {d.title for d in docs} == {"Port terminal hit by drones"}


def test_explicit_file_of_unknown_kind_and_missing_path_are_errors(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    docs, errors = split(list(iter_documents([tmp_path / "notes.pdf", tmp_path / "gone.txt"])))
    assert docs == []
    assert errors[0].startswith(f"{tmp_path / 'notes.pdf'}: unsupported file type")
    assert errors[1] == f"{tmp_path / 'gone.txt'}: no such file or folder"


def test_published_fills_in_only_missing_dates(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT.replace("By Ivan Petrenko", "By Ivan Petrenko | 2 May 2023"),
                                    encoding="utf-8")
    docs, _ = split(list(iter_documents([tmp_path], published=date(2024, 1, 9))))
    assert [d.published for d in docs] == [date(2024, 1, 9), date(2023, 5, 2)]


def test_undecodable_binary_and_empty_text_files_are_errors_naming_the_file(tmp_path):
    (tmp_path / "a.txt").write_bytes("Caf\u00e9 owners saw drones".encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\x00\x00binary")
    (tmp_path / "c.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    docs, errors = split(list(iter_documents([tmp_path])))
    assert errors == [
        f"{tmp_path / 'a.txt'}: not UTF-8 text: byte 0xe9 on line 1 cannot be decoded (save the file as UTF-8)",
        f"{tmp_path / 'b.txt'}: binary data (NUL bytes), not text",
        f"{tmp_path / 'c.txt'}: empty file",
    ]
    assert [d.source for d in docs] == [str(tmp_path / "d.txt")]


def test_utf16_with_byte_order_mark_is_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-16"))
    docs, errors = split(list(iter_documents([tmp_path])))
    assert errors == [] and docs[0].authors == ["Ivan Petrenko"]


def test_jsonl_lines_become_articles_and_a_bad_line_loses_nothing_else(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "x1", "text": " ".join(SENTENCES), "url": "https://www.port.example/news/1", "title": "Port hit",
         "published": "2024-06-12T08:00:00Z", "authors": ["Ivan Petrenko"]},
        '{"id": "x2", "text": ',
        {"title": "no body"},
        {"html": page("Port strike report"), "outlet": "Example Courier"},
    ])
    docs, errors = split(list(iter_documents([path])))
    assert [d.source for d in docs] == [f"{path}#x1", f"{path}#4"]
    assert (docs[0].title, docs[0].outlet, docs[0].published, docs[0].authors) == (
        "Port hit", "port.example", date(2024, 6, 12), ["Ivan Petrenko"])
    assert docs[1].outlet == "Example Courier" and docs[1].title == "Port strike report"
    assert errors[0].startswith(f"{path}:2: malformed JSON")
    assert errors[1] == f"{path}:3: the article has no 'text' or 'html'"


def test_jsonl_bad_published_date_is_reported_for_its_line(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", [{"text": " ".join(SENTENCES), "published": "last week"}])
    _, errors = split(list(iter_documents([path])))
    assert errors == [f"{path}:1: 'published' is not an ISO date (YYYY-MM-DD): 'last week'"]


def test_warc_html_responses_become_articles_sourced_by_uri(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(["https://port.example/1", "https://port.example/2"]))
    docs, errors = split(list(iter_documents([path])))
    assert errors == []
    assert [d.source for d in docs] == [f"{path}#https://port.example/1", f"{path}#https://port.example/2"]
    assert docs[0].outlet == "port.example" and docs[0].title == "Port strike report 1"


def test_uncompressed_warc_is_read(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes(["https://port.example/1"], gzip=False))
    docs, errors = split(list(iter_documents([path])))
    assert errors == [] and len(docs) == 1


def test_truncated_warc_gz_yields_records_before_the_damage_then_one_error(tmp_path):
    data = warc_bytes([f"https://port.example/{i}" for i in range(1, 4)])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    docs, errors = split(list(iter_documents([path])))
    assert len(docs) == 2
    assert len(errors) == 1 and errors[0].startswith(f"{path}: truncated")


def test_file_that_is_not_a_warc_is_an_error(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_text("a plain note, not an archive at all\n", encoding="utf-8")
    _, errors = split(list(iter_documents([path])))
    assert len(errors) == 1 and errors[0].startswith(f"{path}: not a WARC archive")
