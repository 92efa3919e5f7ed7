"""Where a Kommunen-KG project keeps its ontology, data and built dataset."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """The folders of one checkout: ``ontology/``, ``data/`` and the built ``dist/``."""

    root: Path

    def __post_init__(self) -> None:
        # Project("some/folder") as well as Project(Path(...)): every folder below is a Path
        object.__setattr__(self, "root", Path(self.root))

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def curated_dir(self) -> Path:
        return self.data_dir / "curated"

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def dist_dir(self) -> Path:
        """``root/dist``; or ``root`` itself where it is a built dataset (``KG_PROJECT`` pointing
        at a copied ``dist/`` on a host that holds nothing else)."""
        if not (self.root / "dist").is_dir() and (self.root / "manifest.json").is_file():
            return self.root
        return self.root / "dist"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @classmethod
    def discover(cls, root: str | os.PathLike[str] | None = None) -> Project:
        """The project at ``root``, else ``$KG_PROJECT``, else the current folder or a parent
        holding ``ontology/`` and ``data/``, else the checkout this package lives in."""
        if root is not None:
            return cls(Path(root).resolve())
        env = os.environ.get("KG_PROJECT")
        if env:
            return cls(Path(env).resolve())
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if (candidate / "ontology").is_dir() and (candidate / "data").is_dir():
                return cls(candidate)
        return cls(PACKAGE_ROOT)
