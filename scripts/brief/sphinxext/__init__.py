"""The Sphinx layer: the book's local Sphinx extensions and what they write into the built site.

Nothing here computes a figure; the pipeline modules one level up (data, zahlen, charts, …) do,
and chapter cells never import from here.
"""
