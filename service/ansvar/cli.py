"""The `ansvar` command: build, serve, query."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from .build import BuildFailed, BuildResult, CatalogInvalid, StageReporter, run_build
from .catalog import Publication, PublisherError
from .checks import CheckData, CheckInputError, EndpointError, parse_as_of, parse_severity, run_checks
from .checks.report_text import print_report
from .load import LoadError, load_all
from .namespaces import PREFIXES, sparql_prologue
from .paths import default_paths, seeds_dir
from .settings import Settings
from .sparql_params import ParameterError
from .store import GraphStore, QuerySyntaxError, ResultKind
from .store.base import SOLUTION_TYPES
from .store.embedded import EmbeddedStore
from .validate import ShapesInvalid

if TYPE_CHECKING:
    from .coverage import CoverageReport

app = typer.Typer(help="Ansvarsgrafen: who is responsible for what in Swedish refugee reception.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

Endpoint = Annotated[
    str | None, typer.Option("--endpoint", help="Use a remote SPARQL 1.1 query endpoint as the store.")
]
StoreDir = Annotated[
    Path | None, typer.Option("--store-dir", help="Keep the store on disk in DIR (rebuilt atomically).")
]
# Who publishes the DCAT-AP-SE record (see README "Harvested by Sveriges dataportal"); also ANSVAR_PUBLISHER_*.
PublisherOrgnr = Annotated[
    str | None,
    typer.Option(help="Organisation number (NNNNNN-NNNN) of the publishing organisation, for Sveriges dataportal."),
]
PublisherName = Annotated[str | None, typer.Option(help="The publishing organisation's name.")]
PublisherType = Annotated[
    str | None,
    typer.Option(help="Its ADMS publisher type: NationalAuthority, RegionalAuthority, LocalAuthority, …"),
]
ContactEmail = Annotated[
    str | None, typer.Option(help="A functional mailbox for the DCAT contact point (never a person's).")
]


def _stage_reporter(console: Console) -> StageReporter:
    """Show a spinner per stage (visible on a terminal when a stage takes a while)."""

    def start(name: str) -> Callable[[], None]:
        status = console.status(f"[bold]{name}[/]…", spinner="dots")
        status.start()
        began = time.perf_counter()

        def done() -> None:
            status.stop()
            console.print(f"  {name:<9} {time.perf_counter() - began:6.2f} s")

        return done

    return start


def _exit_broken_turtle(e: LoadError) -> NoReturn:
    err.print(f"[red]error:[/] broken Turtle in {e.path}" + (f" at line {e.line}" if e.line else "") + f": {e.message}")
    raise typer.Exit(1)


def _exit_shapes_invalid(e: ShapesInvalid, code: int) -> NoReturn:
    err.print(f"[red]error:[/] {e} (fix shapes/)")
    raise typer.Exit(code)


def _publication_or_exit(settings: Settings, base_url: str | None = None) -> Publication:
    """The DCAT-AP-SE publisher settings (ANSVAR_PUBLISHER_*, ANSVAR_CONTACT_EMAIL, or options), checked."""
    try:
        return Publication.from_settings(settings, base_url)
    except PublisherError as e:
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _build_or_exit(
    store_dir: Path | None,
    console: Console,
    extra: list[Path] | None = None,
    publication: Publication | None = None,
) -> BuildResult:
    publication = publication or _publication_or_exit(Settings.from_env())
    try:
        return run_build(
            store_dir=store_dir, reporter=_stage_reporter(console), extra_files=extra, publication=publication
        )
    except LoadError as e:
        _exit_broken_turtle(e)
    except CatalogInvalid as e:
        # Raised by the `describe` stage, after the store was written.
        err.print(
            f"[red]error:[/] {e.args[0]}: fix the dataset description "
            "(service/ansvar/catalog/record.ttl, or the publisher settings)."
        )
        for finding in e.report.violations:
            err.print("  " + finding.line(), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except ShapesInvalid as e:
        _exit_shapes_invalid(e, 1)
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
    assert report is not None, "run_build validates before it returns"
    console.print(
        f"validation: {'conforms' if report.conforms else 'no violations'}"
        f" ({report.count('warning')} warnings, {report.count('info')} info)"
    )
    _print_record_warnings(result, console)
    console.print(
        "seconds: "
        + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
        + f"; total {sum(result.seconds.values()):.2f}"
    )


def _print_record_warnings(result: BuildResult, console: Console) -> None:
    """What the DCAT-AP-SE record lacks for Sveriges dataportal (e.g. no organisation number)."""
    warnings = [
        f for f in (result.catalog_report.findings if result.catalog_report else []) if f.severity != "violation"
    ]
    if warnings:
        console.print(f"catalog record: {len(warnings)} warning(s) for Sveriges dataportal")
    for finding in warnings:
        console.print("  " + finding.line(), markup=False, highlight=False, soft_wrap=True)


@app.command()
def build(
    store_dir: StoreDir = None,
    add: Annotated[
        list[Path] | None, typer.Option("--add", help="Also load this Turtle file as a source document graph.")
    ] = None,
    push: Annotated[
        str | None,
        typer.Option(
            "--push",
            help="Also replace the content of a remote store, given its Graph Store Protocol URL "
            "(e.g. http://host:7878/store).",
        ),
    ] = None,
    publisher_orgnr: PublisherOrgnr = None,
    publisher_name: PublisherName = None,
    publisher_type: PublisherType = None,
    contact_email: ContactEmail = None,
) -> None:
    """Load, infer, validate and store the graph; print a summary."""
    settings = Settings.from_env(
        publisher_orgnr=publisher_orgnr,
        publisher_name=publisher_name,
        publisher_type=publisher_type,
        contact_email=contact_email,
    )
    result = _build_or_exit(store_dir, err, add, _publication_or_exit(settings))
    _print_summary(result, out)
    if store_dir:
        out.print(f"store written to {EmbeddedStore.live_generation(store_dir)}")
    if push:
        from .store.remote import RemoteStore, RemoteStoreError

        remote = RemoteStore(query_url="", store_url=push)
        assert result.store is not None
        try:
            replaced = remote.push_store(result.store)  # every named graph of the store, the check report too
        except RemoteStoreError as e:
            err.print(
                f"error: could not push to {remote.store_url}: {e}", markup=False, highlight=False, soft_wrap=True
            )
            raise typer.Exit(1) from None
        out.print(
            f"pushed {len(result.store):,} triples in {len(replaced)} named graphs to {remote.store_url} "
            "(each graph replaced):"
        )
        for graph in replaced:
            out.print(f"  {graph}", markup=False, highlight=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    store_dir: StoreDir = None,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the on-disk store even if one exists.")] = False,
    timeout: Annotated[
        float | None, typer.Option("--timeout-s", help="Time limit per SPARQL query (default 60).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--query-workers", help="Queries evaluated at once (default 2).")
    ] = None,
    endpoint: Endpoint = None,
    store_url: Annotated[
        str | None, typer.Option("--store-url", help="Graph Store Protocol URL of the remote store (for dumps).")
    ] = None,
    publisher_orgnr: PublisherOrgnr = None,
    publisher_name: PublisherName = None,
    publisher_type: PublisherType = None,
    contact_email: ContactEmail = None,
) -> None:
    """Build (or open) the store and serve the SPARQL endpoint and pages.

    With --endpoint the pages and /sparql read a remote SPARQL server instead
    (load it first with `ansvar build --push`); its own time limit applies.
    """
    settings = Settings.from_env(
        host=host,
        port=port,
        store_dir=store_dir,
        query_timeout_s=timeout,
        max_concurrent_queries=workers,
        publisher_orgnr=publisher_orgnr,
        publisher_name=publisher_name,
        publisher_type=publisher_type,
        contact_email=contact_email,
    )
    publication = _publication_or_exit(settings)  # the /catalog record's publisher, refused before serving
    store = _remote_store(endpoint, store_url) if endpoint else _open_store(settings.store_dir, rebuild, publication)
    _serve(store, settings, remote=bool(endpoint))


def _serve(store: GraphStore, settings: Settings, remote: bool) -> None:
    """Run the app on `store` until stopped, with the worker pool unless the store is remote."""
    import uvicorn

    from .store.query_pool import QueryPool
    from .web import access_log
    from .web.app import create_app
    from .web.server_limits import uvicorn_options

    pool = None
    if settings.isolate_queries and not remote:
        pool = QueryPool.for_store(
            store, settings.store_dir, settings.max_concurrent_queries, settings.worker_memory_bytes
        )
        err.print(f"{settings.max_concurrent_queries} query worker(s), time limit {settings.query_timeout_s:g} s")
    app_ = create_app(store, settings, pool)
    if settings.update_token:
        err.print("updates enabled (SPARQL Update on /sparql, Graph Store Protocol on /store) with a token")
    access_log.configure()
    out.print(f"serving on http://{settings.host}:{settings.port}/  (SPARQL: /sparql)")
    uvicorn.run(  # the app's shutdown closes the pool
        app_,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        **uvicorn_options(settings),
    )


def _remote_store(endpoint: str, store_url: str | None = None) -> GraphStore:
    from .store.remote import RemoteStore, RemoteStoreError

    store = RemoteStore(endpoint, store_url)
    try:
        store.check()
    except (RemoteStoreError, QuerySyntaxError) as e:
        err.print(
            f"error: no SPARQL endpoint answers at {endpoint}: {e}", markup=False, highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from None
    return store


def _store(endpoint: str | None, store_dir: Path | None, publication: Publication | None = None) -> GraphStore:
    """The store a one-off command reads: a remote endpoint, the on-disk store, or a fresh build
    (whose record names `publication`'s publisher)."""
    if endpoint:
        return _remote_store(endpoint)
    if store_dir:
        return _open_store(store_dir)
    store = _build_or_exit(None, err, publication=publication).store
    assert store is not None, "run_build keeps the store unless told not to"
    return store


def _open_store(store_dir: Path | None, rebuild: bool = False, publication: Publication | None = None) -> GraphStore:
    if store_dir and not rebuild and EmbeddedStore.live_generation(store_dir):
        err.print(f"opening the store in {store_dir}")
        return EmbeddedStore.open_directory(store_dir)
    result = _build_or_exit(store_dir, err, publication=publication)
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
    endpoint: Endpoint = None,
    no_prefixes: Annotated[bool, typer.Option(help="Do not add the standard PREFIX declarations.")] = False,
) -> None:
    """Run a SPARQL query against the store and print the result."""
    from .store.remote import RemoteStoreError

    if fmt != "table" and fmt not in FORMATS:
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose table, {', '.join(FORMATS)}")
        raise typer.Exit(2)
    text = _query_text(sparql)
    if not no_prefixes:
        text = sparql_prologue() + text
    store = _store(endpoint, store_dir)
    accept = FORMATS.get(fmt, ("application/sparql-results+json", "text/turtle"))
    try:
        result = store.query(text, accept=accept)
    except QuerySyntaxError as e:
        err.print(f"[red]error:[/] invalid SPARQL: {e}")
        raise typer.Exit(2) from None
    except RemoteStoreError as e:  # a remote store failed mid-query: its message
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if fmt != "table" or result.kind is ResultKind.GRAPH:
        sys.stdout.write(result.body.decode("utf-8"))
        return
    data = json.loads(result.body)
    if result.kind is ResultKind.BOOLEAN:
        out.print("yes" if data["boolean"] else "no")
        return
    _print_table(data)


@app.command("queries")
def list_queries(
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
) -> None:
    """List the catalogue of questions (queries/*.rq) with their parameters."""
    from .questions import catalogue  # imported by the commands that read the catalogue, not by `build`

    questions = catalogue().values()
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "title": q.title,
                        "parameters": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params],
                    }
                    for q in questions
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    table = Table(show_lines=False)
    for column in ("name", "question", "parameters (default)"):
        table.add_column(column, overflow="fold")
    for q in questions:
        table.add_row(q.name, q.title["en"], ", ".join(f"{p.name} ({p.default})" for p in q.params))
    out.print(table)


@app.command()
def ask(
    name: Annotated[str, typer.Argument(help="A question of the catalogue (see `ansvar queries`).")],
    county: Annotated[str | None, typer.Option(help="County code, e.g. 10.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="Any other parameter as NAME=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|csv|json")] = "table",
    store_dir: StoreDir = None,
    endpoint: Endpoint = None,
) -> None:
    """Answer one question of the catalogue, with its parameters bound."""
    from .questions import catalogue

    questions = catalogue()
    if name not in questions:
        err.print(f"[red]error:[/] no question {name!r}; `ansvar queries` lists them: {', '.join(questions)}")
        raise typer.Exit(2)
    if fmt not in ("table", "csv", "json"):
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose table, csv or json")
        raise typer.Exit(2)
    raw: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            err.print(f"[red]error:[/] --param needs NAME=VALUE, not {item!r}")
            raise typer.Exit(2)
        raw[key.strip()] = value.strip()
    raw |= {k: v for k, v in (("county", county), ("asOf", as_of)) if v is not None}
    try:
        text = questions[name].bound(raw)
    except ParameterError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    store = _store(endpoint, store_dir)
    accept = {"csv": "text/csv", "json": "application/sparql-results+json"}.get(fmt, SOLUTION_TYPES[0])
    result = store.query(text, accept=(accept, "text/turtle"))
    if fmt != "table":
        sys.stdout.write(result.body.decode("utf-8"))
        return
    _print_table(json.loads(result.body))


def _query_text(arg: str) -> str:
    from .questions import catalogue

    if arg.startswith("@"):
        return Path(arg[1:]).read_text(encoding="utf-8")
    question = catalogue().get(arg)
    return question.bound() if question else arg


def _compact(term: dict[str, str]) -> str:
    value = term["value"]
    if term["type"] == "uri":
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns) :]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    lang = term.get("xml:lang")
    return f"{value}@{lang}" if lang else value


def _print_table(data: dict[str, Any]) -> None:  # a SPARQL JSON result
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    table = Table(show_lines=False)
    for v in variables:
        table.add_column(v, overflow="fold")
    for row in rows:
        table.add_row(*(_compact(row[v]) if v in row else "" for v in variables))
    out.print(table)
    out.print(f"{len(rows)} row(s)")


SeedsDirs = Annotated[
    list[Path] | None, typer.Option("--seeds", help="Directory of source texts (repeatable; default ../shared/seeds).")
]


@app.command()
def check(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate the gap rules as of this date, YYYY-MM-DD (default: today).")
    ] = None,
    severity: Annotated[
        str, typer.Option("--severity", help="Report, and fail on, findings at or above: violation|warning|info.")
    ] = "info",
    fmt: Annotated[str, typer.Option("--format", help="text|json|turtle|html")] = "text",
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint", help="Check the data of this SPARQL endpoint (fetched with CONSTRUCT, checked here)."
        ),
    ] = None,
    store_dir: StoreDir = None,
    add: Annotated[
        list[Path] | None, typer.Option("--add", help="Also load this Turtle file as a source document graph.")
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="store: SPARQL rules on the store (default); pyshacl: everything in pyshacl (reference, slow).",
        ),
    ] = "store",
    every_shape: Annotated[
        bool,
        typer.Option(
            "--every-shape",
            help="With --store-dir: evaluate every shape, also those the build's gate ran on that generation "
            "with the same shapes (by default its record, gate.json, stands for them).",
        ),
    ] = False,
) -> None:
    """Completeness and responsibility gaps, county by county and rule by rule.

    Exit status: 0 when nothing at or above --severity is found, 1 otherwise (also for
    broken Turtle), 2 on bad input.
    """
    date, floor = _check_options(as_of, severity, fmt, engine)
    data = _check_data(endpoint, store_dir, add, gate_record=not every_shape)
    try:
        report = run_checks(data, date, engine).filtered(floor)
    except ShapesInvalid as e:
        _exit_shapes_invalid(e, 2)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "turtle":
        sys.stdout.write(report.graph().serialize(format="turtle"))
    elif fmt == "html":
        from .render.checks_page import standalone_checks_page  # Jinja: only for this format

        sys.stdout.write(standalone_checks_page(report, data))
    else:
        print_report(report, out)
    raise typer.Exit(1 if report.findings else 0)


def _check_options(as_of: str | None, severity: str, fmt: str, engine: str) -> tuple[dt.date, str]:
    """The date and the severity floor of `ansvar check`, or exit 2 on bad input."""
    try:
        date = parse_as_of(as_of)
        floor = parse_severity(severity)
        if fmt not in ("text", "json", "turtle", "html"):
            raise CheckInputError(f"unknown format {fmt!r}; choose text, json, turtle or html")
        if engine not in ("store", "pyshacl"):
            raise CheckInputError(f"unknown engine {engine!r}; choose store or pyshacl")
    except CheckInputError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None
    return date, floor


def _check_data(
    endpoint: str | None, store_dir: Path | None, add: list[Path] | None, *, gate_record: bool = True
) -> CheckData:
    """What `ansvar check` checks: an endpoint's data, the on-disk store, or the project's files."""
    try:
        if endpoint:
            return CheckData.from_endpoint(endpoint)
        if store_dir:
            return CheckData.from_store(_open_store(store_dir), gate_record=gate_record)
        return CheckData.from_project(extra_files=add)
    except LoadError as e:
        _exit_broken_turtle(e)
    except EndpointError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from None


@app.command()
def coverage(
    seeds: SeedsDirs = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
    add: Annotated[
        list[Path] | None, typer.Option("--add", help="Also load this Turtle file as a source document graph.")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Only this document: its name or text file name (repeatable).")
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", help="Exit 1 if less than this % of the statements is modelled.")
    ] = None,
    ledger: Annotated[
        bool, typer.Option("--ledger", help="Also print each statement with the facts and quotes that cover it.")
    ] = False,
    fail_undecided: Annotated[
        bool, typer.Option("--fail-undecided", help="Exit 1 if a statement is neither modelled nor set aside.")
    ] = False,
) -> None:
    """Per source document: statements in its text, how many the graph models, sets aside or
    leaves undecided, and the statements (fact, property) with and without evidence.

    Also checks that every ans:quote is a verbatim substring of its document's text and that
    ans:sha256 is the SHA-256 of the text file; any failure exits 1.
    """
    if fmt not in ("table", "json"):
        err.print(f"[red]error:[/] unknown format {fmt!r}; choose table or json")
        raise typer.Exit(2)
    dirs = _seed_dirs(seeds)
    try:
        loaded = load_all(default_paths(), add or [])
    except LoadError as e:
        err.print(f"error: broken Turtle in {e}", markup=False)
        raise typer.Exit(1) from None
    from . import coverage as cov  # only `ansvar coverage` needs it

    report = cov.measure(loaded, dirs, only or [])
    if only and not report.documents:
        err.print(f"error: no source document named {', '.join(only)}", markup=False)
        raise typer.Exit(2)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        cov.print_report(report, out)
        if ledger:
            cov.print_ledger(report, out)
    _exit_on_coverage_failures(report, fail_under, fail_undecided)


def _seed_dirs(seeds: list[Path] | None) -> list[Path]:
    """The directories of source texts `ansvar coverage` reads, or exit 2 if there is none."""
    dirs = list(seeds or []) or [d for d in (seeds_dir(),) if d is not None]
    missing = [d for d in dirs if not d.is_dir()]
    if not dirs or missing:
        where = f": {missing[0]}" if missing else " beside the checkout (../shared/seeds)"
        err.print(f"error: no directory of source texts{where}; pass --seeds DIR", markup=False)
        raise typer.Exit(2)
    return dirs


def _exit_on_coverage_failures(report: CoverageReport, fail_under: float | None, fail_undecided: bool) -> None:
    """Exit 1 on a quote or hash error, or when --fail-under or --fail-undecided is not met."""
    errors = report.errors()
    for line in errors:
        err.print("error: " + line, markup=False, highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)
    if fail_under is not None and report.percent < fail_under:
        err.print(f"error: {report.percent:.1f} % of the statements are modelled, below {fail_under:g} %", markup=False)
        raise typer.Exit(1)
    if fail_undecided and report.undecided:
        err.print(
            f"error: {report.undecided} statement(s) are neither modelled nor set aside "
            "(ans:UnmodelledStatement); --ledger lists them",
            markup=False,
        )
        raise typer.Exit(1)


@app.command()
def publish(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the static publication into.")],
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the copy will be hosted; links in pages start with it.")
    ] = "https://w3id.org/ansvar/",
    store_dir: StoreDir = None,
    contact_email: ContactEmail = None,
    publisher_orgnr: PublisherOrgnr = None,
    publisher_name: PublisherName = None,
    publisher_type: PublisherType = None,
    lang: Annotated[str, typer.Option(help="Language of the static pages: sv or en.")] = "sv",
    endpoint: Endpoint = None,
) -> None:
    """Write dumps, DCAT-AP-SE and VoID, the ontology and static HTML pages for every resource."""
    from .publish import PublishFailed
    from .publish import publish as write_publication

    if lang not in ("sv", "en"):
        err.print(f"[red]error:[/] --lang must be sv or en, not {lang!r}")
        raise typer.Exit(2)
    if not base_url.startswith(("http://", "https://")):
        # The DCAT-AP-SE record links to the copy: Sveriges dataportal needs those links absolute.
        err.print(f"[red]error:[/] --base-url must be an absolute http(s) URL, not {base_url!r}")
        raise typer.Exit(2)
    settings = Settings.from_env(
        base_url=base_url,
        contact_email=contact_email,
        publisher_orgnr=publisher_orgnr,
        publisher_name=publisher_name,
        publisher_type=publisher_type,
    )
    publication = _publication_or_exit(settings)
    store = _store(endpoint, store_dir, publication)
    try:
        result = write_publication(store, out_dir, base_url, publication.contact_email, lang, publication.publisher)
    except PublishFailed as e:
        err.print(f"[red]error:[/] {e}")
        for finding in e.report.violations:
            err.print("  " + finding.line(), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(
        f"published to {result.out}: {result.pages} resource pages, {result.classes} class pages, "
        f"{result.data_files} data files, {result.dumps} dumps, DCAT-AP-SE and VoID"
    )


if __name__ == "__main__":
    app()
