"""A real nginx (Debian `nginx`) for the tests, run as `nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'`.

`wrap()` puts an `http`-context file (such as deploy/nginx/ansvar.conf) into a main
configuration whose pid file, logs and temporary files all live in DIR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from servers import ServerDidNotStart, stop_process, tcp_ready, wait_until

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "ansvar.conf"

MAIN = """\
{user}worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 512; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{http}
}}
"""


def ansvar_conf(listen: int, replicas: list[int]) -> str:
    """The shipped configuration (deploy/nginx/ansvar.conf) with these ports. The per-client
    SPARQL rate is raised: every client of a test or benchmark is one address, 127.0.0.1."""
    text = SHIPPED_CONF.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in replicas)
    text, n = re.subn(
        r"(?m)^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server 127\.0\.0\.1:\d+ [^\n]*\n)*", servers, text
    )
    assert n == 1
    text, n = re.subn(r"listen 8080;", f"listen 127.0.0.1:{listen};", text)
    assert n == 1
    text, n = re.subn(r"rate=20r/s", "rate=10000r/s", text)
    assert n == 1
    return text


def wrap(directory: Path, http_context: str) -> str:
    # As root, nginx's workers would run as `nobody`, who cannot write the test's private directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    body = "\n".join("    " + line if line else "" for line in http_context.splitlines())
    return MAIN.format(user=user, d=directory, http=body)


@dataclass
class Nginx:
    process: subprocess.Popen
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def conf(self) -> Path:
        return self.directory / "nginx.conf"

    def reload(self, http_context: str) -> None:
        """Write a new configuration and `nginx -s reload` it (old workers finish their requests)."""
        self.conf.write_text(wrap(self.directory, http_context))
        proc = subprocess.run(
            [NGINX, "-p", str(self.directory), "-c", str(self.conf), "-s", "reload"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if proc.returncode != 0:
            raise RuntimeError("nginx -s reload failed: " + proc.stderr)

    def error_log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        stop_process(self.process)  # SIGTERM: fast shutdown of master and workers


def start_nginx(directory: Path, http_context: str, port: int) -> Nginx:
    directory.mkdir(parents=True, exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(wrap(directory, http_context))
    test = subprocess.run(
        [NGINX, "-t", "-p", str(directory), "-c", str(conf)], capture_output=True, text=True, timeout=30
    )
    if test.returncode != 0:
        raise RuntimeError("nginx -t refused the configuration:\n" + test.stderr)
    process = subprocess.Popen(
        [NGINX, "-p", str(directory), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(directory / "stderr.log").open("w"),
    )
    server = Nginx(process, directory, port)
    try:
        wait_until(process, tcp_ready(port), timeout=30, name="nginx", log=directory / "stderr.log")
    except ServerDidNotStart as err:
        raise ServerDidNotStart(f"{err}\n{server.error_log()}") from None
    return server
