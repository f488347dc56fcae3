"""The listening socket of ``stafett serve``, bound before anything says it serves.

uvicorn binds its port only once it has started, and reports a busy port as a log line after
``stafett serve`` has already printed its address. Binding first means the address printed is
one that is listened on (with ``--port 0``, the port the system chose), and a port that cannot
be had is one line and exit 1.
"""

from __future__ import annotations

import errno
import socket

from .errors import StafettError


class PortError(StafettError):
    """The address to serve on cannot be had (in use, not this machine's, or privileged)."""


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``(host, port)`` and listening, for the server to serve on.

    >>> sock = listen("127.0.0.1", 0)
    >>> sock.getsockname()[1] > 0
    True
    >>> try:
    ...     listen("127.0.0.1", sock.getsockname()[1])
    ... except PortError as exc:
    ...     print(str(exc).endswith("is in use (another server is listening there); stop it or choose another --port"))
    True
    >>> sock.close()
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortError(f"--host {host}: {exc.strerror}; give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    # As uvicorn does: a port left in TIME_WAIT by a stopped server may be taken again (a port
    # another process listens on may not).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(2048)  # at once, so no other server can take the port meanwhile (uvicorn listens again, same backlog)
    except OSError as exc:
        sock.close()
        raise PortError(_why(exc, host, port)) from None
    sock.set_inheritable(True)
    return sock


def _why(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use (another server is listening there); stop it or choose another --port"
    if exc.errno == errno.EACCES:
        return f"port {port} on {host} needs more rights than this user has; choose a --port above 1023"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host} is not an address of this machine; give one of its addresses, e.g. 127.0.0.1 or 0.0.0.0"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
