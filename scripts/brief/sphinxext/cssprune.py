"""Dropping CSS rules that cannot match: the theme's stylesheet once for the whole site
(brief.sphinxext.assets) and each page's own copy of its stylesheets (brief.sphinxext.firstview).

Why rules, not bytes: the stylesheets are minified, and a rule may only go as a whole, with every
selector of its group dead. Removing text by pattern inside a rule once cut Font Awesome's
grouped glyph rules (``.fa-a:before,.fa-b:before{content:…}``) in half and glued their leftover
selectors to the next rule (17 KB of dead selectors on ``.sr-only``). Why home-made: the pinned
packages have no CSS parser; these are about 80 lines for minified CSS of known shape, and
tests/test_theme_css.py checks them rule by rule.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_WORD = re.compile(r"[A-Za-z_][\w-]*")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
# Font Awesome's glyph rules: the book draws its few icons from SVG masks (brief.css).
_ICON_GLYPH = re.compile(r"\.fa-[a-z0-9-]+::?(?:before|after)")
_ICON_FONT = "Font Awesome"

Dead = Callable[[str], bool]  # True for a selector that can never match


def words(text: str) -> set[str]:
    """Every identifier-like word of a page or script: a superset of the class names in it."""
    return set(_WORD.findall(text))


def blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """(prelude, body) for each top-level block of minified CSS; body None for a trailing rest."""
    i = 0
    while i < len(css):
        start = css.find("{", i)
        if start < 0:
            yield css[i:], None
            return
        depth, end = 1, start + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        yield css[i:start], css[start + 1 : end - 1]
        i = end


def selectors(prelude: str) -> list[str]:
    """The selectors of a rule: split at commas outside parentheses (``:not(.a,.b)`` is one)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def drop_rules(css: str, dead: Dead) -> str:
    """Remove rules whose every selector is ``dead``, also inside @media/@supports/@layer;
    an at-rule block left empty goes too. Other at-rules (@font-face, @keyframes) stay."""
    kept = []
    for prelude, body in blocks(css):
        head = prelude.strip()
        if body is None:
            kept.append(prelude)
        elif head.startswith(("@media", "@supports", "@layer")):
            inner = drop_rules(body, dead)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@") or not all(dead(s) for s in selectors(prelude)):
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def drop_icon_font(css: str) -> str:
    """Without Font Awesome: its glyph rules (grouped or not) and its @font-face blocks."""
    css = drop_rules(css, lambda s: bool(_ICON_GLYPH.fullmatch(s.strip())))
    return "".join(
        prelude if body is None else f"{prelude}{{{body}}}"
        for prelude, body in blocks(css)
        if not (prelude.strip() == "@font-face" and body and _ICON_FONT in body)
    )


def needs_unnamed_class(named: set[str]) -> Dead:
    """A selector test: True when the selector needs a class that is not in ``named``.
    Classes inside :not()/:is()/:where() and attribute values do not count (they do not make
    a selector need them); escaped selectors always stay."""

    def dead(selector: str) -> bool:
        if "\\" in selector:
            return False
        plain, previous = selector, None
        while plain != previous:
            previous, plain = plain, _BRACKETS.sub("", plain)
        return any(name not in named for name in _CLASS.findall(plain))

    return dead
