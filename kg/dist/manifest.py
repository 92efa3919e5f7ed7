"""The manifest of a built dataset: what a complete ``dist/`` holds and the SHA-256 of each file.

Loading, serving and pushing verify ``dist/`` against this manifest, and only against it: a
``dist/`` copied to a host without the sources is as good as the one the build wrote, while a
file cut short or changed after the build is refused before a single statement is used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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


def read_manifest(dist: Path) -> dict[str, Any]:
    """The manifest of ``dist``, or a :class:`DistError` saying what is wrong with the folder."""
    if not dist.is_dir():
        raise DistError(f"{dist} does not exist: run `kg build` first")
    missing = [name for name in DIST_FILES if not (dist / name).is_file()]
    if missing:
        raise DistError(f"{dist} is incomplete ({', '.join(missing)} missing): run `kg build`")
    try:
        manifest = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
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
