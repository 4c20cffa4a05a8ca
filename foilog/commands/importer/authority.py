"""Which configured authority answered a letter: read from where a letter names its sender.

A log may publish the responses of several bodies (a council and its police
force), and a response without ``authority:`` is shown as the site's own. An
imported letter must therefore say whose it is, or the page goes public under
the wrong name with every check passing.

A letter names its sender in its letterhead and its signature, and in the
sentences where it speaks of itself ("received by the Metropolitan Police
Service (MPS)", "require the MPS to review"). It names *other* bodies in its
answers ("we passed your request to the Metropolitan Police") and the
requester names whoever they like in the request. So each mention is weighed
by where it stands:

* letterhead (before the salutation) and signature (after the sign-off):
  :data:`HEAD_WEIGHT` per line - the strongest evidence;
* the letter's own sentences outside the request and the answers: one point a
  line, two where the sentence speaks of the authority as the one that
  received or reviews the request, none where it sends the requester
  elsewhere ("transferred to", "contact the"); capped at :data:`BODY_CAP`, so
  that many mentions in the body never outweigh one letterhead;
* the request and the answers: nothing.

Names match as whole words in any case (a letter may well write "Metropolitan
police Service"): the configured name (with a trailing "(fictional)"-style
note dropped), each alias, and addresses at the domain of the authority's
website (``foi@met.police.uk``). Abbreviations (``MPS``) match in capitals
only: "MPs" are Members of Parliament. The winner must
score at least :data:`MIN_SCORE` and more than any other; otherwise the import
falls back to the site's default authority and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from foilog.log.settings import AuthorityOption

HEAD_WEIGHT = 6
BODY_CAP = 5
MIN_SCORE = 3
#: Lines after the sign-off that count as the signature block (name, role, unit, authority).
SIGNATURE_LINES = 6

#: Words before a name that send the requester elsewhere: the letter speaks of another body.
_ELSEWHERE = re.compile(
    r"\b(?:transferr\w*|passed|forward\w*|referr\w*|redirect\w*|contact(?:ing)?|write\s+to|apply\s+to|held\s+by|hold\s+by|"
    r"ask(?:ing)?|approach\w*|may\s+wish|sent|send)\b[^.;:]{0,60}$",
    re.IGNORECASE,
)
#: Words before a name that speak of the letter's sender as the one handling the request.
_SELF = re.compile(
    r"\b(?:received\s+by|require|complaint\s+with|on\s+behalf\s+of|review\w*\s+by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AuthorityGuess:
    """The authority of a letter and how it was chosen (``detected`` False: the site's default, a fallback)."""

    id: str
    detected: bool
    why: str


def _name_forms(authority: AuthorityOption) -> list[str]:
    """The configured name, the name without a trailing "(...)" note, and the aliases."""
    forms = [authority.name, re.sub(r"\s*\([^()]*\)\s*$", "", authority.name), *authority.aliases]
    return [f for f in dict.fromkeys(" ".join(f.split()) for f in forms) if len(f) >= 2]


#: An abbreviation such as ``MPS`` or ``NHS``: matched in capitals only, so that "MPs" (Members of Parliament) is not the police.
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,5}")


def _acronym(form: str) -> str:
    return f"(?-i:{re.escape(form)})"


def _domain(website: str | None) -> str:
    if not website:
        return ""
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.removeprefix("www.")


def _pattern(authority: AuthorityOption) -> re.Pattern[str]:
    """One pattern for every way a letter names the authority; group ``name`` is the words matched."""
    forms = sorted(_name_forms(authority), key=len, reverse=True)  # "Metropolitan Police Service" before "Metropolitan Police"
    names = [_acronym(form) if _ACRONYM.fullmatch(form) else r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
    alternatives = [rf"(?<!\w)(?P<name>{'|'.join(names)})(?!\w)"]
    domain = _domain(authority.website)
    if domain:
        alternatives.append(rf"(?<![\w.-])(?:[\w-]+\.)*(?P<domain>{re.escape(domain)})(?![\w-])")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _body_weight(line: str, start: int) -> int:
    before = line[:start]
    if _SELF.search(before):
        return 2
    if _ELSEWHERE.search(before):
        return 0
    return 1


def detect_authority(
    lines: Sequence[str],
    authorities: Sequence[AuthorityOption],
    default: str,
    *,
    head_end: int,
    sign_off: int,
    ignored: Iterable[int] = (),
) -> AuthorityGuess | None:
    """The authority that answered, by the weighing above; None when the log has only one authority.

    ``head_end`` is the line of the salutation (the letterhead is above it),
    ``sign_off`` the line of "Yours sincerely" (``len(lines)`` if none), and
    ``ignored`` the lines of the request and the answers, which never count.
    """
    if len(authorities) < 2:
        return None
    skip = set(ignored)
    signature = range(sign_off, min(len(lines), sign_off + 1 + SIGNATURE_LINES))
    scores: dict[str, int] = {}
    places: dict[str, str] = {}
    for authority in authorities:
        pattern = _pattern(authority)
        head = body = 0
        where = first = ""
        for i, line in enumerate(lines):
            if i in skip:
                continue
            matches = list(pattern.finditer(line))
            if not matches:
                continue
            said = " ".join(matches[0].group(0).split())
            if i < head_end or i in signature:
                head += HEAD_WEIGHT
                where = where or f"'{said}' in the {'letterhead' if i < head_end else 'signature'}"
            else:
                body += max(_body_weight(line, m.start()) for m in matches)
                first = first or f"'{said}' in the letter's own sentences"
        scores[authority.id] = head + min(body, BODY_CAP)
        places[authority.id] = where or first
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, score), (second, runner_up) = ranked[0], ranked[1]
    if score >= MIN_SCORE and score > runner_up:
        return AuthorityGuess(best, True, f"{places[best]}; check it is the authority that answered")
    if score >= MIN_SCORE:
        return AuthorityGuess(
            default,
            False,
            f"the letter names {best} and {second} as much as each other; the site's default authority was used: choose the one that answered",
        )
    return AuthorityGuess(
        default,
        False,
        "no configured authority (or alias) is named in the letterhead, signature or the letter's own sentences; "
        "the site's default authority was used: check it, or add the authority's name to its aliases in mkdocs.yml",
    )
