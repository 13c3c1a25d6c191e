"""Build demo/corpus/20_crawl.warc.gz from the HTML pages in demo/warc_src/.

Run from the repository root: ``.venv/bin/python demo/make_warc.py``.
The output is deterministic (record ids derive from the URL, dates from the page's
publication day), so rebuilding it without changing a page yields the same bytes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEMO_DIR = Path(__file__).resolve().parent
SOURCE_DIR = DEMO_DIR / "warc_src"
OUTPUT = DEMO_DIR / "corpus" / "20_crawl.warc.gz"

# Namespace for uuid5 record ids: any fixed UUID works; this one keeps ids stable across rebuilds.
RECORD_ID_NAMESPACE = uuid.UUID("6f1d3c2e-9a4b-4c1e-8f7a-2b5d0e9c4a11")


@dataclass(frozen=True)
class CrawledPage:
    """One page of the crawl: the local HTML file, the URL it was fetched from, and when."""

    filename: str
    url: str
    fetched: str  # WARC-Date, ISO 8601 UTC


PAGES = (
    CrawledPage(
        "sahelobserver_aguelhok.html",
        "https://sahelobserver.example/mali/2025/05/08/aguelhok-drone-strike-herders",
        "2025-05-08T19:02:11Z",
    ),
    CrawledPage(
        "contiwire_red_sea.html",
        "https://contiwire.example/world/middle-east/houthi-drone-hits-cargo-ship-red-sea-2024-06-19/",
        "2024-06-19T16:40:37Z",
    ),
    CrawledPage(
        "eurasiandispatch_druzhkovka.html",
        "https://eurasiandispatch.example/news/2024/08/27/lancet-himars-druzhkovka",
        "2024-08-27T17:05:52Z",
    ),
    CrawledPage(
        "frontlinemonitor_red_sea.html",
        "https://frontlinemonitor.example/bulletins/FM-2024-0620-01",
        "2024-06-20T06:31:09Z",
    ),
)

# The crawl also fetched this page's request record, as real crawlers write one per fetch;
# readers must skip request records and keep only HTML responses.
REQUEST_RECORD_FOR = PAGES[0]


def _record_id(kind: str, url: str) -> str:
    """A stable WARC-Record-ID for a record of ``kind`` about ``url``."""
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, kind + ' ' + url)}>"


def build(output: Path = OUTPUT) -> None:
    """Write the WARC file with a warcinfo record and one response record per page."""
    with output.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        info = writer.create_warcinfo_record(
            "20_crawl.warc.gz",
            {"software": "dronewatch demo/make_warc.py (warcio)", "description": "dronewatch demo crawl"},
        )
        info.rec_headers.replace_header("WARC-Date", PAGES[0].fetched)
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo", "demo"))
        writer.write_record(info)
        for page in PAGES:
            if page is REQUEST_RECORD_FOR:
                writer.write_record(_request_record(writer, page))
            writer.write_record(_response_record(writer, page))


def _response_record(writer: WARCWriter, page: CrawledPage) -> ArcWarcRecord:
    """An HTTP 200 response record carrying the page's HTML."""
    body = (SOURCE_DIR / page.filename).read_bytes()
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        page.url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": page.fetched, "WARC-Record-ID": _record_id("response", page.url)},
    )


def _request_record(writer: WARCWriter, page: CrawledPage) -> ArcWarcRecord:
    """The HTTP GET request that fetched ``page``."""
    host = page.url.split("/")[2]
    path = "/" + page.url.split("/", 3)[3]
    http_headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", "dronewatch-demo-crawler/1.0"), ("Accept", "text/html")],
        is_http_request=True,
    )
    return writer.create_warc_record(
        page.url,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": page.fetched, "WARC-Record-ID": _record_id("request", page.url)},
    )


if __name__ == "__main__":
    build()
    print(f"wrote {OUTPUT}")
