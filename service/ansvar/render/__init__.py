"""Rendering: everything the pages are made of, for the service, `ansvar publish` and
`ansvar check --format html` alike.

    templates/      the Jinja templates of every page
    environment     the one Jinja environment over them
    strings         the sv/en interface strings (strings.toml), used in templates as t('key')
    links           the graph's own IRIs and where a page links to (live service or static copy)
    terms           SPARQL JSON rows as the labelled terms the templates show
    pages           the view models of the resource and class pages, read from a GraphStore

It imports the pipeline and the library, never the web layer or the CLI.
"""

__all__: list[str] = []
