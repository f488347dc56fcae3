"""Take the network away from a query worker, whatever its privileges (Linux).

The second wall behind :mod:`graph.server.guard`: even a ``SERVICE`` or ``LOAD`` that got past
the parser could reach nothing. Two independent means, both unprivileged, applied at the start
of a worker while it is still single-threaded:

- **a network namespace of its own** (``unshare(CLONE_NEWNET)``: no interface but a loopback
  that is down, so every connection fails with "Network is unreachable"). Creating one needs
  CAP_SYS_ADMIN; without it (a normal user, or root with the capability dropped) the worker
  first enters a *user* namespace of its own (``CLONE_NEWUSER``), in which it holds that
  capability for the namespaces it owns. Files are still checked against its real user, so it
  reads the store as before.
- **a seccomp filter** that makes ``socket()`` fail with EACCES for every family but
  ``AF_UNIX`` (the worker talks to the server over a socket pair it already holds), on all the
  worker's threads (``SECCOMP_FILTER_FLAG_TSYNC``), after ``PR_SET_NO_NEW_PRIVS``. Needs no
  privilege at all, only a kernel with seccomp (x86-64 and arm64 here).

A worker on a remote store (``--endpoint``) must reach that server, so it gets neither; there the
parser is the only wall, and the remote server's own settings decide what it fetches
(``docs/server.md``).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MEANS = ("netns", "seccomp")


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def enter_network_namespace() -> bool:
    """Move this (single-threaded) process into a network namespace of its own; True if it did."""
    try:
        libc = _libc()
    except OSError:
        return False
    if libc.unshare(CLONE_NEWNET) == 0:
        return True
    # Without CAP_SYS_ADMIN: a user namespace first, which grants it for the namespaces it owns.
    return libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0


# -- seccomp ----------------------------------------------------------------------------------------
_ARCH = {  # machine: (AUDIT_ARCH_*, __NR_socket, __NR_seccomp)
    "x86_64": (0xC000003E, 41, 317),
    "aarch64": (0xC00000B7, 198, 277),
}
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_AF_UNIX = 1
# BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


def _filter(arch: int, nr_socket: int) -> bytes:
    """The BPF program: other architectures' calls and x32 calls fail, ``socket(family, ...)``
    fails unless ``family`` is AF_UNIX, everything else is allowed."""
    deny = _RET_ERRNO | errno.EACCES
    prog = [
        (_LD_W_ABS, 0, 0, 4),            # 0: A = arch
        (_JEQ_K, 1, 0, arch),            # 1: native? skip the next
        (_RET_K, 0, 0, deny),            # 2: another ABI: fail
        (_LD_W_ABS, 0, 0, 0),            # 3: A = syscall number
        (_JGE_K, 0, 1, 0x40000000),      # 4: x32 ABI call?
        (_RET_K, 0, 0, deny),            # 5:   fail
        (_JEQ_K, 0, 3, nr_socket),       # 6: socket()? else allow (skip to 10)
        (_LD_W_ABS, 0, 0, 16),           # 7: A = low 32 bits of args[0] (the family)
        (_JEQ_K, 1, 0, _AF_UNIX),        # 8: AF_UNIX: allow (skip to 10)
        (_RET_K, 0, 0, deny),            # 9: any other family: fail
        (_RET_K, 0, 0, _RET_ALLOW),      # 10
    ]
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


def forbid_sockets() -> bool:
    """Install the seccomp filter on every thread of this process; True if it did."""
    known = _ARCH.get(platform.machine())
    if known is None:
        return False
    arch, nr_socket, nr_seccomp = known
    try:
        libc = _libc()
    except OSError:
        return False
    program = _filter(arch, nr_socket)
    buf = ctypes.create_string_buffer(program, len(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buf))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    libc.syscall.restype = ctypes.c_long
    done = libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                        ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog))
    return done == 0


def isolate(means=MEANS) -> list[str]:
    """Apply each of ``means`` (``"netns"``, ``"seccomp"``) that this system allows; the list of
    those that took. Call it first thing in the worker, before any thread is started
    (``unshare`` of a user namespace refuses a multi-threaded process)."""
    took = []
    if "netns" in means and enter_network_namespace():
        took.append("netns")
    if "seccomp" in means and forbid_sockets():
        took.append("seccomp")
    return took


if __name__ == "__main__":  # python -m graph.server.isolation HOST PORT: what a worker would meet
    import socket
    import sys

    print("isolated by:", ", ".join(isolate()) or "nothing", file=sys.stderr)
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
        print("connected")
    except OSError as exc:
        print(f"refused: {exc}")
