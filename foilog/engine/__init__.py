"""The build engine: one build session that owns the order of work, and the site engine's adapter.

* :mod:`foilog.engine.options`: how a build is run (:class:`~foilog.engine.options.RunOptions`),
  parsed in one place.
* :mod:`foilog.engine.session`: the build, start to finish, in code
  (:class:`~foilog.engine.session.BuildSession`). No MkDocs import: the site
  engine can be replaced.
* :mod:`foilog.engine.mkdocs_adapter`: what only MkDocs needs (files, pages, the
  theme's frame); :mod:`foilog.engine.plugin` routes MkDocs' events to the session through it.
* :mod:`foilog.engine.mkdocs_build`: ``foilog build`` (a staging folder, the
  site lock, the swap); :mod:`foilog.engine.mkdocs_config` reads ``mkdocs.yml``
  through MkDocs' own loader for every command; :mod:`foilog.engine.publication`
  says what a build may publish and how a preview is marked.
"""
