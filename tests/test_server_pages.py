"""Dereferenceable IRIs (/id/...): content negotiation, the HTML page, escaping, bounds."""

from __future__ import annotations

import re
from html import escape as html_escape

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph.server import make_app
from test_server_support import HOSTILE, fixture_store, hostile_person_path

BASE = "https://w3id.org/stafett/"


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app(fixture_store(), timeout=10, workers=2)) as c:
        yield c


@pytest.fixture(scope="module")
def person() -> str:
    return hostile_person_path()


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_entity_as_rdf(client, accept, fmt):
    r = client.get("/id/person/trude-andresen.3314", headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    assert "accept" in r.headers["vary"].lower()
    triples = list(ox.parse(r.content, format=fmt))
    subjects = {t.subject.value for t in triples}
    assert subjects == {BASE + "id/person/trude-andresen.3314"}
    assert "Trude Andresen" in {t.object.value for t in triples}


def interview_of(client, name: str) -> str:
    q = f"SELECT ?i WHERE {{ ?i stf:interviewee/foaf:name '{name}' }}"
    return client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["i"]["value"]


def test_interview_includes_its_fragments(client):
    iri = interview_of(client, "Trude Andresen")
    r = client.get("/id/" + iri.split("/id/", 1)[1], headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    frags = {t.subject.value for t in triples if t.subject.value.startswith(iri + "#")}
    assert any(re.search(r"#char=\d+,\d+$", f) for f in frags)
    assert any("#ev-" in f for f in frags)
    exact = [t.object.value for t in triples if t.predicate.value.endswith("#value")]
    assert "Trude Andresen" in exact  # the words of the span, from the text at build time


def test_format_parameter_overrides_accept(client):
    r = client.get("/id/person/trude-andresen.3314", params={"format": "nt"}, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert client.get("/id/person/trude-andresen.3314", params={"format": "exe"}).status_code == 400


def test_entity_under_the_base_path(client):
    r = client.get("/stafett/id/person/trude-andresen.3314", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert BASE + "id/person/trude-andresen.3314" in {t.subject.value for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE)}


def test_html_page(client):
    r = client.get("/id/person/trude-andresen.3314", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<h1><bdi>Trude Andresen</bdi></h1>" in html
    assert 'href="/id/municipality/3314"' in html  # a neighbour, linked on this server
    assert "Øvre Eiker" in html  # ... by its label
    interview = interview_of(client, "Trude Andresen").split("/id/", 1)[1]
    assert f'href="/id/{interview}"' in html  # the interview she comes from
    assert "Lenker hit" in html and "/id/baton-pass/" in html  # incoming links
    assert '<q class="exact">Trude Andresen</q>' in html  # the evidence span's words


def test_html_is_the_default_for_browsers_and_curl(client):
    for accept in (None, "*/*"):
        r = client.get("/id/municipality/3314", headers={"Accept": accept} if accept else {})
        assert r.headers["content-type"].startswith("text/html")


def test_hostile_name_is_text(client, person):
    r = client.get(person, headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html_escape(HOSTILE, quote=False) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ola &amp; «Nordmann»" in html
    assert re.findall(r"<script\b", html) == []  # an entity page has no script at all
    # Names are isolated for bidirectional text: a right-to-left override in one cannot turn
    # the text around it.
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; Ola &amp; «Nordmann»"
    assert f"<h1><bdi>{escaped}</bdi></h1>" in html
    assert f'<bdi class="literal">{escaped}</bdi>' in html


def test_hostile_iri_values_are_not_links(client):
    """Only http(s) IRIs become links: a javascript: IRI in the data is shown as text."""
    from graph.server.pages import local_href

    assert local_href("javascript:alert(1)", BASE) == ""
    assert local_href("data:text/html,<b>", BASE) == ""
    assert local_href(BASE + "id/person/x", BASE) == "/id/person/x"


def test_unknown_entity_is_404(client):
    for accept in ("text/html", "text/turtle"):
        r = client.get("/id/person/nobody-at-all.0000", headers={"Accept": accept})
        assert r.status_code == 404


def test_406_for_entities(client):
    r = client.get("/id/person/trude-andresen.3314", headers={"Accept": "image/png"})
    assert r.status_code == 406


@pytest.mark.parametrize("path", [
    "/id/person/..%2F..%2Fetc%2Fpasswd",
    "/id/person/%2e%2e/%2e%2e/etc/passwd",
    "/id/person/.hidden",
    "/id/person/a%00b",
    "/id/person/a%3E%20%3Cb",
    "/id/person/x%22%7D%20UNION%20%7B",
    "/id/Person/x",
    "/id/person",
])
def test_path_traversal_and_injection_are_refused(client, path):
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "BEGIN" not in r.text and "root:" not in r.text


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/vendor/../../pages.py", "/static//etc/passwd",
])
def test_static_files_only_from_the_static_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), path
    assert "def " not in r.text and "root:" not in r.text


def test_static_assets_are_served(client):
    r = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_query_page_and_examples(client):
    from graph.queries import list_queries

    r = client.get("/")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp
    assert re.findall(r"<script[^>]*>\s*[^<\s]", r.text) == []  # no inline script
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in r.text
    cfg = client.get("/queries.json").json()
    assert cfg["endpoint"] == "/sparql"
    # a short query to start on: the endpoint declares the prefixes, the page lists them folded away
    assert "PREFIX" not in cfg["default_query"] and len(cfg["default_query"].splitlines()) < 12
    assert cfg["prefixes"]["stf"] == "https://w3id.org/stafett/def#"
    assert "PREFIX stf: &lt;https://w3id.org/stafett/def#&gt;" in r.text.split('<details class="prefixes">')[1]
    ran = client.post("/sparql", data={"query": cfg["default_query"]}, headers={"Accept": "application/sparql-results+json"})
    assert ran.status_code == 200 and ran.json()["results"]["bindings"]
    assert {q["name"] for q in cfg["examples"]} == {q.name for q in list_queries()}
    for q in list_queries():
        assert f'data-name="{q.name}"' in r.text
        shown = next(e for e in cfg["examples"] if e["name"] == q.name)
        # what the editor shows: no header lines (they are beside it), no standard PREFIX lines
        assert "# title@" not in shown["text"] and "# column:" not in shown["text"]
        assert "PREFIX stf:" not in shown["text"] and "SELECT" in shown["text"]
        assert shown["columns"] == {c.name: c.nb for c in q.columns}
        params = {p.name: "x" for p in q.params if p.required}
        ran = client.post("/sparql", data={"query": shown["text"].replace("$entity", '"x"') if params else shown["text"]},
                          headers={"Accept": "application/sparql-results+json"})
        assert ran.status_code == 200, (q.name, ran.text)


def test_every_page_has_the_same_header(client):
    pages = ["/", "/om", "/datasett", "/id/person/trude-andresen.3314", "/id/municipality/3314", "/viz/chain", "/viz/network"]
    for path in pages:
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, (path, r.text[:300])
        nav = r.text.split('<nav class="site"', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r'href="([^"]+)"', nav)[-5:] == ["/", "/viz/chain", "/viz/network", "/datasett", "/om"], path
        assert [t for t in re.findall(r">([^<]+)</a>", nav)][-5:] == ["Spørring", "Stafetten", "Nettverket", "Datasett", "Om"]
    assert 'href="/om" title="about" aria-current="page"' in client.get("/om").text


def test_about_and_dataset_pages(client):
    about = client.get("/om")
    assert "Innovasjonsstafetten" in about.text and re.search(r"\d+ intervjuer", about.text)
    data = client.get("/datasett")
    assert "/sparql" in data.text and "stafett export" in data.text and "graph-store?default" in data.text
    assert about.headers["content-security-policy"].startswith("default-src 'self'")
    assert re.findall(r"<script\b", about.text + data.text) == []


def test_serve_banner_prints_the_pages():
    from graph.server.site import banner

    text = banner("embedded store /s", "http://127.0.0.1:8123", "read-only")
    for path in ("/", "/viz/chain", "/viz/network", "/viz/ego/", "/sparql"):
        assert f"http://127.0.0.1:8123{path}" in text


# -- pages for people and interviews --------------------------------------------------------------
def _main(html: str) -> str:
    """The page without its folded RDF section."""
    return html.split('<details class="rdf"', 1)[0]


def test_person_page_says_who_they_are_first(client):
    r = client.get("/id/person/trude-andresen.3314", headers={"Accept": "text/html"})
    assert r.status_code == 200
    html, main = r.text, _main(r.text)
    who = main.split('<section class="who">', 1)[1].split("</section>", 1)[0]
    assert "Stilling" in who and "kommunedirektør" in who
    assert re.search(r"Organisasjon</dt><dd><a href=\"/id/municipality/3314\"[^>]*><bdi>Øvre Eiker</bdi>", who)
    assert "Fylke" in who and "Buskerud" in who
    # who first: the post and organisation come before the interviews, passes and projects
    order = [main.index(x) for x in ("<h1>", 'class="lead"', "Intervjuer", "Stafettpinnen", "Prosjekter og samarbeidspartnere")]
    assert order == sorted(order), order
    assert "Løp etappe 1" in main
    assert re.search(r"Ga pinnen videre til <a href=\"/id/person/anne-berit-berge-ims\.1119\"", main)
    # each fact with its evidence: a project with the words it was read from
    told = main.split('<section class="told">', 1)[1]
    assert '<q class="exact">' in told or '<mark class="exact">' in told
    # property names are Norwegian, technical nodes are folded away under RDF
    assert "id:membership/" not in main and "#ev-" not in main and "org:memberOf" not in main
    rdf = html.split('<details class="rdf"', 1)[1]
    assert "/id/membership/" in rdf and "arbeider i" in rdf and 'title="http://www.w3.org/ns/org#memberOf"' in rdf
    ego = re.search(r'href="(/viz/ego/[^"]+)"', main).group(1)
    assert ego == "/viz/ego/https%3A%2F%2Fw3id.org%2Fstafett%2Fid%2Fperson%2Ftrude-andresen.3314"


def test_ego_link_of_an_entity_page_opens_its_view(client):
    for path in ("/id/person/trude-andresen.3314", "/id/municipality/3314"):
        main = _main(client.get(path, headers={"Accept": "text/html"}).text)
        ego = re.search(r'href="(/viz/ego/[^"]+)"', main).group(1)
        view = client.get(ego)
        assert view.status_code == 200, (path, view.text[:200])
        assert "Nettverket rundt" in view.text


def test_interview_page_reads_as_the_interview(client):
    iri = interview_of(client, "Trude Andresen")
    r = client.get("/id/" + iri.split("/id/", 1)[1], headers={"Accept": "text/html"})
    assert r.status_code == 200
    main = _main(r.text)
    # title, who, stage, giver -> receiver, the fact box, the answers, in that order
    marks = ["<h1>", 'class="lead"', 'class="relay"', "Faktaboks", "Spørsmål og svar"]
    order = [main.index(m) for m in marks]
    assert order == sorted(order), order
    assert "etappe 1" in main.split("<h1>")[0]
    relay = main.split('class="relay"', 1)[1].split("</p>", 1)[0]
    assert "Trude Andresen" in relay and "Anne Berit Berge Ims" in relay and "→" in relay
    box = main.split('class="factbox"', 1)[1].split("</section>", 1)[0]
    text = re.sub(r"<[^>]+>", "", box)  # what shows; a datatype is only on hover
    assert "Innbyggere" in text and "19\u00a0117" in text and "xsd:" not in text and "^^" not in text
    # the answers under the series' questions, in the series' order, with what was found in each
    questions = re.findall(r"<h3[^>]*>([^<]+)</h3>", main.split("Spørsmål og svar", 1)[1])
    assert questions and questions[0].startswith("Hvorfor er det viktig")
    answers = main.split("Spørsmål og svar", 1)[1]
    assert "<h4>Prosjekter</h4>" in answers or "<h4>Samarbeidspartnere</h4>" in answers
    assert "#char=" not in main and "#ev-" not in main
    assert r.text.index('<details class="rdf"') > r.text.index("Spørsmål og svar")


def test_new_pages_show_hostile_names_as_text(client, person):
    """The person page, their interview page, the about and dataset pages: no markup from the data."""
    iri = interview_of(client, HOSTILE.replace("'", "\\'"))
    for path in (person, "/id/" + iri.split("/id/", 1)[1], "/om", "/datasett"):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, path
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, path
        assert re.findall(r"<script\b", r.text) == [], path
    page = client.get("/id/" + iri.split("/id/", 1)[1], headers={"Accept": "text/html"}).text
    assert "&lt;img src=x onerror=alert(2)&gt;" in _main(page)  # the hostile project, as text
    assert f"<h1><bdi>{html_escape(HOSTILE, quote=False)}</bdi></h1>" in client.get(person).text
