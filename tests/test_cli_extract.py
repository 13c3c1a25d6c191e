"""`dronewatch extract` end to end on real files of every kind (inputs invented for these tests)."""

import io
import json
import os

import pytest
import spacy
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import dronewatch.nlp
from dronewatch.cli import app
from dronewatch.config import settings
from dronewatch.record import Record

pytestmark = pytest.mark.model

SENTENCES = (
    "Drones struck a grain terminal at the river port overnight, the regional administration said on Wednesday.",
    "Firefighters needed several hours to contain the blaze, the emergency service said in a statement.",
    "The port operator said loading would resume within two days once engineers had checked the cranes.",
)
TEXT = "Port terminal hit by drones\n\nBy Ivan Petrenko\n\n" + "\n\n".join(SENTENCES) + "\n"
PAGE = ("<html><head><title>Port terminal hit by drones</title><meta name='author' content='Ivan Petrenko'>"
        "</head><body><article><h1>Port terminal hit by drones</h1>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</article></body></html>")


@pytest.fixture(scope="module")
def nlp():
    if not spacy.util.is_package(settings.spacy_model):
        pytest.skip(f"spaCy model {settings.spacy_model} is not installed")
    return dronewatch.nlp.load_pipeline()


@pytest.fixture
def run(nlp, monkeypatch):
    """Run the CLI with the model loaded once per module; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(dronewatch.nlp, "load_pipeline", lambda: nlp)

    def invoke(*args: str):
        result = CliRunner(mix_stderr=False).invoke(app, ["extract", *args, "--no-progress"])
        return result.exit_code, result.stdout, result.stderr
    return invoke


def records(stdout: str) -> list[Record]:
    return [Record.model_validate(json.loads(line)) for line in stdout.splitlines() if line.strip()]


def warc_gz(urls: list[str], gzip: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url in urls:
        body = PAGE.encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                      http_headers=headers))
    return buf.getvalue()


def write_input(tmp_path, kind: str):
    """Write one good input of ``kind``; return its path and the source its first record names."""
    if kind in ("warc", "warc.gz"):
        path = tmp_path / f"crawl.{kind}"
        path.write_bytes(warc_gz(["https://port.example/news/1"], gzip=kind == "warc.gz"))
        return path, f"{path}#https://port.example/news/1"
    if kind == "jsonl":
        path = tmp_path / "feed.jsonl"
        path.write_text(json.dumps({"id": "p1", "text": " ".join(SENTENCES), "title": "Port terminal hit by drones",
                                    "authors": ["Ivan Petrenko"], "url": "https://port.example/1"}) + "\n",
                        encoding="utf-8")
        return path, f"{path}#p1"
    path = tmp_path / f"article.{kind}"
    path.write_text(PAGE if kind in ("html", "htm") else ("# " if kind == "md" else "") + TEXT, encoding="utf-8")
    return path, str(path)


@pytest.mark.parametrize("kind", ["txt", "md", "html", "htm", "warc", "warc.gz", "jsonl"])
def test_every_input_kind_gives_a_valid_record(run, tmp_path, kind):
    path, source = write_input(tmp_path, kind)
    code, out, err = run(str(path), "--format", "jsonl")
    assert code == 0, err
    (record,) = records(out)
    assert record.article.source == source
    assert record.article.title == "Port terminal hit by drones"
    assert record.article.authors == ["Ivan Petrenko"]
    assert record.article.text.startswith("Drones struck a grain terminal")


def test_folder_with_json_array_output(run, tmp_path):
    for kind in ("txt", "html", "jsonl"):
        write_input(tmp_path, kind)
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")  # other kinds in a folder are skipped silently
    code, out, err = run(str(tmp_path), "--format", "json")
    assert code == 0, err
    array = json.loads(out)
    assert len(array) == 3
    assert all(Record.model_validate(r).article.text for r in array)


def test_published_option_fills_in_the_missing_date(run, tmp_path):
    path, _ = write_input(tmp_path, "txt")
    dated = tmp_path / "dated.txt"
    dated.write_text(TEXT.replace("By Ivan Petrenko", "By Ivan Petrenko | 2 May 2023"), encoding="utf-8")
    code, out, _ = run(str(path), str(dated), "--published", "2024-01-09")
    assert code == 0
    assert [str(r.article.published) for r in records(out)] == ["2024-01-09", "2023-05-02"]


def test_published_option_must_be_a_date(run, tmp_path):
    path, _ = write_input(tmp_path, "txt")
    code, _, err = run(str(path), "--published", "May 2023")
    assert code == 2
    assert "YYYY-MM-DD" in err


BAD_INPUTS = {
    "undecodable": ("bad.txt", "Caf\u00e9 owners saw drones over the river".encode("cp1252"), "not UTF-8 text"),
    "binary": ("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (NUL bytes)"),
    "empty": ("bad.html", b"   \n", "empty file"),
    "not_an_archive": ("bad.warc", b"just a line of text in a file\n", "not a WARC archive"),
    "unsupported_suffix": ("bad.pdf", b"%PDF-1.4", "unsupported file type"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_message_and_good_files_still_come_out(run, tmp_path, case):
    name, data, problem = BAD_INPUTS[case]
    bad = tmp_path / name
    bad.write_bytes(data)
    good, source = write_input(tmp_path, "txt")
    code, out, err = run(str(bad), str(good))
    assert code == 1
    assert f"{bad}: {problem}" in err
    assert err.count("error ") == 1
    assert "" not in err.rstrip("\n").splitlines()  # one line per problem and the summary, no gaps
    assert [r.article.source for r in records(out)] == [source]


def test_missing_path_is_reported_and_the_rest_goes_on(run, tmp_path):
    good, source = write_input(tmp_path, "txt")
    code, out, err = run(str(tmp_path / "gone.txt"), str(good))
    assert code == 1
    assert f"{tmp_path / 'gone.txt'}: no such file or folder" in err
    assert [r.article.source for r in records(out)] == [source]


def test_bad_jsonl_line_is_reported_with_its_number_and_good_lines_kept(run, tmp_path):
    path = tmp_path / "feed.jsonl"
    line = {"text": " ".join(SENTENCES), "title": "Port terminal hit by drones"}
    path.write_text(json.dumps({**line, "id": "a"}) + "\n{broken\n" + json.dumps({**line, "id": "c"}) + "\n",
                    encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 1
    assert f"{path}:2: malformed JSON" in err
    assert [r.article.source for r in records(out)] == [f"{path}#a", f"{path}#c"]


def test_truncated_warc_gz_gives_records_before_the_damage_then_an_error(run, tmp_path):
    data = warc_gz([f"https://port.example/news/{i}" for i in (1, 2, 3)])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    code, out, err = run(str(path))
    assert code == 1
    assert f"{path}: truncated" in err
    assert [r.article.source for r in records(out)] == [f"{path}#https://port.example/news/{i}" for i in (1, 2)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(run, tmp_path):
    bad = tmp_path / "locked.txt"
    bad.write_text(TEXT, encoding="utf-8")
    bad.chmod(0)
    good, _ = write_input(tmp_path, "md")
    code, out, err = run(str(bad), str(good))
    assert code == 1
    assert f"{bad}: cannot read file" in err
    assert len(records(out)) == 1


BATCH_TOWNS = ("Korvelsk", "Marinhol", "Ostrevka", "Dubrany", "Selyna", "Pryvolsk", "Hartivka", "Zabrodne")
BATCH_TARGETS = ("a fuel depot", "a school gym", "a rail bridge", "a grain silo")
BATCH_SENTENCES = (
    "Drones struck {target} in {town} on {day} March, the governor said, and {n} people were hurt.",
    "Shelling damaged {n} houses and {target} in {town} overnight on {day} April, the district council said.",
    "Air defence shot down {n} drones heading for {town} early on {day} May, the regional administration said.",
    "A drone hit {target} outside {town} on {day} June and firefighters needed {n} hours to put out the fire.",
)


def batch_article(i: int) -> str:
    """The ``i``-th of a batch of short invented reports; no two are alike (template, town and number differ)."""
    town = BATCH_TOWNS[(i // len(BATCH_SENTENCES)) % len(BATCH_TOWNS)]
    n = 2 + i // (len(BATCH_SENTENCES) * len(BATCH_TOWNS))
    sentence = BATCH_SENTENCES[i % len(BATCH_SENTENCES)].format(
        target=BATCH_TARGETS[i % len(BATCH_TARGETS)], town=town, day=1 + i % 28, n=n)
    return f"Attack on {town}\n\n{sentence}\n"


def test_thousand_file_batch_with_three_bad_files_gives_997_records_and_3_messages(run, tmp_path):
    """The documented bar: a 1,000-file batch with 3 bad files gives 997 records and 3 messages."""
    folder = tmp_path / "batch"
    folder.mkdir()
    texts = [batch_article(i) for i in range(997)]
    assert len(set(texts)) == 997
    for i, text in enumerate(texts):
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    binary, empty, feed = folder / "0100-scan.txt", folder / "0500-draft.md", folder / "0900-feed.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty.write_bytes(b"  \n\n")
    feed.write_bytes(b"{broken\n")
    out = tmp_path / "records.jsonl"

    code, stdout, err = run(str(folder), "--format", "jsonl", "--out", str(out))

    assert code == 1
    assert stdout == ""
    messages = [line for line in err.splitlines() if line.startswith("error ")]
    assert len(messages) == 3, err
    assert messages[0] == f"error {binary}: binary data (NUL bytes), not text"
    assert messages[1] == f"error {empty}: empty file"
    assert messages[2].startswith(f"error {feed}:1: malformed JSON")
    assert "3 failed, 997 records written" in err
    written = records(out.read_text(encoding="utf-8"))
    assert len(written) == 997
    assert len({r.article.id for r in written}) == 997
    assert {r.article.source for r in written} == {str(folder / f"{i:04d}.txt") for i in range(997)}


def test_a_limit_set_to_nonsense_is_one_line_before_any_work(tmp_path):
    import os
    import subprocess
    import sys

    env = os.environ | {"DRONEWATCH_DOC_TIMEOUT": "soon", "DRONEWATCH_MAX_BODY_MB": "-3",
                        "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "dronewatch.cli", "extract", str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error DRONEWATCH_DOC_TIMEOUT='soon': expected a number >= 0")
    assert "DRONEWATCH_MAX_BODY_MB='-3'" in line
