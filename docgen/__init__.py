"""What the docs build generates from the bundled data (pages, charts); not part of the package.

``docgen/hooks.py`` is the MkDocs hook that runs it; see its docstring.
"""
