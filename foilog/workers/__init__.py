"""How foilog runs work in other processes: one place for every helper, sandbox and policy.

* :mod:`.fork` — helpers forked from the build (the post-build sweep, the
  Markdown helper, the second half of loading, checking and scanning a large log):
  they start with everything the build holds, talk through a pair of pipes
  and die with the build.
* :mod:`.sandbox` — parsers of untrusted files (the attachment inspector,
  the letter importer) in a fresh interpreter (``python -m``), one JSON
  request and reply per line, with a wall-clock timeout and a kill.
* :mod:`.limits` — the one resource cap every sandboxed child applies to
  itself (memory, CPU time, no file writes, no programs).
* :mod:`.policy` — the background priority of helpers, and the ``parallel``
  switch (plugin option, ``FOILOG_PARALLEL=0``): off, the same work is done
  in the build's own process, giving the same bytes.
* :mod:`.stagetimes` — how long each stage of a build took, in this process
  and its helpers (``foilog build -v``, ``$FOILOG_STAGE_TIMES``, the benchmarks).

Nothing here imports the rest of foilog: the workers are the lowest layer.
"""
