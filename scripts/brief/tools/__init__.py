"""Tools around the built book: the strict build command, Chromium, PDF, slides, benchmark,
vendored browser files. Each runs from the command line (``python -m brief.tools.<name>``,
see the Makefile); chapter cells never import from here.
"""
