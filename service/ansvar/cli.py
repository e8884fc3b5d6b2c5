"""The `ansvar` command: build, serve, query."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .build import BuildFailed, BuildResult, run_build
from .load import LoadError
from .namespaces import PREFIXES, sparql_prologue
from .paths import default_paths
from .settings import Settings
from .store import GraphStore, QuerySyntaxError, ResultKind
from .store.embedded import EmbeddedStore

app = typer.Typer(help="Ansvarsgrafen: who is responsible for what in Swedish refugee reception.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

StoreDir = Annotated[Path | None, typer.Option("--store-dir", help="Keep the store on disk in DIR (rebuilt atomically).")]


def _stage_reporter(console: Console):
    """Show a spinner per stage (visible on a terminal when a stage takes a while)."""

    def start(name: str):
        status = console.status(f"[bold]{name}[/]…", spinner="dots")
        status.start()
        began = time.perf_counter()

        def done():
            status.stop()
            console.print(f"  {name:<9} {time.perf_counter() - began:6.2f} s")

        return done

    return start


def _build_or_exit(store_dir: Path | None, console: Console, extra: list[Path] | None = None) -> BuildResult:
    try:
        return run_build(store_dir=store_dir, reporter=_stage_reporter(console), extra_files=extra)
    except LoadError as e:
        err.print(f"[red]error:[/] broken Turtle in {e.path}" + (f" at line {e.line}" if e.line else "") + f": {e.message}")
        raise typer.Exit(1) from None
    except BuildFailed as e:
        err.print(f"[red]error:[/] the data breaks {len(e.report.violations)} shape constraint(s); nothing was stored.")
        for finding in e.report.violations:
            err.print("  " + finding.line(), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _print_summary(result: BuildResult, console: Console) -> None:
    table = Table(title="Triples per named graph", show_edge=False)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for name, count in result.triples_per_graph().items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    report = result.report
    console.print(
        f"validation: {'conforms' if report.conforms else 'no violations'}"
        f" ({report.count('warning')} warnings, {report.count('info')} info)"
    )
    console.print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
                  + f"; total {sum(result.seconds.values()):.2f}")


@app.command()
def build(
    store_dir: StoreDir = None,
    add: Annotated[list[Path] | None, typer.Option("--add", help="Also load this Turtle file as a source document graph.")] = None,
) -> None:
    """Load, infer, validate and store the graph; print a summary."""
    result = _build_or_exit(store_dir, err, add)
    _print_summary(result, out)
    if store_dir:
        out.print(f"store written to {EmbeddedStore.live_generation(store_dir)}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    store_dir: StoreDir = None,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the on-disk store even if one exists.")] = False,
) -> None:
    """Build (or open) the store and serve the SPARQL endpoint and pages."""
    import uvicorn

    from .web.app import create_app

    settings = Settings.from_env(host=host, port=port, store_dir=store_dir)
    store = _open_store(settings.store_dir, rebuild)
    out.print(f"serving on http://{settings.host}:{settings.port}/  (SPARQL: /sparql)")
    uvicorn.run(create_app(store, settings), host=settings.host, port=settings.port, log_level="info")


def _open_store(store_dir: Path | None, rebuild: bool = False) -> GraphStore:
    if store_dir and not rebuild and EmbeddedStore.live_generation(store_dir):
        err.print(f"opening the store in {store_dir}")
        return EmbeddedStore.open_directory(store_dir)
    result = _build_or_exit(store_dir, err)
    _print_summary(result, err)
    assert result.store is not None
    return result.store


FORMATS = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "csv": ("text/csv", "application/n-triples"),
    "tsv": ("text/tab-separated-values", "application/n-triples"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
}


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A query, '@file.rq', or the name of a canned query in queries/.")],
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|tsv|xml|turtle|ntriples")] = "table",
    store_dir: StoreDir = None,
    no_prefixes: Annotated[bool, typer.Option(help="Do not add the standard PREFIX declarations.")] = False,
) -> None:
    """Run a SPARQL query against the store and print the result."""
    if fmt != "table" and fmt not in FORMATS:
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose table, {', '.join(FORMATS)}")
        raise typer.Exit(2)
    text = _query_text(sparql)
    if not no_prefixes:
        text = sparql_prologue() + text
    store = _open_store(store_dir) if store_dir else _build_or_exit(None, err).store
    assert store is not None
    accept = FORMATS.get(fmt, ("application/sparql-results+json", "text/turtle"))
    try:
        result = store.query(text, accept=accept)
    except QuerySyntaxError as e:
        err.print(f"[red]error:[/] invalid SPARQL: {e}")
        raise typer.Exit(2) from None
    if fmt != "table" or result.kind is ResultKind.GRAPH:
        sys.stdout.write(result.body.decode("utf-8"))
        return
    data = json.loads(result.body)
    if result.kind is ResultKind.BOOLEAN:
        out.print("yes" if data["boolean"] else "no")
        return
    _print_table(data)


def _query_text(arg: str) -> str:
    if arg.startswith("@"):
        return Path(arg[1:]).read_text(encoding="utf-8")
    canned = default_paths().queries / f"{arg}.rq"
    if canned.is_file():
        return canned.read_text(encoding="utf-8")
    return arg


def _compact(term: dict) -> str:
    value = term["value"]
    if term["type"] == "uri":
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns):]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    lang = term.get("xml:lang")
    return f"{value}@{lang}" if lang else value


def _print_table(data: dict) -> None:
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    table = Table(show_lines=False)
    for v in variables:
        table.add_column(v, overflow="fold")
    for row in rows:
        table.add_row(*(_compact(row[v]) if v in row else "" for v in variables))
    out.print(table)
    out.print(f"{len(rows)} row(s)")


if __name__ == "__main__":
    app()
