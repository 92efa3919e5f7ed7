"""The analysts' notebooks in ``notebooks/``: run them, render them to HTML, open them in Jupyter.

Notebooks are kept in git without outputs (nbstripout); :func:`execute_notebook` runs one top to
bottom in a fresh kernel of this Python (the project's venv) with this checkout's ``kg`` first on
the path, and :func:`render_html` writes executed copies as HTML pages for the website.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.project import Project

KERNEL = "python3"
"""The kernel the notebooks name; ``python -m ipykernel install --sys-prefix --name python3``
makes it the project venv's Python."""
CELL_TIMEOUT = 300
TEMPLATES = Path(__file__).resolve().parent
HTML_TEMPLATE = "notebook-html"
"""nbconvert's ``lab`` template without the scripts it would load from a CDN (``kg/analyst/notebook-html/``)."""
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # tracebacks come coloured


class NotebookError(KGError):
    """A notebook could not be read, or one of its cells raised."""


def notebooks_dir(project: Project | None = None) -> Path:
    return (project or Project.discover()).root / "notebooks"


def notebook_paths(project: Project | None = None) -> list[Path]:
    """The notebooks of the project, in the order of their numbered names."""
    return sorted(notebooks_dir(project).glob("*.ipynb"))


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise NotebookError(
            f"running notebooks needs {module.split('.')[0]}: install the dev extra (pip install -e '.[dev]')"
        ) from None


def _read(path: Path) -> Any:
    nbformat = _require("nbformat")

    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise NotebookError(f"{path}: cannot read the notebook ({err})") from None


def unstripped_cells(path: str | os.PathLike[str]) -> list[int]:
    """The indices of the code cells that carry outputs or an execution count (should be none
    in git: run ``nbstripout notebooks/*.ipynb``)."""
    nb = _read(Path(path))
    return [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]


def kernel_env(project: Project) -> dict[str, str]:
    """The kernel's environment: this checkout's ``kg`` before any installed copy, and the project
    named explicitly so ``kg.build()`` and ``kg.load()`` in a notebook find it."""
    paths = [str(project.root), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "KG_PROJECT": str(project.root)}


def execute_notebook(
    path: str | os.PathLike[str],
    *,
    project: Project | None = None,
    timeout: int = CELL_TIMEOUT,
    on_cell: Callable[[int, Any], None] | None = None,
) -> Any:
    """Run a notebook top to bottom in a fresh kernel (working folder: the notebook's folder) and
    return the executed notebook; raise :class:`NotebookError` naming the cell that failed.

    ``on_cell(index, cell)`` is called after each code cell while the kernel still runs, to look
    at what the notebook has done so far (a server it started, a file it wrote)."""
    NotebookClient = _require("nbclient").NotebookClient
    errors = _require("nbclient.exceptions")
    CellExecutionError, CellTimeoutError, DeadKernelError = (
        errors.CellExecutionError,
        errors.CellTimeoutError,
        errors.DeadKernelError,
    )

    nb_path = Path(path).resolve()
    proj = project or Project.discover()
    nb = _read(nb_path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(nb_path.parent)}},
    )
    if on_cell is not None:
        client.on_cell_executed = lambda cell, cell_index, **_: on_cell(cell_index, cell)
    try:
        client.execute(env=kernel_env(proj))
    except CellExecutionError as err:
        # the message holds the cell's source and the traceback; the last line says what failed
        lines = _ANSI.sub("", str(err)).strip().splitlines()
        what = lines[-1] if lines else type(err).__name__
        raise NotebookError(f"{nb_path.name}: {_failed_cell(nb)} raised {what}") from err
    except (CellTimeoutError, DeadKernelError) as err:
        raise NotebookError(f"{nb_path.name}: {type(err).__name__}: {err}") from err
    return nb


def _failed_cell(nb: Any) -> str:
    """The failed cell as a person finds it in Jupyter: its position and its ``In [n]``."""
    for i, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"cell {i} (In [{cell.get('execution_count')}])"
    return "a cell"


def render_html(
    out_dir: str | os.PathLike[str] | None = None,
    *,
    project: Project | None = None,
    paths: list[Path] | None = None,
) -> list[Path]:
    """Execute every notebook and write it as ``OUT/<name>.html`` with an ``index.html`` linking
    them (default OUT: ``site/notebooks``). Returns the pages written, the index last."""
    HTMLExporter = _require("nbconvert").HTMLExporter

    proj = project or Project.discover()
    out = Path(out_dir) if out_dir else proj.root / "site" / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    chosen = paths if paths is not None else notebook_paths(proj)
    if not chosen:
        raise NotebookError(f"no notebooks in {notebooks_dir(proj)}")
    exporter = HTMLExporter(template_name=HTML_TEMPLATE, extra_template_basedirs=[str(TEMPLATES)])
    pages: list[Path] = []
    entries = []
    for nb_path in chosen:
        nb = execute_notebook(nb_path, project=proj)
        body, _ = exporter.from_notebook_node(nb)
        page = out / f"{nb_path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        entries.append((page.name, notebook_title(nb) or nb_path.stem))
    index = out / "index.html"
    items = "\n".join(f'<li><a href="{html.escape(n)}">{html.escape(t)}</a></li>' for n, t in entries)
    index.write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Kommunen-KG notebooks</title></head>\n"
        f"<body><h1>Kommunen-KG notebooks</h1>\n<ol>\n{items}\n</ol></body></html>\n",
        encoding="utf-8",
    )
    pages.append(index)
    return pages


def notebook_title(nb: Any) -> str:
    """The text of the first Markdown heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def open_command(project: Project | None = None, *, cwd: Path | None = None) -> str:
    """The one command that opens the notebooks in JupyterLab with the project's Python."""
    proj = project or Project.discover()
    here = (cwd or Path.cwd()).resolve()
    jupyter = Path(sys.executable).parent / "jupyter"

    def show(path: Path) -> str:
        try:
            return str(path.relative_to(proj.root))
        except ValueError:
            return str(path)

    command = f"{shlex.quote(show(jupyter))} lab {shlex.quote(show(notebooks_dir(proj)))}/"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command += " --allow-root"  # JupyterLab refuses to start as root without it (CI, containers)
    return command if here == proj.root else f"cd {shlex.quote(str(proj.root))} && {command}"


__all__ = [
    "NotebookError",
    "execute_notebook",
    "kernel_env",
    "notebook_paths",
    "notebook_title",
    "open_command",
    "render_html",
    "unstripped_cells",
]
