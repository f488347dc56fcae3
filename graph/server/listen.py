"""Serving the app with uvicorn, with the limits uvicorn lacks against slow clients.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but sets no limit on
how long a client may take to send a request's line and headers: 300 connections that send one
header byte every few seconds ("slowloris") are held open for ever. :class:`HeaderTimeout` is
uvicorn's h11 protocol with one more timer: a connection that has not sent a complete request
head ``header_timeout`` seconds after it opened, or after its previous response, is closed.
``limit_concurrency`` caps connections and tasks together (uvicorn answers ``503`` beyond it).
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
MAX_CONNECTIONS = 1000


class HeaderTimeout(H11Protocol):
    """uvicorn's h11 protocol, closing connections that are slow to send a request head."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport):  # noqa: D401 - asyncio's protocol interface
        super().connection_made(transport)
        self._head_timer = None
        self._arm()

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # no complete request head in time

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm()  # a head under way (or the next one): it must be complete in time
        else:
            self._disarm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol(header_timeout: float):
    """:class:`HeaderTimeout` with the given timeout (uvicorn takes a class)."""
    return type("HeaderTimeoutH11", (HeaderTimeout,), {"header_timeout": header_timeout})


def serve(app, *, sock, header_timeout: float = HEADER_TIMEOUT, max_connections: int = MAX_CONNECTIONS,
          max_head_bytes: int | None = None) -> None:
    """Run ``app`` on the listening socket ``sock`` (bound by :func:`graph.listen.listen`, so a
    busy port was reported before anything said it serves) until interrupted."""
    import uvicorn

    config = uvicorn.Config(app, server_header=False, log_level="info", http=protocol(header_timeout),
                            timeout_keep_alive=5, limit_concurrency=max_connections,
                            h11_max_incomplete_event_size=max_head_bytes)
    uvicorn.Server(config).run(sockets=[sock])
