"""What a response page shows of *other* responses, for rebuilds (:mod:`foilog.site.incremental`).

A response page is reused from the previous build when its own files are
unchanged. Its related blocks, though, show other responses: their titles,
references and dates, the notes written in them, and the series it is in
(:mod:`foilog.site.related`). A relation written in B changes A's page while
A's files stay the same; so what the blocks show is part of A's fingerprint.
"""

from __future__ import annotations

import hashlib

from foilog.log.model import Response
from foilog.site.related import Relations


def related_fingerprint(relations: Relations, r: Response) -> str:
    """A digest of everything ``r``'s related blocks and series link show; ``""`` when it shows none (fingerprints stay as they were)."""
    series = relations.series_of.get(r.url)
    blocks = relations.blocks(r)
    if series is None and not blocks:
        return ""
    digest = hashlib.sha256(b"related\n")
    if series is not None:
        digest.update(f"series\0{series.url}\0{series.title}\0{len(series.responses)}\n".encode())
    for heading, links in blocks:
        for link in links:
            other = link.other
            shown = (heading, link.kind, str(link.written_here), link.note or "", other.url, other.reference, other.data.title)
            digest.update(("\0".join(shown) + f"\0{other.data.responded.isoformat()}\n").encode())
    return digest.hexdigest()
