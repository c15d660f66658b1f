"""The nginx configuration for N server processes, written from this folder's templates.

``python -m deploy.nginx_config --ports 8501-8504 --listen 80`` prints the site file for a real
server (``/etc/nginx/sites-available/readiness``). The launcher writes the same site file and a
small main configuration that runs nginx as the current user with every file in one folder.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE_TEMPLATE = HERE / "readiness-site.conf.template"
MAIN_TEMPLATE = HERE / "nginx-main.conf.template"


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    if "{{" in template:
        raise ValueError("a placeholder in the nginx template was not filled")
    return template


def process_name(number: int) -> str:
    """The name a browser's cookie carries for the ``number``-th process (from 0): p1, p2, ..."""
    return f"p{number + 1}"


def site_config(ports: Sequence[int], listen: str) -> str:
    """The site: the sticky upstreams of ``ports`` on 127.0.0.1, served on ``listen``."""
    if not ports:
        raise ValueError("at least one server port is needed")
    servers = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports
    )
    pinned = []
    for number, port in enumerate(ports):
        lines = [f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"]
        lines += [f"    server 127.0.0.1:{other} backup;" for other in ports if other != port]
        body = "\n".join(lines)
        pinned.append(f"upstream readiness_{process_name(number)} {{\n{body}\n}}")
    names = [process_name(number) for number in range(len(ports))]
    return _fill(
        SITE_TEMPLATE.read_text(encoding="utf-8"),
        {
            "PROCESSES": str(len(ports)),
            "SERVERS": servers,
            "LISTEN": listen,
            "COOKIE_TO_UPSTREAM": "\n".join(f"    {name} readiness_{name};" for name in names),
            "ADDRESS_TO_NAME": "\n".join(
                f'    "~(^|, )127\\.0\\.0\\.1:{port}$" {name};'
                for name, port in zip(names, ports, strict=True)
            ),
            "PINNED_UPSTREAMS": "\n".join(pinned),
        },
    )


def main_config(prefix: Path) -> str:
    """nginx's own configuration for a run as the current user, everything under ``prefix``."""
    # A master started as root would hand the workers to "nobody", who cannot write here.
    user_line = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    return _fill(
        MAIN_TEMPLATE.read_text(encoding="utf-8"),
        {"PREFIX": str(prefix), "USER_LINE": user_line},
    )


def write_config(prefix: Path, ports: Sequence[int], listen: str) -> Path:
    """Write ``nginx.conf`` and ``readiness-site.conf`` into ``prefix``; returns nginx.conf."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "temp" / name).mkdir(parents=True, exist_ok=True)
    (prefix / "readiness-site.conf").write_text(site_config(ports, listen), encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix), encoding="utf-8")
    return conf


def parse_ports(text: str) -> list[int]:
    """``8501-8504`` or ``8501,8502``."""
    if "-" in text:
        first, last = (int(part) for part in text.split("-", 1))
        return list(range(first, last + 1))
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print the nginx site file for N processes.")
    parser.add_argument("--ports", default="8501-8504", help="e.g. 8501-8504 or 8501,8502")
    parser.add_argument("--listen", default="80", help="nginx's listen value, e.g. 80")
    args = parser.parse_args(argv)
    print(site_config(parse_ports(args.ports), args.listen), end="")


if __name__ == "__main__":
    main()
