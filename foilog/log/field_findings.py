"""The small helpers every check of one ``response.yml`` shares.

A partially valid response (:func:`foilog.log.schema.validate_partially`)
holds :data:`~foilog.log.schema.INVALID` wherever a value failed the schema;
that error is reported already, so checks skip such values rather than report
them twice. A finding names the file and the line of the field it is about
(or of its nearest parent present in the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from foilog.log.findings import Finding, Severity
from foilog.log.model import Response
from foilog.log.schema import INVALID


def known(value: Any) -> Any:
    """``value``, or None where validation failed (it is reported already)."""
    return None if value is INVALID else value


def items(values: Any) -> Iterator[tuple[int, Any]]:
    """``(index, item)`` of a list field, skipping invalid items (indexes stay those of the file)."""
    if isinstance(values, list):
        yield from ((i, item) for i, item in enumerate(values) if item is not INVALID)


def field_finding(r: Response, path: tuple[str | int, ...], field: str, message: str, *, warning: bool = False) -> Finding:
    """An error (or a warning) about ``field`` of ``r``, at the line of ``path`` in its ``response.yml``."""
    return Finding(
        r.yml_path,
        line=r.line_of(*path),
        field=field,
        message=message,
        severity=Severity.WARNING if warning else Severity.ERROR,
    )
