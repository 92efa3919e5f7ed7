"""The event-page extractor: a programme page as text → curator-format YAML for review.

``kg extract PAGE`` reads the layouts of :mod:`~kg.curate.extract.layouts` (the measure's event
pages, the seed's layout, conference pages, untimed invitations), matches every person,
organisation and project against what the project knows (:mod:`~kg.curate.extract.matching`),
reads performer lines into people, jobs, organisations and projects
(:mod:`~kg.curate.extract.people`), gives each item a kind from the vocabulary
(:mod:`~kg.curate.extract.kinds`) and writes YAML that builds as it is
(:mod:`~kg.curate.extract.writer`), every open question a ``# AMBIGUOUS:`` comment.

The parts, in the order they run: :mod:`.page` (the text and its address note), :mod:`.dates`,
:mod:`.layouts`, :mod:`.people`, :mod:`.matching`, :mod:`.kinds`, :mod:`.writer`,
:mod:`.report`; :mod:`.event` puts them together.
"""

from kg.curate.extract.event import extract_event
from kg.curate.extract.matching import Match
from kg.curate.extract.report import QUESTION, Extraction

__all__ = ["QUESTION", "Extraction", "Match", "extract_event"]
