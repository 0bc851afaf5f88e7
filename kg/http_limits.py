"""The limits of ``kg serve`` below the application, in the HTTP connection itself: how long
a client may take to send its request, and how long its URL may be (docs/serving.md, Limits).

uvicorn closes an idle keep-alive connection after a few seconds, but a connection that never
sends a whole request (a few bytes of a request line, headers that trickle in, a body that
never ends) stays open for ever, and a request line longer than h11's buffer is cut off with
a bare 400 and a reset connection. :func:`protocol` gives uvicorn an h11 protocol with:

* a read timeout: the request line, headers and body must all arrive within ``read_timeout``
  seconds of the connection opening (or of the previous response on a kept-alive
  connection); then the client gets 408 (if it had sent anything) and the connection closes;
* a URL limit: a request line over ``max_url`` bytes gets 414 as soon as that many bytes
  have come; the rest of the request head is read and dropped, so that the client, still
  sending, reads the answer instead of a reset.
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEADERS_ALLOWANCE", "protocol"]

HEADERS_ALLOWANCE = 64 * 1024  # bytes of request head beyond the request line (h11's buffer)
_REQUEST_LINE_EXTRA = 32  # "GET " and " HTTP/1.1" around the URL


def protocol(read_timeout: float, max_url: int) -> type[H11Protocol]:
    """An uvicorn HTTP protocol class with these limits (pass as ``uvicorn.run(http=...)``)."""
    return type("KGProtocol", (_LimitedH11,), {"read_timeout": read_timeout, "max_url": max_url})


def _raw_response(status: int, reason: str, message: str, kind: str) -> bytes:
    body = json.dumps({"error": message, "type": kind}).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n")
    return head.encode("ascii") + body


class _LimitedH11(H11Protocol):
    read_timeout = 10.0
    max_url = 1_000_000

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: Any = None
        self._draining: bytes | None = None  # after a 414: the tail of what came, to find the head's end
        self._arm()

    # the read timeout

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        waiting = self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and self._draining is None
        started = self.conn.their_state is h11.SEND_BODY or bool(self.conn.trailing_data[0])
        if waiting and started and (self.cycle is None or not self.cycle.response_started):
            self.transport.write(_raw_response(
                408, "Request Timeout", f"the request did not arrive in full within the {self.read_timeout:g} s read "
                "timeout", "RequestTimeout"))
        self.transport.close()

    # the URL limit

    def _line_too_long(self, data: bytes) -> bool:
        if self.conn.their_state is not h11.IDLE:
            return False
        pending = self.conn.trailing_data[0] + data
        end = pending.find(b"\r\n")
        return (end if end >= 0 else len(pending)) > self.max_url + _REQUEST_LINE_EXTRA

    def _drain(self, data: bytes) -> None:
        assert self._draining is not None
        seen = self._draining + data
        if b"\r\n\r\n" in seen:
            self.transport.close()
        else:
            self._draining = seen[-3:]

    def data_received(self, data: bytes) -> None:
        if self._draining is not None:
            self._drain(data)
            return
        if self._line_too_long(data):
            self._unset_keepalive_if_required()
            self.transport.write(_raw_response(
                414, "URI Too Long", f"the URL is over the {self.max_url} byte limit: send a long query by POST",
                "URITooLong"))
            self._draining = b""
            self._drain(data)
            return
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the whole request is in

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
