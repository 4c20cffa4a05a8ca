"""Is the repository public? Asked by ``foilog diff``, which then says what an embargo does not hide.

An embargo (``publish_after``) keeps a response off the website until its date;
it cannot keep the repository's files from anyone who can read the repository.
In a public repository, a response's YAML is public from the moment it is
pushed, so the summary says so when it can tell.

It can tell in two ways, the first that gives an answer wins:

1. ``--visibility public|private|internal`` (the pull-request workflow passes
   ``${{ github.event.repository.visibility }}``);
2. in GitHub Actions, the event that started the workflow: the JSON file named
   by ``GITHUB_EVENT_PATH`` holds the repository with its ``visibility``
   (``public``, ``private`` or ``internal``) and ``private`` (true or false).

Anything else (a local run, a malformed or huge event file) is "cannot tell":
no note, never an error, since the summary is still right without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

VISIBILITIES = ("public", "private", "internal")
#: Event files larger than this are not read (a pull_request payload is a few tens of kB).
MAX_EVENT_BYTES = 10_000_000


def _from_payload(payload: object) -> str | None:
    repository = payload.get("repository") if isinstance(payload, dict) else None
    if not isinstance(repository, dict):
        return None
    visibility = repository.get("visibility")
    if visibility in VISIBILITIES:
        return visibility
    private = repository.get("private")
    if isinstance(private, bool):
        return "private" if private else "public"
    return None


def from_github_event(environ: Mapping[str, str]) -> str | None:
    """The visibility in the GitHub Actions event payload (``$GITHUB_EVENT_PATH``), or None."""
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        event = Path(path)
        if not event.is_file() or event.stat().st_size > MAX_EVENT_BYTES:
            return None
        return _from_payload(json.loads(event.read_bytes()))
    except (OSError, ValueError, RecursionError):
        return None


def repository_visibility(option: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """``option`` when given (not empty), else what the GitHub event says, else None (cannot tell)."""
    if option:
        return option
    return from_github_event(os.environ if environ is None else environ)
