"""Translation check, run by `make check-translations` and the test suite.

    python -m config.translations check    # every Spanish entry translated, none fuzzy

Source strings are English, so English needs no catalogue (Django adds no fallback to the
default language for English variants).
"""

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def problems(language: str) -> list[str]:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    found = []
    if catalogue.metadata_is_fuzzy:
        found.append("the catalogue header is marked fuzzy, so the whole file is skipped when compiled")
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {entry.msgid!r}")
        elif entry.msgid.count("%(") != entry.msgstr.count("%("):
            found.append(f"placeholders differ: {entry.msgid!r}")
    return found


def check() -> int:
    failed = False
    for line in problems("es"):
        print(f"es: {line}")
        failed = True
    if failed:
        print("Translate these in locale/es/LC_MESSAGES/django.po (see docs/architecture.md).")
        return 1
    print("Every message is translated into Spanish.")
    return 0


if __name__ == "__main__":
    commands = {"check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python -m config.translations {{{'|'.join(commands)}}}")
    sys.exit(commands[sys.argv[1]]())
