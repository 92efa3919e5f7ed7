"""The package face: an explicit public API that shadows no room and carries no test helpers."""

from __future__ import annotations

import importlib
import pkgutil

import kg


def test_no_public_name_shadows_a_room() -> None:
    rooms = {m.name for m in pkgutil.iter_modules(kg.__path__)} - {"__main__"}
    assert rooms, "no subpackages found"
    assert not rooms & set(kg.__all__), "a public name hides a submodule of the same name"
    for room in rooms:
        module = importlib.import_module(f"kg.{room}")
        assert module.__doc__, f"kg.{room} has no docstring saying what the room is for"


def test_every_public_name_resolves() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_no_test_or_benchmark_helpers_in_the_public_api() -> None:
    assert not [n for n in kg.__all__ if "synth" in n.lower() or n.startswith("bench")]
