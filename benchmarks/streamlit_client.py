"""A Streamlit browser session without a browser: Streamlit's websocket protocol, for load tests and
benchmarks.

What a browser does, and what this client does the same way:

1. A plain GET of the page (and of `/_stcore/health`) collects the cookies: `_streamlit_xsrf`, and a
   load balancer's stickiness cookie when there is one (HAProxy's `SRV`).
2. A websocket to `<base>/_stcore/stream` with those cookies, an `Origin` header and the
   subprotocols `streamlit, <xsrf token>`.
3. Each run is a `BackMsg.rerun_script` carrying a `ClientState`: page name, query string, context
   info (URL, embedded or not, timezone, colour scheme) and the hashes of the large messages this
   session already holds. The server answers with `ForwardMsg`s and ends the run with
   `script_finished`; a message the client reported as cached comes back as a `ref_hash` only.
4. The session follows the server like an address bar does: `page_info_changed` rewrites the query
   string, `navigation` names the current page (a `st.switch_page` starts a run of its own).

`Session.rerun()` returns what the run cost on the wire: bytes received (websocket payloads),
messages, the time until `script_finished`, and which elements were sent or referenced.

    with Session("http://127.0.0.1:8501") as session:
        first = session.rerun("rankings", "lang=en")
        change = session.rerun("rankings", "lang=en&tier=leading")
        print(first.bytes, change.bytes, change.seconds)

The client runs under plain threads and under gevent (Locust): it uses `websocket-client` and the
standard library only.
"""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class RunResult:
    """What one rerun cost on the wire, as the browser would have received it."""

    bytes: int = 0  # websocket payload bytes received from the server
    messages: int = 0
    seconds: float = 0.0  # from sending rerun_script to the last script_finished
    runs: int = 0  # script runs (a st.switch_page or st.rerun adds one)
    status: str = ""
    element_bytes: dict[str, int] = field(default_factory=dict)  # element type -> bytes, new elements only
    referenced: int = 0  # large messages sent as a hash because the client had them
    exceptions: list[str] = field(default_factory=list)
    page_not_found: bool = False
    elements: list[tuple[str, Any]] = field(default_factory=list)  # (element type, its proto), new elements only

    def texts(self, element_type: str | None = None) -> list[str]:
        """Visible text of the elements drawn (markdown bodies, headings, labels, options)."""
        texts = []
        for kind, proto in self.elements:
            if element_type not in (None, kind):
                continue
            for name in ("body", "label", "value"):
                value = getattr(proto, name, None)
                if isinstance(value, str) and value:
                    texts.append(value)
            options = getattr(proto, "options", None)
            if options is not None:
                texts.extend(option if isinstance(option, str) else option.content for option in options)
        return texts


class Session:
    """One browser tab: cookies, one websocket, the message cache, the current page and URL."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 120.0,
        embedded: bool = False,
        color_scheme: str = "light",
        headers: dict[str, str] | None = None,
        keep_messages: bool = False,
    ):
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path.rstrip("/")  # server.baseUrlPath, e.g. "/atlas"
        self.timeout = timeout
        self.embedded = embedded
        self.color_scheme = color_scheme
        self.headers = dict(headers or {})
        self.cookies = CookieJar()
        # The browser's message cache: hash -> the run count when last received or referenced;
        # entries older than the server's maxCachedMessageAge (2 runs) are dropped, as the browser does.
        self.cache: dict[str, int] = {}
        # With keep_messages, the cached messages themselves (as a browser keeps them), so elements
        # sent by reference are recorded too; off for the load test, which needs only the hashes.
        self.keep_messages = keep_messages
        self.messages: dict[str, ForwardMsg] = {}
        self.run_count = 0
        self.max_message_age = 2
        self.page_name = ""
        self.page_script_hash = ""
        self.query_string = ""
        self.session_id = ""  # the server's id of this session (sent back on a reconnect)
        self.reconnects = 0
        self._socket: websocket.WebSocket | None = None

    # -- connection ---------------------------------------------------------------------------

    def url(self, path: str = "") -> str:
        return f"{self.origin}{self.base_path}/{path.lstrip('/')}"

    def _get(self, path: str) -> bytes:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        request = urllib.request.Request(self.url(path), headers=self.headers)
        with opener.open(request, timeout=self.timeout) as response:
            return response.read()

    def _cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def connect(self, page: str = "") -> Session:
        """GET the page and the health check (cookies), then open the websocket."""
        self._get(page)
        self._open_stream()
        return self

    def reconnect(self) -> Session:
        """What the browser does when its websocket drops: health check, then a new websocket with the
        same cookies and the old session id. Behind HAProxy the stickiness cookie leads back to the
        same replica; if that one is down (`option redispatch`) another answers, and as it does not
        know the session id it starts a fresh session (widget state and sign-in are per process)."""
        self.close()
        self.reconnects += 1
        deadline = time.monotonic() + self.timeout
        while True:  # the browser pings the health check with a backoff until the server answers
            try:
                self._open_stream()
                return self
            except (OSError, websocket.WebSocketException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def _open_stream(self) -> None:
        self._get("_stcore/health")
        xsrf = next((cookie.value for cookie in self.cookies if cookie.name == XSRF_COOKIE), "")
        scheme = "wss" if self.origin.startswith("https") else "ws"
        target = urlunsplit((scheme, urlsplit(self.origin).netloc, f"{self.base_path}/_stcore/stream", "", ""))
        protocols = ["streamlit", xsrf]
        if self.session_id:
            protocols.append(self.session_id)
        self._socket = websocket.create_connection(
            target,
            timeout=self.timeout,
            subprotocols=protocols if xsrf or self.session_id else ["streamlit"],
            origin=self.origin,
            cookie=self._cookie_header() or None,
            header=[f"{name}: {value}" for name, value in self.headers.items()],
            enable_multithread=False,
        )

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> Session:
        return self if self._socket is not None else self.connect()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------------

    def _client_state(self) -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(sorted(self.cache))
        info = state.context_info
        info.timezone = "Asia/Shanghai"
        info.timezone_offset = -480
        info.locale = "zh-CN"
        info.url = self.url(self.page_name) + (f"?{self.query_string}" if self.query_string else "")
        info.is_embedded = self.embedded
        info.color_scheme = self.color_scheme
        return message

    def rerun(self, page: str | None = None, query_string: str | None = None) -> RunResult:
        """Run `page` (its URL path, "" for the default page) with `query_string`, as a browser
        does after a navigation or a widget change; wait for the run (and any run it starts) to end.

        Leaving `page` or `query_string` out keeps the current one (a rerun in place).
        """
        if self._socket is None:
            self.connect(page or "")
        if page is not None and page != self.page_name:
            self.page_name, self.page_script_hash = page, ""
        if query_string is not None:
            self.query_string = query_string.lstrip("?")
        assert self._socket is not None
        result = RunResult()
        started = time.perf_counter()
        self._socket.send_binary(self._client_state().SerializeToString())
        while True:
            payload = self._socket.recv()
            data = payload if isinstance(payload, bytes) else payload.encode()
            result.bytes += len(data)
            result.messages += 1
            message = ForwardMsg()
            message.ParseFromString(data)
            if self._follow(message, len(data), result):
                result.seconds = time.perf_counter() - started
                return result

    def _follow(self, message: ForwardMsg, size: int, result: RunResult) -> bool:
        """Keep the browser's view of the session; True when the last run of this request ended."""
        kind = message.WhichOneof("type")
        if message.metadata.cacheable and message.hash:
            self.cache[message.hash] = self.run_count
            if self.keep_messages:
                self.messages[message.hash] = message
        if kind == "ref_hash":
            result.referenced += 1
            self.cache[message.ref_hash] = self.run_count
            kept = self.messages.get(message.ref_hash)
            kept_type = kept.delta.new_element.WhichOneof("type") if kept is not None else None
            if kept is not None and kept_type:
                result.elements.append((kept_type, getattr(kept.delta.new_element, kept_type)))
        elif kind == "new_session":
            self.max_message_age = message.new_session.config.max_cached_message_age or self.max_message_age
            self.session_id = message.new_session.initialize.session_id or self.session_id
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_type = element.WhichOneof("type") or "?"
            result.element_bytes[element_type] = result.element_bytes.get(element_type, 0) + size
            if element.WhichOneof("type"):
                result.elements.append((element_type, getattr(element, element_type)))  # referenced ones too, if kept
            if element_type == "exception":
                result.exceptions.append(element.exception.message)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            self.page_script_hash = message.navigation.page_script_hash
            current = next(
                (page for page in message.navigation.app_pages if page.page_script_hash == self.page_script_hash),
                None,
            )
            if current is not None:
                self.page_name = current.url_pathname
        elif kind == "page_not_found":
            result.page_not_found = True
        elif kind == "script_finished":
            result.runs += 1
            status = message.script_finished
            result.status = ForwardMsg.ScriptFinishedStatus.Name(status)
            if status == FINISHED_EARLY_FOR_RERUN:
                return False
            self.run_count += 1
            self.cache = {
                key: seen for key, seen in self.cache.items() if self.run_count - seen <= self.max_message_age
            }
            return True
        return False
