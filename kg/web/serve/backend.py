"""The Oxigraph server process behind the front server: loaded, started, watched and stopped.

The Oxigraph server (the ``oxigraph`` binary of the PyPI package of that name; Rust, no Java) holds
a fresh store loaded from ``dist/kg.nq`` with its named graphs and their merge as default graph
(:mod:`kg.sparql.merge`: each triple once; ``GRAPH`` reaches each source), and listens on a private loopback
port that only the front server talks to. Its own query timeout is a little longer than the front
server's, so a query the front server gave up on is also cancelled inside Oxigraph.

Stopping ends Oxigraph's whole process group and removes the store folder. Should the kg process
be killed outright, the kernel ends Oxigraph too (Linux), and the next start removes the store
folder (and its lock) that was left behind.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.errors import ServeError
from kg.sparql.merge import dist_merge_update

WORKDIR_PREFIX = "kg-serve-"
"""Temporary store folders are named so; each holds ``owner.pid``, the pid of its kg process."""

BACKEND_GRACE = 1.0
"""Seconds Oxigraph's own timeout runs past the front server's: the front server answers first
(a clean error), Oxigraph then cancels the evaluation."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: beside this Python (the venv's ``bin/``), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError(
            "the oxigraph server is not installed: run `pip install oxigraph` (or ./scripts/setup.sh)"
        )
    return found


def remove_abandoned_stores() -> list[Path]:
    """Delete store folders (and their lock files) left by a kg serve that was killed outright:
    those whose owner process no longer exists."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        try:
            pid = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except PermissionError:
            pass  # another user's live process
    return removed


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the parent dies (Linux), so no orphan survives."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Backend:
    """One Oxigraph server over a fresh copy of ``dist/kg.nq`` on a private loopback port."""

    def __init__(self, dist: Path, *, writable: bool, timeout: float | None) -> None:
        self.dist = dist
        self.writable = writable
        self.timeout = timeout
        self.workdir: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self) -> None:
        """Load the store and start the server; a clear error when either fails."""
        try:
            remove_abandoned_stores()
            self.workdir = Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
            (self.workdir / "owner.pid").write_text(str(os.getpid()))
            self._load()
            self._start()
        except BaseException:
            self.stop()
            raise

    def _load(self) -> None:
        assert self.workdir is not None
        done = subprocess.run(
            [
                oxigraph_binary(),
                "load",
                "--location",
                str(self.workdir / "store"),
                "--file",
                str(self.dist / "kg.nq"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode == 0:  # the default graph: the merge of the source graphs, a set
            done = subprocess.run(
                [oxigraph_binary(), "update", "--location", str(self.workdir / "store")],
                input=dist_merge_update(self.dist),
                capture_output=True,
                text=True,
                timeout=600,
            )
        if done.returncode != 0:
            raise ServeError(f"oxigraph could not load {self.dist / 'kg.nq'}: {done.stderr.strip()[-500:]}")

    def command(self) -> list[str]:
        """The ``oxigraph serve`` command line for the current port."""
        assert self.workdir is not None
        cmd = [
            oxigraph_binary(),
            "serve" if self.writable else "serve-read-only",
            "--location",
            str(self.workdir / "store"),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        if self.timeout:
            cmd += ["--timeout-s", str(math.ceil(self.timeout + BACKEND_GRACE))]
        return cmd

    def _start(self) -> None:
        assert self.workdir is not None
        log = self.workdir / "oxigraph.log"
        for _attempt in range(3):  # a private port can be taken between choosing and binding it
            self.port = free_port()
            with log.open("wb") as out:
                self.process = subprocess.Popen(
                    self.command(),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches kg, which stops the group in order
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            if self._wait_ready():
                return
        raise ServeError(f"the oxigraph server did not start: {log.read_text(errors='replace')[-500:]}")

    def _wait_ready(self, limit: float = 30.0) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request(
                    "GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
                )
                ok = conn.getresponse().status == 200
                conn.close()
                if ok:
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        self._kill()
        return False

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """End Oxigraph's process group and remove the store folder. Safe to repeat."""
        self._kill()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _kill(self) -> None:
        proc, self.process = self.process, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        else:
            proc.wait()
