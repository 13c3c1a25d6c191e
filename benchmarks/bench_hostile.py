"""Peak memory on hostile inputs, next to an idle process's: a WARC that unpacks to 1 GB, a 30 MB page, a
400 MB POST. Each must stay within 1.5 x idle + the configured caps.

Each reader runs in a fresh process that first imports everything it will use and notes its RSS (idle),
then reads the input and notes its peak RSS (VmHWM). The POST goes to a real server (uvicorn, loopback)
whose peak RSS is read before and after: without a token (401, before the body is read), with a token
and a declared length (413), and with a token and a chunked body that never declares one (413 at the cap).

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
SRC = str(Path(__file__).resolve().parents[1] / "src")

_READER = r"""
import json, sys
from dronewatch.ingest import iter_documents
from dronewatch.config import limit_bytes

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

idle = hwm()
docs = errors = 0
messages = []
for item in iter_documents([sys.argv[1]]):
    if hasattr(item, "text"):
        docs += 1
    else:
        errors += 1
        messages.append(str(item)[:160])
caps = limit_bytes("max_html_mb") + limit_bytes("max_record_mb")
print(json.dumps({"idle": idle, "peak": hwm(), "docs": docs, "errors": errors, "messages": messages[:3],
                  "caps": caps}))
"""


def _rss_of(pid: int) -> tuple[int, int]:
    """(current, peak) RSS of a process, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def _warc_bomb(path: Path) -> None:
    """A .warc.gz holding one HTML page record that unpacks to 1 GB, then two ordinary pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class Repeat(io.RawIOBase):
        def __init__(self, size: int) -> None:
            self.left = size
            self.block = b"<p>drone strike on the depot</p>\n" * (MB // 34)

        def readable(self) -> bool:
            return True

        def readinto(self, buf):  # type: ignore[no-untyped-def]
            n = min(len(buf), self.left, len(self.block))
            buf[:n] = self.block[:n]
            self.left -= n
            return n

    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warc_record("https://bomb.example/", "response",
                                                      payload=io.BufferedReader(Repeat(1024 * MB), 4 * MB),
                                                      length=1024 * MB, http_headers=html))
        for i in range(2):
            page = (f"<html><head><title>Depot fire {i}</title></head><body><article><h1>Depot fire {i}</h1>"
                    + "<p>Drones struck a fuel depot near the river port overnight, the governor said.</p>" * 5
                    + "</article></body></html>").encode()
            writer.write_record(writer.create_warc_record(f"https://ok.example/{i}", "response",
                                                          payload=io.BytesIO(page), length=len(page),
                                                          http_headers=html))


def _read(path: Path) -> dict:
    env = os.environ | {"PYTHONPATH": SRC}
    out = subprocess.run([sys.executable, "-c", _READER, str(path)], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


def _report(name: str, idle: int, peak: int, caps: int, detail: str) -> bool:
    bound = 1.5 * idle + caps
    ok = peak <= bound
    print(f"{name:<34} idle {idle / MB:7.1f} MB  peak {peak / MB:7.1f} MB  peak/idle {peak / idle:5.2f}x  "
          f"bound {bound / MB:7.1f} MB  {'within' if ok else 'OVER'}  ({detail})")
    return ok


def _post(port: int, headers: list[str], total: int, chunked: bool) -> str:
    """Send a POST of ``total`` bytes 1 MB at a time until the server answers; its status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        head = ["POST /api/articles HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", *headers]
        head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}")
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        s.settimeout(0.0)
        block = b"{" + b" " * (MB - 1)
        sent = 0
        answer = b""
        while sent < total:
            try:
                answer += s.recv(65536)
            except (BlockingIOError, InterruptedError):
                pass
            if answer:
                break
            data = (f"{len(block):x}\r\n".encode() + block + b"\r\n") if chunked else block
            try:
                s.settimeout(10)
                s.sendall(data)
                s.settimeout(0.0)
            except OSError:
                break
            sent += MB
        s.settimeout(30)
        while b"\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
        return f"{answer.split(b' ', 2)[1].decode() if answer else 'no answer'} after {sent // MB} MB sent"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warc = folder / "bomb.warc.gz"
        _warc_bomb(warc)
        r = _read(warc)
        ok &= _report("WARC unpacking to 1 GB", r["idle"], r["peak"], r["caps"],
                      f"{warc.stat().st_size / MB:.1f} MB on disk; {r['docs']} pages read, {r['errors']} refused")

        page = folder / "huge.html"
        with page.open("w", encoding="utf-8") as f:
            f.write("<html><head><title>Huge</title></head><body><article>")
            for _ in range(30 * MB // 60):
                f.write("<p>Drones struck a fuel depot near the port overnight.</p>\n")
            f.write("</article></body></html>")
        r = _read(page)
        ok &= _report("30 MB HTML page", r["idle"], r["peak"], r["caps"],
                      f"{r['docs']} read, {r['errors']} refused: {r['messages'][0].split(': ', 1)[-1][:60] if r['messages'] else ''}")

        port = _free_port()
        db = folder / "api.sqlite"
        env = os.environ | {"PYTHONPATH": SRC, "DRONEWATCH_API_TOKEN": "bench-token", "DRONEWATCH_DB": f"sqlite:///{db}"}
        server = subprocess.Popen([sys.executable, "-m", "dronewatch.cli", "serve", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1.0)
            _, idle = _rss_of(server.pid)
            answers = [
                _post(port, [], 400 * MB, chunked=False),
                _post(port, ["Authorization: Bearer bench-token"], 400 * MB, chunked=False),
                _post(port, ["Authorization: Bearer bench-token"], 400 * MB, chunked=True),
            ]
            time.sleep(0.5)
            _, peak = _rss_of(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        cap = int(float(os.environ.get("DRONEWATCH_MAX_BODY_MB", "25")) * MB)
        ok &= _report("400 MB POST to /api/articles", idle, peak, cap,
                      "no token: " + answers[0] + "; token: " + answers[1] + "; token, chunked: " + answers[2])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
