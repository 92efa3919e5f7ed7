"""Tables of municipalities as CSV: comment lines give the source, the header names keys of the
curator format's ``municipalities`` section, each row is one entry read like YAML."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from kg.errors import BuildError, Problem
from kg.sources.curator import CuratorReader
from kg.sources.document import SourceDocument, read_source_text


def read_municipality_table(path: Path, display: str, graph: str) -> SourceDocument:
    """Read a table of municipalities (CSV) like ``data/sources/municipalities.csv``.

    Comment lines on top give the source block (``# address: …``, ``# title: …``,
    ``# retrieved: …``); the header names keys of the ``municipalities`` section (``_`` may stand
    for ``-``); each row is one entry. Problems name the row's line and column's key.
    """
    text = read_source_text(path, display)
    reader = CuratorReader(path, display, graph, text)
    lines = text.split("\n")

    def scalar(value: str, line: int, column: int = 0) -> yaml.ScalarNode:
        mark = yaml.Mark(display, 0, line, column, None, None)
        tag = "tag:yaml.org,2002:null" if value == "" else "tag:yaml.org,2002:str"
        return yaml.ScalarNode(tag, value, start_mark=mark, end_mark=mark)

    def mapping(pairs: list[tuple[yaml.ScalarNode, yaml.Node]], line: int) -> yaml.MappingNode:
        mark = yaml.Mark(display, 0, line, 0, None, None)
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, start_mark=mark, end_mark=mark)

    source: list[tuple[yaml.ScalarNode, yaml.Node]] = []
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        key, sep, value = lines[start].lstrip("#").partition(":")
        if sep and key.strip():
            source.append((scalar(key.strip(), start), scalar(value.strip(), start)))
        start += 1
    rows = list(csv.reader(lines[start:]))
    if not rows:
        raise BuildError(
            [Problem(display, start + 1, "the table has no header line such as 'ags,name,kind,…'")]
        )
    header = [h.strip().replace("_", "-") for h in rows[0]]
    entries: list[yaml.Node] = []
    for offset, row in enumerate(rows[1:], start=1):
        line = start + offset
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            reader.problem(
                line + 1,
                f"this row has {len(row)} cells but the header names {len(header)}: check the commas",
            )
            continue
        pairs = [(scalar(k, line), scalar(v.strip(), line)) for k, v in zip(header, row, strict=True)]
        entries.append(mapping(pairs, line))
    seq_mark = yaml.Mark(display, 0, start, 0, None, None)
    root = mapping(
        [
            (scalar("source", 0), mapping(source, 0)),
            (
                scalar("municipalities", start),
                yaml.SequenceNode("tag:yaml.org,2002:seq", entries, start_mark=seq_mark, end_mark=seq_mark),
            ),
        ],
        0,
    )
    if not source:
        root.value.pop(0)
    return reader.read_root(root)
