"""A small HTTP/1.1 client on asyncio streams: one connection per request, `Connection: close`,
as gunicorn's sync workers answer anyway. No third-party client is a dependency of Svoboda, and
the load test needs nothing more: a status, headers and a body, timed.
"""

import asyncio
import contextlib
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header_values(self, name):
        name = name.lower()
        return [value for key, value in self.headers if key.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class ProtocolError(Exception):
    pass


async def request(host, port, method, path, *, headers=(), body=b"", timeout=20.0):
    """Send one request and read the whole response; raises TimeoutError, OSError or
    ProtocolError."""
    return await asyncio.wait_for(_exchange(host, port, method, path, headers, body), timeout)


async def _exchange(host, port, method, path, headers, body):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Connection: close",
            "User-Agent: svoboda-loadtest",
            *(f"{name}: {value}" for name, value in headers),
        ]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return parse(raw)


def parse(raw):
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ProtocolError("the connection closed before the response's headers ended")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ProtocolError(f"not an HTTP status line: {status_line[:80]!r}")
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    response = Response(int(parts[1]), headers, body)
    if "chunked" in ",".join(response.header_values("Transfer-Encoding")).lower():
        response.body = dechunk(body)
    else:
        lengths = response.header_values("Content-Length")
        if lengths and len(body) < int(lengths[0]):
            raise ProtocolError("the connection closed before the whole body arrived")
    return response


def dechunk(body):
    out = bytearray()
    while True:
        size_line, separator, rest = body.partition(b"\r\n")
        if not separator:
            raise ProtocolError("a chunked body ended early")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        if len(rest) < size + 2:
            raise ProtocolError("a chunked body ended early")
        out += rest[:size]
        body = rest[size + 2 :]
