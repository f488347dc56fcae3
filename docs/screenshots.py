"""Screenshots of the pages an analyst sees, for docs/views.md (PNG files in docs/img/).

    python docs/screenshots.py                          # the shared corpus, and a 1,000-interview synth corpus
    python docs/screenshots.py --synth 0                # the shared corpus only
    python docs/screenshots.py --synth-store DIR        # reuse a built synth store

Builds ../shared/corpus into a temporary store (and `stafett synth --interviews N` into another),
starts `stafett serve` on a free loopback port for each, and photographs the pages in headless
Chromium (Debian's, driven by Playwright) with every request off the machine blocked.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "img"
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # a script run from a checkout: the browser helper

from browser import CHROMIUM_ARGS, chromium_path, is_local  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(inputs: list[str], store: Path) -> None:
    subprocess.run(["stafett", "build", "-q", "--keep-going", "--store", str(store), *inputs], check=True)


def serve(store: Path):
    port = free_port()
    proc = subprocess.Popen(["stafett", "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(300):
        try:
            with opener.open(url + "/sparql?query=ASK%7B%7D", timeout=5):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("stafett serve did not start")


def shoot(browser, url: str, name: str, *, act=None, full: bool = False, wait_view: bool = False) -> Path:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    page.goto(url, timeout=300_000)  # a big view is rendered on the first visit
    if wait_view:
        deadline = time.monotonic() + 90
        while not page.evaluate("!!(window.stafett && window.stafett.ready)"):
            if time.monotonic() > deadline:
                raise TimeoutError(url)
            time.sleep(0.1)
        page.wait_for_timeout(500)
    if act:
        act(page)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    context.close()
    print(f"{path.relative_to(REPO)}  <- {url}")
    return path


def run_example(name: str):
    def act(page):
        page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
        page.click(f"button.example[data-name='{name}']")
        page.wait_for_function("() => document.querySelectorAll('.yasr table tbody tr').length > 0", timeout=30_000)
        page.wait_for_timeout(500)
    return act


def malformed(page):
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    page.evaluate("() => { const t = window.stafettYasgui.getTab(); t.setQuery('SELECT ?name WHERE {\\n  ?p foaf:name ?name\\n  FILTER(?name = )\\n}'); t.query(); return 1; }")
    page.wait_for_selector(".stafett-error pre.message", timeout=30_000)


def corpus_pages(browser, url: str) -> None:
    shoot(browser, url + "/", "query-results", act=run_example("relay"))
    shoot(browser, url + "/", "query-error", act=malformed)
    shoot(browser, url + "/id/person/camilla-strom-eide.1804", "person", full=True)
    shoot(browser, url + "/id/interview/camilla-strom-eide.1804-s5", "interview", full=True)
    shoot(browser, url + "/viz/chain", "relay-stage", wait_view=True)
    shoot(browser, url + "/viz/chain?layout=geo", "relay-map", wait_view=True)
    shoot(browser, url + "/viz/network", "network", wait_view=True,
          act=lambda p: (p.evaluate("() => { window.stafett.select('https://w3id.org/stafett/id/person/camilla-strom-eide.1804'); return 1; }"),
                         p.wait_for_timeout(400)))
    iri = quote("https://w3id.org/stafett/id/person/camilla-strom-eide.1804", safe="")
    shoot(browser, url + "/viz/ego/" + iri, "ego", wait_view=True)


def synth_pages(browser, url: str, n: int) -> None:
    shoot(browser, url + "/viz/network", f"network-{n}", wait_view=True)
    shoot(browser, url + "/viz/chain", f"relay-{n}", wait_view=True)
    shoot(browser, url + "/viz/chain?layout=stage", f"relay-{n}-stage", wait_view=True,
          act=lambda p: (p.evaluate("() => { window.network.moveTo({scale: 0.45, position: window.network.getPositions()[window.nodes.getIds()[0]], animation: false}); return 1; }"),
                         p.wait_for_timeout(400)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--synth", type=int, default=1000, help="interviews of the synth corpus (0: none)")
    ap.add_argument("--synth-store", type=Path, help="a built synth store to reuse")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="stafett-shots-"))
    build([args.corpus], work / "corpus-store")
    stores = [("corpus", work / "corpus-store")]
    if args.synth_store or args.synth:
        store = args.synth_store
        if store is None:
            subprocess.run(["stafett", "synth", "--interviews", str(args.synth), "--out", str(work / "synth")], check=True)
            store = work / "synth-store"
            build([str(work / "synth")], store)
        stores.append(("synth", store))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for kind, store in stores:
            proc, url = serve(store)
            try:
                if kind == "corpus":
                    corpus_pages(browser, url)
                else:
                    synth_pages(browser, url, args.synth or 1000)
            finally:
                proc.terminate()
                proc.wait(20)
        browser.close()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
