"""Code behind the policy brief "Souveräne Smart City".

The package is small on purpose: each module has one job.

- ``brief.paths``: where the repository's folders are.
- ``brief.data``: load the curated tables from ``data/`` and refuse bad input with one clear error.
- ``brief.fmt``: format numbers the German way; used by prose and charts alike.
- ``brief.numbers``: the named figures that the chapter text quotes through the ``{zahl}`` role.
- ``brief.sphinx``: the local Sphinx extension (roles, data downloads, page tweaks).
"""
