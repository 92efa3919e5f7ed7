"""The manifest of a built dataset: what a complete ``dist/`` holds and the SHA-256 of each file.

Loading, serving and pushing verify ``dist/`` against this manifest, and only against it: a
``dist/`` copied to a host without the sources is as good as the one the build wrote, while a
file cut short or changed after the build is refused before a single statement is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from kg.errors import DistError

MANIFEST = "manifest.json"

DIST_FILES = ("kg.nq", "kg.trig", "kg.ttl", "kg.jsonld", "context.jsonld", "void.ttl", MANIFEST)
"""What a complete ``dist/`` holds."""

_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (``kg.nq`` is hundreds of MB at scale)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(
    out: Path,
    *,
    generator: str,
    input_digest: str,
    statements: int,
    triples: int,
    graphs: Mapping[str, int],
) -> dict[str, Any]:
    """Hash every other file of ``out`` and write ``manifest.json`` beside them."""
    manifest: dict[str, Any] = {
        "generator": generator,
        "input_digest": input_digest,
        "statements": statements,
        "triples": triples,
        "graphs": dict(sorted(graphs.items())),
        "files": {name: file_digest(out / name) for name in DIST_FILES if name != MANIFEST},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


Opener = Callable[[str, int], int]


def read_manifest(dist: Path, opener: Opener | None = None) -> dict[str, Any]:
    """The manifest of ``dist``, or a :class:`DistError` saying what is wrong with the folder.
    ``opener`` opens names inside the folder (:func:`open_verified` passes one bound to a handle
    on the folder, so that manifest and data come from the same ``dist/``)."""
    if opener is None and not dist.is_dir():
        raise DistError(f"{dist} does not exist: run `kg build` first")
    missing = [name for name in DIST_FILES if not _is_file(dist, name, opener)]
    if missing:
        raise DistError(f"{dist} is incomplete ({', '.join(missing)} missing): run `kg build`")
    try:
        with open(dist / MANIFEST if opener is None else MANIFEST, encoding="utf-8", opener=opener) as f:
            manifest = json.loads(f.read())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DistError(f"{dist / MANIFEST} is not a manifest ({err}): run `kg build`") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise DistError(f"{dist / MANIFEST} lists no files: run `kg build`")
    return manifest


def verify_dist(dist: str | Path, files: Iterable[str] | None = None) -> dict[str, Any]:
    """Check that ``dist`` is complete and that each of ``files`` (default: every file) has the
    hash its manifest records; return the manifest. Raises :class:`DistError` naming the file."""
    dist = Path(dist)
    manifest = read_manifest(dist)
    recorded: dict[str, str] = manifest["files"]
    for name in files if files is not None else [f for f in DIST_FILES if f != MANIFEST]:
        expected = recorded.get(name)
        if expected is None:
            raise DistError(f"{dist / MANIFEST} records no hash for {name}: run `kg build`")
        if file_digest(dist / name) != expected:
            raise DistError(
                f"{dist / name} does not match its manifest (damaged, cut short or changed after the "
                f"build): nothing was loaded; run `kg build`, or copy the whole dist/ folder again"
            )
    return manifest


def _is_file(dist: Path, name: str, opener: Opener | None) -> bool:
    if opener is None:
        return (dist / name).is_file()
    try:
        os.close(opener(name, os.O_RDONLY))
    except OSError:
        return False
    return True


@contextlib.contextmanager
def open_verified(dist: str | Path, name: str = "kg.nq") -> Iterator[tuple[IO[bytes], dict[str, Any]]]:
    """``name`` of ``dist`` opened once, hashed through that handle and given back at its start,
    with the manifest: what is loaded is exactly what was verified (no window in which the file
    could change between its check and its reading), and manifest and file come from the same
    folder even while a build swaps ``dist/`` (both are opened through one handle on it)."""
    dist = Path(dist)
    for attempt in (1, 2):
        try:
            folder = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            read_manifest(dist)  # says what is wrong with the folder
            raise
        try:

            def opener(path: str, flags: int) -> int:
                return os.open(path, flags, dir_fd=folder)

            manifest = read_manifest(dist, opener)
            handle = open(name, "rb", opener=opener)  # noqa: SIM115  # closed below, after the yield
        except DistError:
            if attempt == 1:  # a build swapped dist/ between the two reads: once more
                continue
            raise
        finally:
            os.close(folder)
        break
    with handle:
        h = hashlib.sha256()
        while chunk := handle.read(_CHUNK):
            h.update(chunk)
        if h.hexdigest() != manifest["files"].get(name):
            raise DistError(
                f"{dist / name} does not match its manifest (damaged, cut short or changed after the "
                f"build): nothing was loaded; run `kg build`, or copy the whole dist/ folder again"
            )
        handle.seek(0)
        yield handle, manifest
