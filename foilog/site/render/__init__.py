"""Stage 5, render: every generated page as HTML, from the loaded data alone.

Nothing here imports MkDocs: the plugin hands the result to the site engine.
"""
