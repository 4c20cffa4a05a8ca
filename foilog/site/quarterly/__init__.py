"""The regulators' quarterly figures (``foilog stats``): pure functions of :class:`foilog.log.requests.RequestRecord`.

Three formats, each a list of :class:`~foilog.site.quarterly.figures.Cell` (table, field, value and the
records counted in it, so every figure can be traced with ``--audit``):

* ``s45``: the FOIA section 45 Code of Practice (2018), paragraphs 8.5-8.6;
* ``sic``: the Scottish Information Commissioner's quarterly statistics (FOISA and EISR apart);
* ``cabinet-office``: the central-government FOI monitoring statistics.

These figures are private (they go to a regulator or into a return): they count neither-confirm-nor-deny
uses by section, which the public statistics page deliberately does not.
"""

from __future__ import annotations

from foilog.site.quarterly.figures import Cell
from foilog.site.quarterly.formats import FORMATS, figures
from foilog.site.quarterly.quarter import Quarter, parse_quarter

__all__ = ["FORMATS", "Cell", "Quarter", "figures", "parse_quarter"]
