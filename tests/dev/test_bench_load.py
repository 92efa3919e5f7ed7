"""The load benchmark: every way to load it compares loads the very same statements."""

from __future__ import annotations

from pathlib import Path

from kg.project import Project


def test_every_way_to_load_loads_the_same_statements(dist: Path, project: Project) -> None:
    from benchmarks import bench_load

    results = bench_load.run(dist, project.root, reps=1, log=lambda _: None)
    assert list(results) == list(bench_load.VARIANTS)
    counts = {variant: r["statements"] for variant, r in results.items()}
    assert set(map(tuple, counts.values())) == {(len((dist / "kg.nq").read_bytes().splitlines()),)}, counts
    assert all(r["seconds"] > 0 for r in results.values())
    text = bench_load.table(results)
    assert "| per graph |" in text and "different count" not in text


def test_per_graph_files_hold_each_graph(dist: Path, tmp_path: Path) -> None:
    from benchmarks import bench_load

    graphs = bench_load.split_per_graph(dist / "kg.nq", tmp_path)
    lines = (dist / "kg.nq").read_text().splitlines()
    assert sorted(graphs.values()) == sorted({line.rsplit(" ", 2)[1][1:-1] for line in lines})
    assert sum(len(Path(f).read_text().splitlines()) for f in graphs) == len(lines)
