"""One browser session without a browser: Streamlit's websocket protocol, for load and tests.

A session is one websocket to ``/_stcore/stream`` (subprotocol "streamlit"). A page run is one
``BackMsg`` with ``rerun_script`` (the page's url path, the query string and, to act like a
person, the states of the widgets they changed), read until the server's ``script_finished``.
A run that ends early for a rerun (``st.rerun`` after a save) is followed to the end of the
next one. The elements of the last run are kept, so a caller can find a widget's id by its
key (Streamlit ends a keyed widget's id with ``-<key>``) or read the messages shown.

Works directly against one ``streamlit run`` process or through nginx (``deploy/``). Through
nginx a session does what a browser does: it loads the page first (``first_visit``), keeps the
sticky cookie nginx sets there (naming the process it chose) and opens its websocket with it,
and it notes the ``X-Readiness-Process`` header that says which process answered.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

#: ``ForwardMsg.script_finished`` values (streamlit/proto/ForwardMsg.proto)
FINISHED = 0
COMPILE_ERROR = 1
EARLY_FOR_RERUN = 2
FRAGMENT_FINISHED = 3


@dataclass
class Run:
    """What one page run drew: its elements (type name, proto) and how long it took."""

    seconds: float = 0.0
    ok: bool = True
    elements: list[tuple[str, Any]] = field(default_factory=list)

    def of_type(self, kind: str) -> Iterator[Any]:
        return (proto for name, proto in self.elements if name == kind)

    def widget(self, kind: str, key: str) -> Any:
        """The element of ``kind`` whose widget key is ``key`` (its id ends with ``-key``)."""
        for proto in self.of_type(kind):
            if proto.id.endswith(f"-{key}"):
                return proto
        raise LookupError(f"no {kind} with the key {key!r} on the page")

    def texts(self) -> list[str]:
        """Every markdown and alert body drawn (to look for a message)."""
        out = []
        for name, proto in self.elements:
            if name in ("markdown", "alert"):
                out.append(proto.body)
        return out

    def shows(self, words: str) -> bool:
        return any(words in text for text in self.texts())


def string_state(widget_id: str, value: str) -> Any:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_value = value
    return state


def trigger_state(widget_id: str) -> Any:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.trigger_value = True
    return state


def rerun_message(page: str, query: str, widgets: Sequence[Any] = ()) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.widget_states.widgets.extend(widgets)
    return bytes(msg.SerializeToString())


def first_visit(base_url: str) -> str | None:
    """Load the page as a browser does first: the ``readiness_node`` cookie nginx set, if any."""
    with urllib.request.urlopen(base_url.rstrip("/") + "/", timeout=30) as response:  # noqa: S310
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            if name.strip() == "readiness_node":
                return value.strip()
    return None


class Session:
    """One simulated browser session (use ``async with``).

    ``cookie`` is the sticky cookie to send ("" for none); without one (None) the session first
    loads the page, as a browser does, and keeps the cookie nginx sets (none without nginx).
    """

    def __init__(self, base_url: str, *, cookie: str | None = None) -> None:
        self.base_url = base_url
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.cookie = cookie
        self.process = ""  # the X-Readiness-Process header nginx added, if any
        self._ws: Any = None

    async def __aenter__(self) -> Session:
        import websockets

        if self.cookie is None:
            self.cookie = await asyncio.to_thread(first_visit, self.base_url)
        headers = {"Cookie": f"readiness_node={self.cookie}"} if self.cookie else None
        self._ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers=headers,
            max_size=None,
            open_timeout=30,
        )
        response = self._ws.response
        if response is not None:
            self.process = response.headers.get("X-Readiness-Process", "")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()

    async def run(
        self, page: str, query: str, widgets: Sequence[Any] = (), *, timeout: float = 60.0
    ) -> Run:
        """One page run (and the run after it when the page asks for a rerun)."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run()
        start = time.perf_counter()
        await self._ws.send(rerun_message(page, query, widgets))
        async with asyncio.timeout(timeout):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self._ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    run.elements = []  # a new run of the script: keep only the last one's
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    name = str(element.WhichOneof("type"))
                    run.elements.append((name, getattr(element, name)))
                    if name == "exception":
                        run.ok = False
                elif kind == "script_finished":
                    if msg.script_finished == EARLY_FOR_RERUN:
                        continue
                    run.ok = run.ok and msg.script_finished in (FINISHED, FRAGMENT_FINISHED)
                    run.seconds = time.perf_counter() - start
                    return run
