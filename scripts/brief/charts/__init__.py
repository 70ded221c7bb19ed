"""Every figure of the book, one module per chapter, built from the loaded data tables.

- ``base``: the registry (``FIGURES``, ``@figure``), ``Plot``, row selection and ``build()``,
  which adds title, source line and the ``usermeta`` that ``brief.render`` turns into the
  figure block; ``glue_figure()`` is what a chapter cell calls.
- ``marks``: chart pieces shared by the chapters (value labels, highlight buttons, bars).
- ``index``, ``markt``, ``autonomie``, ``daseinsvorsorge``, ``raum`` (and ``raum_orte``): the
  figures of that chapter (book/<name>.md). To change a figure, open its chapter's module.

Texts that mention figures are composed from the data with ``brief.fmt``, never typed, so the
chart, its alt text and the prose always agree. Tooltips show the same pre-formatted labels.
"""

# Importing the chapter modules registers their figures in FIGURES.
from brief.charts import autonomie, daseinsvorsorge, index, markt, raum, raum_orte  # noqa: F401
from brief.charts.base import (
    FIGURES,
    Figure,
    Plot,
    build,
    figure,
    glue_figure,
    pick,
    selected,
    source_line,
    table_rows,
)

__all__ = [
    "FIGURES", "Figure", "Plot", "build", "figure", "glue_figure", "pick", "selected",
    "source_line", "table_rows",
]
