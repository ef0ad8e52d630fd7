"""Markdown to safe HTML: Python-Markdown renders, raw HTML is never passed through, nh3 sanitises.

Used for forum posts (and later messages and practices). Links get rel="nofollow ugc noopener".
"""

import re
import threading
from html import escape

import markdown
import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PATTERN = re.compile(r"<a\s[^>]*href=", re.IGNORECASE)


class _NoRawHtml(markdown.Extension):
    """Treat raw HTML in the source as text: it is escaped, not interpreted."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images come only from our own uploads: an outside image would tell a third party who reads.
    if tag == "img" and attribute == "src" and not value.startswith(settings.MEDIA_URL):
        return None
    return value


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread, reset before each use (Python-Markdown's documented way to
    convert many texts: building the instance and its extensions is most of the cost of a short text;
    an instance keeps state while converting, so threads do not share one)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=[_NoRawHtml(), "fenced_code", "tables", "sane_lists", "nl2br"],
            output_format="html",
        )
    return converter


def _to_html(text: str) -> str:
    try:
        return _converter().reset().convert(text)
    except RecursionError:
        # Nesting deeper than the parser's recursion ("- - - - … x", "> > > …"): drop the converter,
        # whose block state the error left half-built, and show the text as written, escaped.
        _local.converter = None
        return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    except BaseException:
        _local.converter = None  # never reuse a converter a failure left in the middle of a text
        raise


def render_markdown(text: str) -> str:
    html = _to_html(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )


def count_links(html: str) -> int:
    return len(LINK_PATTERN.findall(html))
