"""Find markup that the Content-Security-Policy refuses: code or style written into the page itself.

Used on template sources (Django's tags blanked out first) and on rendered pages. What it reports:
a <script> without src (JSON data blocks excepted: browsers never run them), a <style> element, an
on*= event handler, a style= attribute, a javascript: URL, and htmx's hx-on / hx-vars attributes
(htmx evaluates those as code, and base.html turns that off).
"""

import re
from html.parser import HTMLParser

# Script types a browser does not execute, so the CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
DJANGO_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "data"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def _report(self, what: str) -> None:
        line, _column = self.getpos()
        self.problems.append(f"line {line}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        script_type = (values.get("type") or "").strip().lower()
        if tag == "script" and "src" not in values and script_type not in DATA_SCRIPT_TYPES:
            self._report("inline <script> (no src)")
        if tag == "style":
            self._report("inline <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self._report(f"event handler attribute {name}=")
            elif name == "style":
                self._report("style= attribute")
            elif name.startswith(("hx-on", "data-hx-on")) or name in {"hx-vars", "data-hx-vars"}:
                self._report(f"htmx attribute evaluated as code: {name}=")
            if name in URL_ATTRIBUTES and value and value.strip().lower().startswith("javascript:"):
                self._report(f"javascript: URL in {name}=")


def inline_code(html: str) -> list[str]:
    """Every place in `html` that needs 'unsafe-inline' (or eval) to work, as 'line N: what'."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems


def inline_code_in_template(source: str) -> list[str]:
    """The same for a Django template: tags, variables and comments become spaces, lines are kept."""
    blanked = DJANGO_SYNTAX.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), source)
    return inline_code(blanked)
