"""Highlighted snippets: the stored text is escaped first, then the searched words are wrapped in <mark>.

Matching folds accents and case the way the index does, so "formacion" marks "Formación".
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 240
CONTEXT_BEFORE = 60


def fold(text: str) -> str:
    """Lower-case and drop accents, one character for one character (positions stay valid)."""
    return "".join(unicodedata.normalize("NFD", ch.lower())[0] if ch.strip() else ch for ch in text)


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    folded = sorted({fold(term) for term in terms if term}, key=len, reverse=True)
    if not folded:
        return None
    # A word that starts with a searched word is marked whole ("formacion" marks "formaciones").
    return re.compile(r"\b(?:" + "|".join(re.escape(term) for term in folded) + r")\w*")


def highlight(text: str, terms: list[str], *, length: int | None = SNIPPET_LENGTH) -> SafeString:
    """`text` escaped, cut to about `length` characters around the first match, matches in <mark>."""
    pattern = _pattern(terms)
    folded = fold(text)
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = pattern.search(folded) if pattern else None
        if first is not None and first.start() > CONTEXT_BEFORE:
            cut = first.start() - CONTEXT_BEFORE
            # Start after a space close to the cut; a long run without one (a link) is cut inside, so
            # the extract always reaches the first match.
            space = text.rfind(" ", max(0, cut - CONTEXT_BEFORE), cut)
            start = space + 1 if space >= 0 else cut
        end = min(len(text), start + length)
        if end < len(text):
            # End at a space, but never before the first match.
            keep = first.end() if first is not None else start
            space = text.rfind(" ", start, end)
            end = space if space > keep else end
    parts: list[str] = ["…" if start > 0 else ""]
    position = start
    if pattern is not None:
        for match in pattern.finditer(folded, start, end):
            match_end = min(match.end(), end)
            parts.append(escape(text[position : match.start()]))
            parts.append("<mark>" + escape(text[match.start() : match_end]) + "</mark>")
            position = match_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of stored text above went through escape() # nosec B308, B703


def best_snippet(texts: list[str], terms: list[str]) -> SafeString:
    """The highlighted extract of the first text that contains a searched word (else of the first text)."""
    pattern = _pattern(terms)
    candidates = [text for text in texts if text]
    for text in candidates:
        if pattern is not None and pattern.search(fold(text)):
            return highlight(text, terms)
    return highlight(candidates[0], terms) if candidates else mark_safe("")  # a constant empty string # nosec B308
