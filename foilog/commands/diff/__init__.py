"""``foilog diff``: what a change publishes, for the reviewers of a pull request.

* :mod:`.gitrev` resolves revisions and materialises their trees (``git ls-tree`` and
  ``git cat-file --batch``: exactly what git stores, no ``.gitattributes``);
* :mod:`.compare` compares the two logs (:func:`compare_logs` -> :class:`ChangeReport`);
* :mod:`.render` prints the report as GitHub-flavoured Markdown or JSON;
* :mod:`.shorten` keeps the Markdown under a size limit (a GitHub job summary holds 1 MiB);
* :mod:`.command` is the click command, ``diff_command``.
"""

from __future__ import annotations

from foilog.commands.diff.compare import ChangeReport, compare_logs
from foilog.commands.diff.render import as_json, as_markdown, md_text

__all__ = ["ChangeReport", "as_json", "as_markdown", "compare_logs", "md_text"]
