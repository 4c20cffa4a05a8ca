"""Does an image's metadata field name a person? Judged on short property values, not prose.

Cameras, photo libraries and editors write people into metadata: the
photographer (EXIF Artist, IPTC By-line, XMP creator), whoever wrote the
caption, a contact, the people tagged in the picture (IPTC keywords, XMP
PersonInImage). Organisations sit in the same fields ("Northshire County
Council", "© Northshire Police"), and those are not personal data. These
helpers tell the two apart well enough to decide between an error (a person)
and a warning (an organisation or a single word foilog cannot place).

Free text (captions, keywords) is judged more carefully: a name after a title
("Mr Oliver Pendleton"), or a common given name followed by a surname that is
not a street, building or organisation ("Oliver Pendleton at the scene", but
not "Victoria Station" or "Grace Road").
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from foilog.gate.attachments._common import names_person

_WORDS_FILE = Path(__file__).with_name("people_words.yml")


@functools.cache
def _lists() -> dict[str, frozenset[str]]:
    """The word lists of ``people_words.yml`` (organisation words, place words, common UK given names)."""
    data = yaml.safe_load(_WORDS_FILE.read_text("utf-8"))
    return {key: frozenset(str(w) for w in data[key]) for key in ("organisation_words", "place_words", "given_names")}


#: Common given names in the UK (ONS baby-name lists across generations): enough to tell

_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*"
_GIVEN_AND_SURNAME = re.compile(rf"\b({_WORD})[ \t]+(?:[A-Z]\.?[ \t]+)?({_WORD})\b")
_COPYRIGHT = re.compile(r"(?i)©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b(?:19|20)\d\d\b|[,;:/|]")


def _words(value: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", value)


def is_organisation(value: str) -> bool:
    """The value names an organisation, a place or a thing ("Northshire County Council", "© Acme Photo Ltd")."""
    organisations = _lists()["organisation_words"]
    return any(w.lower() in organisations for w in _words(value))


def names_given_person(text: str) -> str | None:
    """The first "<common given name> <Surname>" in ``text`` that is not a street, place or organisation, else None."""
    words = _lists()
    for m in _GIVEN_AND_SURNAME.finditer(text):
        given, surname = m.group(1), m.group(2)
        if given.lower() not in words["given_names"] or surname.lower() in words["place_words"] | words["organisation_words"]:
            continue
        if names_person(f"Dear {m.group(0)}") is None:  # a role word ("Jane Officer") is not a name
            continue
        return m.group(0)
    return None


def person_field_names_someone(value: str) -> bool:
    """A person field (Artist, By-line, Writer, Contact, Copyright...) holding what looks like a person's name.

    Two to four words with no organisation word ("Jane Hartley", "Hartley, Jane",
    "© 2023 Jane Hartley"), or a name after a title. A single word ("admin") or
    an organisation is not judged to be a person.
    """
    if names_person(value) == "titled":
        return True
    bare = _COPYRIGHT.sub(" ", value)
    words = _words(bare)
    if not 2 <= len(words) <= 4 or is_organisation(bare):
        return False
    return all(w[0].isupper() for w in words) or names_given_person(bare.title()) is not None


def text_names_someone(value: str) -> bool:
    """Free text (a caption, a keyword, a comment) that names a person: after a title, or a given name and surname."""
    return names_person(value) == "titled" or names_given_person(value) is not None
