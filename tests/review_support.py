"""Shared parts of the review tests: an interview of our own, the review server in-process and
as a real ``stafett review`` process on a free loopback port."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A new interview (invented people, real places). Extraction takes the giver from the stage
# sentence ("Tor Eggen"); the next paragraph names him in full, which a reviewer selects.
# "Innherred Vekst" is named outside the collaboration answer, in passing: a partner extraction
# does not list, which the reviewer adds.
INTERVIEW = """Lys i gatene og folk i sentrum

kommunedirektør Ingrid Solbakken

Hva er Innovasjonsstafetten?

I stafetten forteller ledere i kommunene hvordan de fornyer tjenestene, og hver av dem velger selv hvem som skal intervjues etterpå.

Etter at Levanger løp sjette etappe i innovasjonsstafetten, sendte kommunalsjef Tor Eggen pinnen videre til Ingrid Solbakken, kommunedirektør i Verdal kommune.

Pinnen kom fra Tor Arne Eggen, som leder oppvekstområdet i nabokommunen.

- Hvorfor er det viktig at kommunesektoren innoverer?

- Innbyggerne venter mer av oss hvert år, og pengene strekker ikke til om vi jobber som før. Lysløypa i sentrum kom til fordi Innherred Vekst spurte oss.

- Hvem samarbeider dere mest med i innovasjonsarbeidet?

- Vi jobber tett med lag og foreninger i bygdene om sentrumsutviklingen.

- Hvem vil du gi stafettpinnen videre til?

- Jeg gir den videre til Siri Moen, innovasjonsleder i Steinkjer kommune.
"""
GIVER = "Tor Arne Eggen"
PARTNER = "Innherred Vekst"

# Hostile strings in an interview's text: in the title, an answer, a partner's name and the
# baton receiver's line. None of it may run or become markup on the review pages.
HOSTILE_INTERVIEW = """<script>alert("title")</script> & «overskrift»

kommunedirektør Kari Nordmann

Etter at Sola løp tredje etappe i innovasjonsstafetten, sendte kommunalsjef Mona Helland pinnen videre til Kari Nordmann, kommunedirektør i Hå kommune.

- Hvorfor er det viktig at kommunesektoren innoverer?

- Fordi "><img src=x onerror=alert(1)> og ' onmouseover='alert(2)' x=' er farlige ord. </script><script>alert(3)</script>

- Hvem samarbeider dere mest med i innovasjonsarbeidet?

- Vi samarbeider med Emoji 🎉 <svg onload=alert(4)> AS og med {{7*7}} ${alert(5)} javascript:alert(6) <!-- -->.

- Hvem vil du gi stafettpinnen videre til?

- Jeg gir den videre til Per Hansen, rådmann i Bodø kommune. \u202eevil\u202c right-to-left \u200f
"""


def span_of(text: str, words: str) -> list[int]:
    start = text.index(words)
    return [start, start + len(words)]


def login(client, app):
    """Open a session on an in-process app; returns the page's CSRF token."""
    r = client.get(app.state.sessions.login_path, follow_redirects=True)
    assert r.status_code == 200, r.text
    return re.search(r'name="csrf-token" content="([^"]+)"', r.text).group(1)


def client_for(app):
    from starlette.testclient import TestClient

    port = app.state.sessions.port
    return TestClient(app, base_url=f"http://127.0.0.1:{port}")


def post_headers(app, csrf: str) -> dict:
    return {"X-CSRF-Token": csrf, "Origin": f"http://127.0.0.1:{app.state.sessions.port}"}


def start_review(*args: str, cwd: Path | None = None) -> tuple[subprocess.Popen, str]:
    """``stafett review ARGS`` on a free loopback port: (process, the login address it printed).
    The caller stops it (``stop(proc)``)."""
    proc = subprocess.Popen([sys.executable, "-m", "graph", "review", *args], cwd=cwd or REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = proc.stdout.readline().strip()
    if not line.startswith("http://127.0.0.1:"):
        proc.kill()
        raise RuntimeError(f"stafett review did not print its address: {line!r} {proc.stderr.read()}")
    return proc, line


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
