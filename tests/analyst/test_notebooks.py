"""The notebooks run top to bottom in a real kernel, are stored without outputs, and render to HTML."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kg.analyst.notebooks import (
    NotebookError,
    execute_notebook,
    notebook_paths,
    open_command,
    render_html,
    unstripped_cells,
)
from kg.project import Project
from tests.conftest import ROOT, run_kg

NOTEBOOKS = notebook_paths(Project(ROOT))


def _write(path: Path, *sources: str) -> Path:
    cells = [new_markdown_cell("# A small notebook")] + [new_code_cell(s) for s in sources]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernel}), path)
    return path


def test_the_showcase_notebooks_are_there() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert {
        "01-tour.ipynb",
        "02-network-analysis.ipynb",
        "03-programme-timeline.ipynb",
        "04-municipalities-map.ipynb",
        "05-endpoint.ipynb",
    } <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, project: Project) -> None:
    nb = execute_notebook(path, project=project)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    # the notebooks use the public API only: no function or class defined in a cell
    assert not [c.source for c in code if "def " in c.source or "class " in c.source]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    assert unstripped_cells(path) == [], f"run: nbstripout {path.relative_to(ROOT)}"


def test_unstripped_cells_finds_outputs_and_execution_counts(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.ipynb", "1 + 1", "x = 2")
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    ]
    nb.cells[2].execution_count = 2
    nbformat.write(nb, path)
    assert unstripped_cells(path) == [1, 2]


def test_a_cell_that_raises_fails_the_notebook_naming_the_cell(tmp_path: Path, project: Project) -> None:
    path = _write(tmp_path / "broken.ipynb", "x = 1", "1 / 0")
    with pytest.raises(
        NotebookError, match=r"^broken.ipynb: cell 3 \(In \[2\]\) raised ZeroDivisionError: division by zero$"
    ):
        execute_notebook(path, project=project)


def test_an_unreadable_notebook_is_a_notebook_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(NotebookError, match=r"bad\.ipynb: cannot read"):
        unstripped_cells(path)


def test_on_cell_sees_each_code_cell_while_the_kernel_runs(tmp_path: Path, project: Project) -> None:
    marker = tmp_path / "kernel.pid"
    path = _write(
        tmp_path / "watched.ipynb",
        f"import os, pathlib\npathlib.Path({str(marker)!r}).write_text(str(os.getpid()))",
        "x = 2",
    )
    seen: list[tuple[int, str, bool]] = []

    def watch(index: int, cell: Any) -> None:
        pid = int(marker.read_text())
        seen.append((index, cell.source.split()[0], Path(f"/proc/{pid}").exists()))

    execute_notebook(path, project=project, on_cell=watch)
    # markdown cells are not reported; the kernel is alive at each report and gone afterwards
    assert seen == [(1, "import", True), (2, "x", True)]
    assert not Path(f"/proc/{marker.read_text()}").exists()


def _oxigraph_processes(marker: str) -> list[int]:
    """Oxigraph processes whose environment carries ``marker`` (children inherit it from the kernel)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if proc.joinpath("comm").read_text().strip() != "oxigraph":
                continue
            if marker.encode() in proc.joinpath("environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found


def test_endpoint_notebook_stops_its_server(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # Watched cell by cell while the kernel still runs: the notebook's Oxigraph must be running
    # after the start and gone after the last cell, stopped by the notebook (not by the kernel's
    # end, which would kill it anyway).
    marker = f"KG_TEST_NOTEBOOK_RUN={uuid.uuid4().hex}"
    monkeypatch.setenv(*marker.split("=", 1))
    running: list[int] = []
    nb = execute_notebook(
        ROOT / "notebooks" / "05-endpoint.ipynb",
        project=project,
        on_cell=lambda index, cell: running.append(len(_oxigraph_processes(marker))),
    )
    assert max(running) == 1, running
    assert running[-1] == 0, "the notebook left its oxigraph server running"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    text = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "the same answers on the server: True" in text
    assert "different" not in text


def test_kernel_imports_kg_of_this_checkout(tmp_path: Path, project: Project) -> None:
    path = _write(
        tmp_path / "where.ipynb", "import kg, pathlib\nprint(pathlib.Path(kg.__file__).parent.parent)"
    )
    nb = execute_notebook(path, project=project)
    assert nb.cells[1].outputs[0].text.strip() == str(ROOT)


def test_render_html_writes_executed_pages_and_an_index(tmp_path: Path, project: Project) -> None:
    path = _write(tmp_path / "small.ipynb", "print(6 * 7)")
    pages = render_html(tmp_path / "out", project=project, paths=[path])
    assert [p.name for p in pages] == ["small.html", "index.html"]
    page = pages[0].read_text(encoding="utf-8")
    assert "42" in page and "print" in page
    index = pages[1].read_text(encoding="utf-8")
    assert '<a href="small.html">A small notebook</a>' in index
    # the source notebook is left as it was: outputs go to the HTML only
    assert unstripped_cells(path) == []
    # nothing from a CDN (nbconvert's lab template would load require.js and MathJax)
    assert "cdnjs" not in page and '<script src="http' not in page


def test_rendered_notebook_draws_the_network_offline(
    tmp_path: Path, project: Project, watch, web_root
) -> None:
    folder, _ = web_root
    path = _write(
        tmp_path / "net.ipynb",
        "import kg\nfrom kg.web import viz\n\nkg.build()\nviz.notebook_frame(kg.ego(kg.load(), 'Birgit Böhm', view='collaboration'))",
    )
    page = render_html(folder / "notebooks", project=project, paths=[path])[0]
    w = watch()
    w.page.goto(page.as_uri())
    inner = w.page.wait_for_selector("iframe.kgnet-frame").content_frame()
    assert inner is not None
    inner.wait_for_function("() => Object.values(window.kgNetworks || {}).some(s => s.settled !== null)")
    # the names the network draws (its script places the labels itself, so vis-network's own
    # nodes carry none)
    labels = inner.evaluate(
        "() => { const s = Object.values(window.kgNetworks)[0];"
        " return JSON.parse(document.getElementById(s.id + '-data').textContent).nodes.map(n => n.label) }"
    )
    assert "Birgit Böhm" in labels and "Thomas Klie" in labels
    assert w.errors() == []
    assert w.left_origin() == []


def test_open_command_names_jupyter_lab_and_the_notebooks_folder(project: Project) -> None:
    command = open_command(project, cwd=project.root).removesuffix(" --allow-root")
    assert command.endswith(" lab notebooks/")
    assert open_command(project, cwd=project.root).endswith(" --allow-root") == (os.geteuid() == 0)
    assert "jupyter" in command.split()[0]
    elsewhere = open_command(project, cwd=Path("/"))
    assert elsewhere.startswith(f"cd {project.root} && ")


def test_cli_notebooks_prints_the_open_command() -> None:
    result = run_kg("notebooks")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().removesuffix(" --allow-root").endswith("lab notebooks/")


def test_cli_notebooks_html_renders_into_the_folder_given(tmp_path: Path) -> None:
    # a project with one small notebook keeps this test quick; the real ones run above
    for name in ("ontology", "data"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "notebooks").mkdir()
    _write(tmp_path / "notebooks" / "01-small.ipynb", "print('rendered')")
    result = run_kg("--project", str(tmp_path), "notebooks", "--html", "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(tmp_path / "site" / "01-small.html"),
        str(tmp_path / "site" / "index.html"),
    ]
    assert "rendered" in (tmp_path / "site" / "01-small.html").read_text(encoding="utf-8")


def test_notebooks_name_the_project_kernel() -> None:
    for path in NOTEBOOKS:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert meta["kernelspec"]["name"] == "python3", path.name
