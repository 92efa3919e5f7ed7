"""Errors a user can act on. The CLI prints each as one line (or one line per problem)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KGError(Exception):
    """Base of every error Kommunen-KG raises on purpose; its message is meant for a user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class BuildError(KGError):
    """The build found problems; nothing in ``dist/`` was changed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        head = f"build failed with {len(self.problems)} problem(s); dist/ was left as it was"
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in self.problems))


class DistError(KGError):
    """The built dataset is missing, incomplete or older than its inputs."""


class QueryError(KGError):
    """A query could not be run: unknown name, bad syntax, missing binding, server refusal."""


class EndpointError(QueryError):
    """A SPARQL server could not be reached, refused a request, or answered something unusable."""


class PushError(EndpointError):
    """A push stopped; ``replaced`` lists the graphs already swapped in (all others are unchanged)."""

    def __init__(self, message: str, replaced: list[str] | None = None):
        self.replaced = list(replaced or [])
        super().__init__(message)


class ServeError(KGError):
    """``kg serve`` cannot start: port taken, server binary missing, server exited."""


def relative(path: Path, root: Path) -> str:
    """A path as a user would type it from the project root."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
