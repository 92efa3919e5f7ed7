"""kg serve: a real Oxigraph server behind the front server, on random loopback ports."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import kg
from kg.errors import EndpointError, ServeError
from kg.vocab import GRAPH_BASE
from kg.web.serve import Server, remove_abandoned_stores
from tests.conftest import ROOT, PageWatch, run_kg

TOKEN = "serve-test-token-5"
SITE_ORIGIN = "https://kommunen.example"


def request(
    url: str, *, method: str = "GET", data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    (folder / "index.html").write_text("<html><body>Kommunen-KG network</body></html>")
    (folder / "data").mkdir()
    (folder / "data" / "graph.json").write_text('{"nodes": []}')
    return folder


@pytest.fixture(scope="module")
def writable(dist: Path, site: Path):
    """A writable server with a website and one allowed origin."""
    with Server(dist, port=0, writable=True, token=TOKEN, cors_origins=[SITE_ORIGIN], site=site) as server:
        yield server


# ---------------------------------------------------------------- the endpoint


def test_named_graphs_and_their_union_are_queryable(served, graph) -> None:
    remote = kg.connect(served.query_url)
    # through the plain protocol, without kg.remote's dataset parameters
    status, _, body = request(
        served.query_url,
        method="POST",
        data=form(query="SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        headers={**FORM, **JSON},
    )
    union = graph.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").rows[0][0]
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(union)
    in_graphs = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert int(in_graphs) == len(graph)
    assert remote.graph_names() == graph.graph_names()
    assert any(g.startswith(GRAPH_BASE) for g in remote.graph_names())


def test_query_editor_is_ours_and_oxigraphs_is_not_shown(served) -> None:
    status, _, body = request(served.url, headers={"Accept": "text/html"})  # no website: / leads to it
    assert status == 200 and b'url=editor/index.html"' in body
    status, _, body = request(served.editor_url, headers={"Accept": "text/html"})
    assert status == 200 and b"<title>SPARQL-Abfrage \xc2\xb7 Kommunen-KG</title>" in body
    assert request(served.editor_url + "editor.js")[0] == 200
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    conn.request("GET", "/editor")  # its relative links need the folder's slash
    answer = conn.getresponse()
    assert answer.status == 301 and answer.getheader("Location") == "/editor/"
    conn.close()
    for oxigraphs in ("yasgui.min.js", "yasgui.min.css", "logo.svg"):  # its editor fetches other sites
        assert request(served.url + oxigraphs)[0] == 404


def test_forwarded_answers_carry_one_set_of_headers(served) -> None:
    with urllib.request.urlopen(served.query_url + "?query=ASK%7B%7D", timeout=30) as response:
        assert len(response.headers.get_all("Server")) == 1
        assert len(response.headers.get_all("Date")) == 1
        assert response.headers["Content-Type"].startswith("application/sparql-results")


def test_a_broken_request_is_answered_not_crashed(served) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
        conn.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        assert conn.recv(100).split(b"\r\n")[0].endswith(b" 400 Bad Request")
    assert kg.connect(served.query_url).query("ASK { ?s ?p ?o }").boolean is True


def test_addresses_name_every_entry_point(served) -> None:
    text = served.addresses()
    for address in (served.query_url, served.store_url, served.editor_url):
        assert address in text
    assert "refused (read-only" in text


# ---------------------------------------------------------------- security


def test_read_only_by_default(served) -> None:
    status, _, body = request(served.update_url, method="POST", data=form(update="CLEAR ALL"), headers=FORM)
    assert status == 403 and b"read-only" in body
    status, _, _ = request(
        served.query_url,
        method="POST",
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 403
    graph_url = served.store_url + "?graph=" + urllib.parse.quote(GRAPH_BASE + "difu")
    status, _, _ = request(
        graph_url, method="PUT", data=b"", headers={"Content-Type": "application/n-triples"}
    )
    assert status == 403
    status, _, _ = request(graph_url, method="DELETE")
    assert status == 403
    status, _, body = request(graph_url, headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count(b"\n") > 5  # reading a graph is fine


def test_writes_need_the_token(writable, graph) -> None:
    insert = form(update="INSERT DATA { GRAPH <urn:kg-test:scratch> { <urn:a> <urn:b> <urn:c> } }")
    assert request(writable.update_url, method="POST", data=insert, headers=FORM)[0] == 401
    wrong = {**FORM, "Authorization": "Bearer not-the-token"}
    assert request(writable.update_url, method="POST", data=insert, headers=wrong)[0] == 401
    right = {**FORM, "Authorization": f"Bearer {TOKEN}"}
    assert request(writable.update_url, method="POST", data=insert, headers=right)[0] in (200, 204)
    drop = form(update="DROP GRAPH <urn:kg-test:scratch>")
    assert request(writable.update_url, method="POST", data=drop, headers=right)[0] in (200, 204)


def test_push_to_a_writable_kg_serve_with_the_token(writable, dist, project, graph, monkeypatch) -> None:
    monkeypatch.delenv("KG_ENDPOINT_TOKEN", raising=False)
    with pytest.raises(EndpointError, match="HTTP 401"):
        kg.connect(writable.query_url).push(dist, project=project)
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", TOKEN)
    remote = kg.connect(writable.query_url)
    remote.push(dist, project=project)
    assert len(remote) == len(graph)


def test_writable_without_a_token_does_not_start(dist, monkeypatch) -> None:
    monkeypatch.delenv("KG_SERVE_TOKEN", raising=False)
    done = run_kg("--dist", str(dist), "serve", "--port", "0", "--writable")
    assert done.returncode == 1 and "set the environment variable KG_SERVE_TOKEN" in done.stderr


# ---------------------------------------------------------------- CORS


def test_cross_origin_only_for_listed_origins(writable, served) -> None:
    query = writable.query_url + "?query=" + urllib.parse.quote("ASK {}")
    _, headers, _ = request(query, headers={**JSON, "Origin": SITE_ORIGIN})
    assert headers.get("Access-Control-Allow-Origin") == SITE_ORIGIN
    _, headers, _ = request(query, headers={**JSON, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    _, headers, _ = request(served.query_url + "?query=ASK%7B%7D", headers={**JSON, "Origin": SITE_ORIGIN})
    assert "Access-Control-Allow-Origin" not in headers  # none listed: none allowed


def test_preflight(writable) -> None:
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = request(writable.query_url, method="OPTIONS", headers={**ask, "Origin": SITE_ORIGIN})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == SITE_ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = request(
        writable.query_url, method="OPTIONS", headers={**ask, "Origin": "https://evil.example"}
    )
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_cors_origin_must_be_an_origin(dist) -> None:
    done = run_kg("--dist", str(dist), "serve", "--port", "0", "--cors-origin", "kommunen.example/path")
    assert done.returncode == 1 and "--cors-origin takes an origin" in done.stderr


# ---------------------------------------------------------------- the website beside it


def test_site_is_served_beside_the_endpoint(writable) -> None:
    status, headers, body = request(writable.url)
    assert (
        status == 200 and b"Kommunen-KG network" in body and headers["Content-Type"].startswith("text/html")
    )
    status, headers, body = request(writable.url + "data/graph.json")
    assert status == 200 and body == b'{"nodes": []}'
    assert request(writable.url + "missing.html")[0] == 404
    assert request(writable.url + "..%2f..%2fetc%2fpasswd")[0] == 404
    # a website without the editor's pages (kg site writes them): kg serve's own are served
    status, _, body = request(writable.editor_url, headers={"Accept": "text/html"})
    assert status == 200 and b"SPARQL-Abfrage" in body
    assert "website" in writable.addresses()


def test_query_editor_runs_a_query_in_chromium(writable, browser) -> None:
    # the session's Chromium (tests/conftest.py): a second Playwright in the same process would
    # refuse to start while the first one runs
    w = PageWatch(browser, writable.url.rstrip("/"))
    try:
        w.page.goto(writable.editor_url)
        w.page.fill(
            "#ed-query",
            "SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name",
        )
        w.page.click("#ed-run")  # no PREFIX line: the editor declares what kg query predeclares
        w.page.locator("#ed-output td", has_text="Thomas Klie").first.wait_for(timeout=30_000)
        assert w.left_origin() == []
    finally:
        w.close()


# ---------------------------------------------------------------- start and stop


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_cli_prints_addresses_and_stops_without_orphans(dist, stop) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "--dist", str(dist), "serve", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    location = None
    try:
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        text = "".join(lines)
        assert "SPARQL query" in text and "query editor" in text, text + (
            proc.stderr.read() if proc.stderr else ""
        )
        query_url = next(word for word in text.split() if word.endswith("/query"))
        assert kg.connect(query_url).query("ASK { ?s a schema:Person }").boolean is True

        backend = children(proc.pid)
        assert len(backend) == 1
        cmdline = Path(f"/proc/{backend[0]}/cmdline").read_bytes().split(b"\0")
        location = Path(cmdline[cmdline.index(b"--location") + 1].decode())
        assert location.is_dir()

        proc.send_signal(stop)
        code = proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while alive(backend[0]) and time.monotonic() < deadline:
            time.sleep(0.1)  # the kernel may take a moment to end it
        assert not alive(backend[0]), "oxigraph outlived kg serve"
        if stop != signal.SIGKILL:  # a killed process cannot clean up; the server still dies with it
            assert code == 0 and "stopped" in proc.stdout.read()
            assert not location.parent.exists(), "the store folder was left behind"
        else:  # the next start removes what the killed one left behind
            assert location.parent.exists()
            assert location.parent in remove_abandoned_stores()
            assert not location.parent.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if location is not None:
            shutil.rmtree(location.parent, ignore_errors=True)


def test_port_taken_is_a_clear_error(dist) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = run_kg("--dist", str(dist), "serve", "--port", str(port))
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is taken" in done.stderr and "--port" in done.stderr


def test_server_api_refuses_a_taken_port_without_leftovers(dist, served) -> None:
    tmp = Path(tempfile.gettempdir())
    before = set(tmp.glob("kg-serve-*"))
    with pytest.raises(ServeError, match="is taken"):
        Server(dist, port=served.port).start()
    assert set(tmp.glob("kg-serve-*")) == before


def test_missing_dist_is_a_clear_error(tmp_path) -> None:
    done = run_kg("--dist", str(tmp_path / "nothing"), "serve", "--port", "0")
    assert done.returncode == 1 and "does not exist: run `kg build` first" in done.stderr


def test_stale_dist_is_a_clear_error(project_copy, dist) -> None:
    curated = project_copy.curated_dir / "difu.ttl"
    curated.write_text(curated.read_text() + "\n# edited after the build\n")
    done = run_kg("--project", str(project_copy.root), "--dist", str(dist), "serve", "--port", "0")
    assert done.returncode == 1 and "older than the ontology or data" in done.stderr
