"""Replacing ``dist/`` so that it never vanishes and two builds never collide.

* **One build at a time.** :func:`build_lock` takes an exclusive ``fcntl.flock`` on
  ``.dist.lock`` beside the target; a second build is refused at once with a message naming the
  process that holds it (the kernel releases the lock when that process ends, even by
  ``kill -9``: a lock file left behind never blocks a later build).
* **No window without dist/.** The new folder is written beside the target and swapped in with
  ``renameat2(RENAME_EXCHANGE)`` (Linux ≥ 3.15, through ``ctypes``): one system call exchanges the
  two names, so every reader sees either the old or the new ``dist/``, never none. Where the
  call is missing (another system, or a file system that cannot exchange, ``EINVAL``) the swap
  falls back to two renames; a kill between them leaves ``.dist.old-*`` beside the missing
  target, and the next build puts it back before anything else (:func:`clean_leftovers`).
* **No leftovers.** Temporary folders of killed builds (``.dist.tmp-*``, ``.dist.old-*``) are
  removed by the next build, which holds the lock, so no running build owns them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from kg.errors import DistError

RENAME_EXCHANGE = 2
"""``linux/fs.h``: atomically exchange the two names."""

_AT_FDCWD = -100


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> bool:
    """Exchange the names ``a`` and ``b`` in one step; ``False`` where the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    rc = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def leftover_name(target: Path, kind: str) -> Path:
    """``.dist.tmp-<pid>`` / ``.dist.old-<pid>`` beside ``target``."""
    return target.parent / f".{target.name}.{kind}-{os.getpid()}"


def replace_dir(new: Path, target: Path) -> None:
    """Make ``new`` the folder at ``target``; ``target`` is never missing if it existed before."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if exchange(new, target):
        remove_tree(new)  # now the old dist/
        return
    # the documented fallback: two renames; a kill between them is repaired by the next build
    old = leftover_name(target, "old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    remove_tree(old)


def remove_tree(path: Path) -> None:
    """Remove a folder this build made (a seam the kill tests use)."""
    shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(target: Path) -> list[Path]:
    """Under the build lock: put back a ``dist/`` that a kill between the fallback's two renames
    left aside, then remove the temporary folders of killed builds. Returns what was removed."""
    parent = target.parent
    if not parent.is_dir():
        return []
    olds = sorted(parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    if olds and not target.exists() and not target.is_symlink():
        os.rename(olds.pop(0), target)
    removed = []
    for path in [*parent.glob(f".{target.name}.tmp-*"), *olds]:
        if path.is_dir() and not path.is_symlink():
            remove_tree(path)
            removed.append(path)
    return removed


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold the build lock of ``target`` or raise :class:`DistError` naming who holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(target)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            raise DistError(
                f"another build of {target} is running (process {holder}, lock {path}): "
                "wait for it to finish, then build again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
