"""`streamlit run`, with Nagle's algorithm off on every browser connection.

    python scripts/streamlit_run.py app.py --server.port 8501   # the arguments of `streamlit run`

Streamlit 1.67 binds its listening socket itself (`starlette_server._bind_socket`) as
`socket.socket(family)`, whose `proto` is 0, and asyncio disables Nagle's algorithm only on sockets
whose `proto` is IPPROTO_TCP. So every websocket connection keeps Nagle on: after the first small
message of a rerun, the rest wait for the browser's delayed ACK, 40 ms on Linux, on every rerun
(measured: a bare Streamlit page's warm rerun took 48 ms of wall time for 7 ms of CPU; 6 ms with
this). TCP_NODELAY set on the listening socket is inherited by every accepted connection.

`make run`, the replicas of `scripts/serve.py`, the browser tests and the benchmarks start the app
through this; with any other launcher the app works the same, only each rerun arrives 40 ms later.
"""

import socket
import sys

from streamlit.web import cli
from streamlit.web.server.starlette import starlette_server


def _nodelay(bind):
    def bind_without_nagle(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    return bind_without_nagle


def install() -> None:
    """Make Streamlit's server bind its listening socket with TCP_NODELAY."""
    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:  # a Streamlit upgrade moved it: fail loudly rather than serve slowly
        raise RuntimeError("streamlit.web.server.starlette.starlette_server._bind_socket is gone")
    starlette_server._bind_socket = _nodelay(bind)


def main() -> None:
    install()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
