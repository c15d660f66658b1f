"""Sign-in for the browser tests: a local OpenID Connect provider and an app that uses it.

* :func:`start_provider` runs ``tests/browser/oidc_provider.mjs`` (the npm package
  ``oauth2-mock-server``) with Node on 127.0.0.1, on a port the system chooses; never the
  network. :func:`choose_person` says who the next sign-in is (e-mail, name, whether the
  e-mail is verified); :func:`stop_provider` ends it by its process id.
* :func:`start_signed_in_server` runs ``streamlit run`` like the harness does, with
  ``--secrets.files`` naming a secrets file of its own whose ``[auth]`` section points at the
  provider. The app is browsed at ``http://localhost:PORT`` (the host of ``redirect_uri``: the
  sign-in cookie belongs to that host name).
* :func:`signed_cookie` signs a sign-in cookie value as Streamlit does, with a chosen time, so
  a test can show that an expired one means signed out.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.browser.conftest import ROOT, Server, _free_port, _missing, start_server, stop_process

PROVIDER_SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
MOCK_SERVER = ROOT / "node_modules" / "oauth2-mock-server" / "package.json"
#: The client the app is registered as at the provider (the provider accepts any).
CLIENT_ID = "svd-readiness-tests"
CLIENT_SECRET = "not-a-real-secret"  # noqa: S105 - a test provider's, checked by nobody
#: Streamlit's sign-in cookie (``streamlit.web.server.starlette.starlette_server_config``).
USER_COOKIE = "_streamlit_user"


@dataclass
class Provider:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def node_path() -> str:
    """Node, and the npm package the provider is built on; skipped (failed in CI) without."""
    node = shutil.which("node")
    if node is None:
        _missing("Node.js (node)")
    if not MOCK_SERVER.exists():
        _missing("oauth2-mock-server (node_modules/oauth2-mock-server)")
    assert node is not None
    return node


def start_provider(tmp: Path) -> Provider:
    """Start the test provider and wait until its discovery document answers."""
    node = node_path()
    address = tmp / "oidc-address"
    log = tmp / "oidc-provider.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT), str(address)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the test provider exited early:\n{log.read_text(errors='replace')}")
        url = address.read_text().strip() if address.exists() else ""
        if url:
            try:
                with urllib.request.urlopen(
                    f"{url}/.well-known/openid-configuration", timeout=2
                ) as response:
                    if json.load(response).get("issuer") == url:
                        return Provider(url, process, log)
            except OSError:
                pass
        time.sleep(0.2)
    stop_provider(Provider("", process, log))
    pytest.fail(f"the test provider did not start:\n{log.read_text(errors='replace')}")


def choose_person(provider: Provider, email: str, name: str, *, verified: bool = True) -> None:
    """Who the next sign-in at the provider is: their ID token carries these claims."""
    body = json.dumps({"email": email, "name": name, "email_verified": verified}).encode()
    request = urllib.request.Request(
        f"{provider.url}/test/person",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["email"] == email


def stop_provider(provider: Provider) -> None:
    """End the provider by its process id."""
    stop_process(provider.process)


def write_secrets(path: Path, *, port: int, provider: Provider, cookie_secret: str) -> Path:
    """A secrets file whose ``[auth]`` section signs people in at ``provider``."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


def start_signed_in_server(tmp: Path, db: Path, provider: Provider, cookie_secret: str) -> Server:
    """``streamlit run`` on a free port with sign-in at ``provider``; browse at ``.url``."""
    port = _free_port()
    secrets = write_secrets(
        tmp / f"secrets-{port}.toml", port=port, provider=provider, cookie_secret=cookie_secret
    )
    return start_server(
        tmp,
        db,
        extra_args=(f"--secrets.files={secrets}",),
        drop_env=("READINESS_ALLOW_OPEN", "READINESS_ADMINS"),
        port=port,
        host="localhost",
    )


def signed_cookie(cookie_secret: str, value: str, *, at: float) -> str:
    """``value`` signed as Streamlit signs its sign-in cookie, as if at time ``at`` (seconds
    since the epoch)."""

    serializer = URLSafeTimedSerializer(cookie_secret, salt=USER_COOKIE)
    signer = serializer.make_signer()
    assert isinstance(signer, TimestampSigner)
    signer.get_timestamp = lambda: int(at)  # type: ignore[method-assign]
    return signer.sign(serializer.dump_payload(value)).decode("utf-8")


def unsigned_cookie(cookie_secret: str, signed: str) -> str:
    """The value inside a sign-in cookie (no age limit): what the app put there."""
    serializer = URLSafeTimedSerializer(cookie_secret, salt=USER_COOKIE)
    value = serializer.loads(signed)
    assert isinstance(value, str)
    return value
