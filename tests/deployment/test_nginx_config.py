"""The nginx configuration written from deploy/'s templates, and the systemd units beside it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from deploy.launch import NGINX_HINT, nginx_binary
from deploy.nginx_config import main_config, parse_ports, site_config, write_config

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


def test_the_site_sends_every_request_of_a_browser_to_one_process_by_its_cookie() -> None:
    site = site_config([8601, 8602, 8603], "127.0.0.1:9000")
    for port in (8601, 8602, 8603):
        assert f"server 127.0.0.1:{port} " in site
    # a new browser: the process with the fewest open connections (websockets count)
    assert "upstream readiness {\n    least_conn;" in site
    # a browser with a cookie: the process it names, by name, the others as backups
    assert "map $cookie_readiness_node $readiness_upstream {" in site
    assert "    p2 readiness_p2;\n" in site
    assert (
        "upstream readiness_p2 {\n"
        "    server 127.0.0.1:8602 max_fails=1 fail_timeout=5s;\n"
        "    server 127.0.0.1:8601 backup;\n"
        "    server 127.0.0.1:8603 backup;\n}"
    ) in site
    assert "proxy_pass http://$readiness_upstream;" in site
    # the answer names the process that served it (the last tried, after a failover)
    assert '"~(^|, )127\\.0\\.0\\.1:8603$" p3;' in site
    assert '"readiness_node=$readiness_name; Path=/; HttpOnly; SameSite=Lax"' in site
    assert "listen 127.0.0.1:9000;" in site
    assert "{{" not in site


def test_the_site_carries_websockets_and_keeps_them_open() -> None:
    site = site_config([8601], "80")
    assert "proxy_http_version 1.1;" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert "proxy_set_header Connection $readiness_connection;" in site
    assert "proxy_read_timeout 1d;" in site
    assert "proxy_set_header Host $http_host;" in site  # Streamlit checks Origin against it
    assert "location = /healthz" in site
    assert "client_max_body_size 200m;" in site


def test_a_site_needs_a_process() -> None:
    with pytest.raises(ValueError, match="at least one"):
        site_config([], "80")


def test_ports_are_read_as_a_range_or_a_list() -> None:
    assert parse_ports("8501-8504") == [8501, 8502, 8503, 8504]
    assert parse_ports("8501,8503") == [8501, 8503]


def test_nginx_run_by_the_launcher_keeps_every_file_in_its_folder(tmp_path: Path) -> None:
    conf = main_config(tmp_path)
    assert f"pid {tmp_path}/nginx.pid;" in conf
    assert "daemon off;" in conf  # the launcher's child, stopped by its PID
    assert f"include {tmp_path}/readiness-site.conf;" in conf
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        assert f"{name}_temp_path {tmp_path}/temp/" in conf
    assert ("user " in conf) == (os.geteuid() == 0)


def test_the_shipped_site_file_is_the_template_written_for_four_processes() -> None:
    shipped = (SYSTEMD / "readiness-nginx-site.conf").read_text(encoding="utf-8")
    assert shipped == site_config(parse_ports("8501-8504"), "80"), (
        "regenerate it: python -m deploy.nginx_config --ports 8501-8504 --listen 80 "
        "> deploy/systemd/readiness-nginx-site.conf"
    )


def test_the_systemd_unit_runs_one_process_per_port_on_localhost() -> None:
    unit = (SYSTEMD / "readiness@.service").read_text(encoding="utf-8")
    assert "--server.address=127.0.0.1 --server.port=%i" in unit
    assert "Environment=READINESS_DB=/var/lib/readiness/readiness.db" in unit
    assert "ReadWritePaths=/var/lib/readiness" in unit
    assert "Restart=on-failure" in unit


def test_nginx_accepts_the_written_configuration(tmp_path: Path) -> None:
    nginx = nginx_binary()
    if nginx is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(NGINX_HINT)
        pytest.skip(NGINX_HINT)
    conf = write_config(tmp_path, [8601, 8602], "127.0.0.1:9000")
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
