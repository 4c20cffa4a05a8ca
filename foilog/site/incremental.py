"""Rebuilds: reuse the previous build's response pages and search parts when nothing they depend on changed.

MkDocs renders every page on every build, and Pagefind indexes every page.
A disclosure log grows a few responses at a time, so almost every response
page, and every part of the search index but the newest
(:class:`foilog.site.indexes.SearchPart`), would come out byte for byte as
before. ``foilog build`` keeps a manifest of what it published (an entry
of the project's one cache, :mod:`foilog.cache`) and, next time, takes those
pages and parts from the previous site instead of building them again.

What a response page depends on, and so what is fingerprinted:

* the response's own files: ``response.yml`` and ``response.md`` (hashed
  when the loader reads them) and every attachment it lists (their sha256,
  taken by the leak gate's inspector: nothing is hashed twice);
* what every page shares (:func:`shared_fingerprint`): foilog's own code,
  templates and styles and the versions of the libraries that matter (the
  cache's fingerprint, :func:`foilog.cache.fingerprint`); ``mkdocs.yml``; the
  hand-written pages in ``docs_dir`` (the navigation, topic titles) and the
  theme overrides;
* what its related blocks show of other responses
  (:func:`foilog.site.related_deps.related_fingerprint`): a relation written in
  another response changes this page too.

A search part is reused only when it holds the same responses, each with the
same fingerprint, and then its pages are reused too; a page only when the
previous file still has the bytes the manifest recorded. Anything missing,
unreadable or different, and the page or part is built as usual: the
manifest can make a build faster, never change what it publishes. (The
post-build leak sweep still reads every reused page.)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilog.cache import Store, cache_folder, fingerprint
from foilog.log.model import Response
from foilog.site.related_deps import related_fingerprint

if TYPE_CHECKING:
    from foilog.site.pipeline import Plan

MANIFEST_KIND = "site-manifest"
"""The manifest's kind in the project's cache (one entry, :data:`MANIFEST_KEY`)."""
MANIFEST_KEY = "manifest"
FORMAT = 2


def _hash_tree(digest: Any, folder: Path) -> None:
    """Add every file under ``folder`` (path and bytes, in a stable order) to ``digest``."""
    if not folder.is_dir():
        digest.update(b"<none>")
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def shared_fingerprint(config_file: Path, docs_dir: Path, theme_dirs: list[Path]) -> str:
    """The fingerprint of everything every page depends on (see the module's docstring)."""
    digest = hashlib.sha256(f"foilog-site {FORMAT} {fingerprint()}\n".encode())
    digest.update(Path(config_file).read_bytes())
    _hash_tree(digest, Path(docs_dir))
    for folder in theme_dirs:
        _hash_tree(digest, Path(folder))
    return digest.hexdigest()


def response_fingerprint(r: Response, hashes: Mapping[str, str]) -> str:
    """The fingerprint of a response's own files: ``response.yml`` and ``response.md`` (as loaded), and its attachments.

    ``hashes`` holds the sha256 of each attachment by display path
    (``responses/2019/x/attachments/a.pdf``), as the leak gate's inspector
    took it (:func:`attachment_hashes`). An attachment the gate did not
    inspect (a build stops before reuse then) is hashed here.
    """
    if not r.sources_sha256:
        raise ValueError(f"{r.rel_folder}: a response must be loaded from its files (foilog.log.load) to be fingerprinted")
    digest = hashlib.sha256(r.sources_sha256.encode())
    for attachment in r.data.attachments:
        digest.update(attachment.path.encode() + b"\0")
        sha256 = hashes.get(f"{r.rel_folder}/{attachment.path}") or file_sha256(r.folder / attachment.path) or "<missing>"
        digest.update(sha256.encode())
    return digest.hexdigest()


def attachment_hashes(plan: Plan) -> dict[str, str]:
    """The sha256 of every attachment the leak gate inspected, by display path (from its reports: no file is read again)."""
    return {display: report.facts.sha256 for display, report in plan.scan.attachments.items() if report.facts is not None}


def file_sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class Reuse:
    """What this build takes from the previous one, and the manifest it will leave."""

    shared: str
    pages: dict[str, Path] = field(default_factory=dict)
    """Destination path (``responses/2019/x/index.html``) -> the previous build's file."""
    parts: dict[str, Path] = field(default_factory=dict)
    """Search part folder (``pagefind/part-000/``) -> the previous build's bundle."""
    inputs: dict[str, str] = field(default_factory=dict)
    """Destination path -> the fingerprint of its response's files (every live response page)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Destination path -> sha256 of the published file, as pages are written."""
    part_prints: dict[str, str] = field(default_factory=dict)

    def wrote(self, dest_uri: str, output: bytes) -> None:
        """Record a response page this build wrote."""
        if dest_uri in self.inputs:
            self.outputs[dest_uri] = hashlib.sha256(output).hexdigest()

    def save(self, root: Path, site_dir: Path) -> None:
        """Write the manifest for the site now at ``site_dir`` into the project's cache (nothing when caches are ignored)."""
        folder = cache_folder(root)
        if folder is None:
            return
        pages = {dest: [fp, self.outputs[dest]] for dest, fp in self.inputs.items() if dest in self.outputs}
        payload = {
            "format": FORMAT,
            "site": str(Path(site_dir).resolve()),
            "shared": self.shared,
            "pages": pages,
            "parts": self.part_prints,
        }
        store = Store(folder)
        store.put(MANIFEST_KIND, MANIFEST_KEY, json.dumps(payload, separators=(",", ":")))
        store.close()


def load_manifest(root: Path) -> Any:
    """The manifest the last build left in the project's cache (decoded JSON, unchecked), or ``None``."""
    folder = cache_folder(root)
    if folder is None:
        return None
    store = Store(folder)
    try:
        value = store.get(MANIFEST_KIND, MANIFEST_KEY)
        return json.loads(value) if value is not None else None
    except ValueError:
        return None
    finally:
        store.close()


def _dest(r: Response) -> str:
    return r.url + "index.html"


def _part_print(shared: str, responses: list[Response], inputs: dict[str, str]) -> str:
    digest = hashlib.sha256(shared.encode())
    for r in responses:
        digest.update(f"{r.url}\0{inputs[_dest(r)]}\n".encode())
    return digest.hexdigest()


def plan_reuse(plan: Plan, *, root: Path, shared: str, previous_site: Path | None) -> Reuse:
    """Decide which response pages and search parts to take from ``previous_site`` (the site this build replaces)."""
    reuse = Reuse(shared=shared)
    hashes = attachment_hashes(plan)
    for part in plan.indexes.search_parts:
        for r in part.responses:
            reuse.inputs[_dest(r)] = response_fingerprint(r, hashes) + related_fingerprint(plan.indexes.related, r)
        reuse.part_prints[part.path] = _part_print(shared, part.responses, reuse.inputs)
    if previous_site is None or not previous_site.is_dir():
        return reuse
    try:
        manifest = load_manifest(root)
        if manifest.get("format") != FORMAT or manifest.get("shared") != shared:
            return reuse
        if manifest.get("site") != str(previous_site.resolve()):
            return reuse
        old_pages: dict[str, list[str]] = manifest["pages"]
        old_parts: dict[str, str] = manifest["parts"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return reuse
    for part in plan.indexes.search_parts:
        if not part.responses or old_parts.get(part.path) != reuse.part_prints[part.path]:
            continue
        bundle = previous_site / part.path
        if not (bundle / "pagefind.js").is_file():
            continue
        pages: dict[str, Path] = {}
        for r in part.responses:
            dest = _dest(r)
            old = old_pages.get(dest)
            previous = previous_site / dest
            if not isinstance(old, list) or len(old) != 2 or old[0] != reuse.inputs[dest] or file_sha256(previous) != old[1]:
                break
            pages[dest] = previous
        else:
            reuse.parts[part.path] = bundle
            reuse.pages.update(pages)
            for dest in pages:
                reuse.outputs[dest] = old_pages[dest][1]
    return reuse


def link_or_copy(source: Path, target: Path) -> None:
    """Put ``source``'s bytes at ``target``: a hard link when possible (neither is ever changed in place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def copy_tree(source: Path, target: Path) -> None:
    """Copy a search part's bundle with :func:`link_or_copy`."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=lambda s, t: link_or_copy(Path(s), Path(t)))
