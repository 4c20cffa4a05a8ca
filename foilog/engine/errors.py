"""The engine's own error: a build foilog stopped, whatever site engine runs it. No MkDocs here."""

from __future__ import annotations


class SessionError(Exception):
    """A build foilog stopped, or a run option it cannot use.

    The message's lines are foilog's own (every value in them went through
    :func:`~foilog.log.findings.one_line`), so a caller may print them as separate
    lines. The MkDocs plugin turns it into its ``PluginError`` subclass
    (:class:`foilog.engine.mkdocs_adapter.FoilogError`) with the same message.
    """

    def lines(self) -> list[str]:
        return str(self).split("\n")
