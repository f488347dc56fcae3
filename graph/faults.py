"""Named fault points, for the tests that crash builds on purpose (``tests/test_durability.py``).

``STAFETT_FAULT=POINT:kill`` makes the process that reaches ``POINT`` kill itself with SIGKILL
(no cleanup, as a power cut or the OOM killer would), and ``STAFETT_FAULT=POINT:pause=SECONDS``
makes it say so on stderr and sleep (to hold a build at a known step while another process
acts). The points of a build, in order: ``extract`` (an input has been read and mapped),
``load`` (a chunk of graphs is in the new generation), ``validate`` (everything is loaded,
SHACL is about to run), ``swap`` (the new generation is complete and closed, the ``current``
link not yet replaced) and ``swapped`` (the link is replaced, the ``previous`` link and the
clean-up not yet done). Without the variable a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import sys
import time

ENV = "STAFETT_FAULT"
POINTS = ("extract", "load", "validate", "swap", "swapped")


def fault_point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    point, _, action = spec.partition(":")
    if point != name:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action.startswith("pause="):
        print(f"stafett: fault: paused at {name} (pid {os.getpid()})", file=sys.stderr, flush=True)
        time.sleep(float(action.partition("=")[2]))
