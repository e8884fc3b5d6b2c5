"""A real Virtuoso Open Source server (Debian `virtuoso-opensource`) for the back-end tests.

Started on 127.0.0.1 on free ports with a generated virtuoso.ini whose database,
logs and temporary files all live in one temporary directory; stopped by its pid.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from servers import ServerDidNotStart, http_ready, stop_process, wait_until

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"
PASSWORD = "dba"  # a fresh database's dba password; the server listens on 127.0.0.1 only

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{isql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {d}, /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 512M
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
DefaultQuery               = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
"""


@dataclass
class Virtuoso:
    process: subprocess.Popen
    directory: Path
    http_port: int
    isql_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def graph_crud(self) -> str:
        """The Graph Store Protocol endpoint that needs (digest) authentication."""
        return self.url + "/sparql-graph-crud-auth"

    def isql(self, *statements: str) -> str:
        """Run SQL statements as dba through isql-vt; raises on an error."""
        script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
        proc = subprocess.run(
            [
                ISQL,
                f"127.0.0.1:{self.isql_port}",
                "dba",
                PASSWORD,
                "VERBOSE=OFF",
                "BANNER=OFF",
                "PROMPT=OFF",
                "ECHO=OFF",
                "ERRORS=STDOUT",
            ],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if proc.returncode != 0 or "*** Error" in proc.stdout:
            raise RuntimeError(f"isql failed: {proc.stdout}{proc.stderr}")
        return proc.stdout

    def log(self) -> str:
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        stop_process(self.process, timeout=30)


def start_virtuoso(
    directory: Path, http_port: int, isql_port: int, max_rows: int = 1_000_000, wait_s: float = 120
) -> Virtuoso:
    """Start virtuoso-t in the foreground on 127.0.0.1; return once its HTTP port answers a query."""
    directory.mkdir(parents=True, exist_ok=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, http_port=http_port, isql_port=isql_port, max_rows=max_rows))
    out = (directory / "stdout.log").open("w")
    process = subprocess.Popen(
        [VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=directory, stdout=out, stderr=subprocess.STDOUT
    )
    server = Virtuoso(process, directory, http_port, isql_port)
    ready = http_ready(server.sparql, {"query": "ASK {}"}, {"Accept": "application/sparql-results+json"})
    try:
        wait_until(process, ready, timeout=wait_s, interval=0.3, name="virtuoso-t")
    except ServerDidNotStart as err:
        raise ServerDidNotStart(f"{err}\n{server.log()[-3000:]}") from None
    return server
