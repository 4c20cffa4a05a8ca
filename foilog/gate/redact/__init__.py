"""Make the clean copy of an attachment the leak gate refused (issue 20).

``foilog redact`` does not stop at reporting: for each file it writes a cleaned
copy beside the input (never over it), removes what a reader cannot see or was
meant not to see (text under boxes, hidden sheets, tracked changes, metadata),
checks the copy again with the full leak gate and reports what was removed.

One module per kind of file, each a pure function from the original's bytes to
a :class:`~foilog.gate.redact.model.Cleaned` (see :mod:`.model`); the command
(:mod:`foilog.commands.redact_command`) reads files, writes copies, proves them
and reports.
"""
