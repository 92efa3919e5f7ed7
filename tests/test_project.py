"""Where a project keeps its folders."""

from __future__ import annotations

from pathlib import Path

import kg
from kg.project import Project


def test_project_from_a_string_path_gives_paths(project: Project, dist: Path) -> None:
    # regression: Project("folder") kept a str root, and its dist_dir failed on str / str
    p = Project(str(project.root))
    assert p == Project(project.root)
    assert p.dist_dir == Path(project.root) / "dist"
    assert p.shapes_file.is_file()
    assert kg.KnowledgeGraph.from_dist(dist, project=p).query("sources").rows
