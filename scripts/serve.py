"""Serve the atlas as N Streamlit replicas behind HAProxy on one address: `make serve REPLICAS=2 PORT=8501`.

    python scripts/serve.py --replicas 2 --port 8501 [--host 127.0.0.1] [--state var/serve]

1. Builds the database once (`python -m queries.build`), so replicas never race to build it.
2. Starts each replica (`streamlit run app.py`, through scripts/streamlit_run.py) on 127.0.0.1 at an internal port (PORT + 10000 + i,
   or a free port where that one is out of range or taken)
   with one shared cookie secret (XSRF tokens and signed cookies stay valid when a tab moves to
   another replica), and waits for each `/_stcore/health`.
3. Writes `deploy/haproxy.cfg` with one `server` line per replica to `<state>/haproxy.cfg` and runs
   HAProxy (Debian package `haproxy`) in the foreground on HOST:PORT.
4. Writes `<state>/serve.json` (the address, each replica's port and pid, HAProxy's pid) for the load
   test and the failover test, then waits; Ctrl-C or SIGTERM stops everything it started.

With ATLAS_LAKE and ATLAS_LAKE_DATA set, every replica serves the same DuckLake (any replica's
commit shows on every replica's next rerun). Without them the replicas share the local DuckDB file:
that works on one machine only (see docs/deployment.md).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
MARKER = "    # @servers"
INTERNAL_OFFSET = 10000


def haproxy_config(ports: list[int]) -> str:
    """deploy/haproxy.cfg with its example server lines replaced by one line per replica."""
    text = TEMPLATE.read_text(encoding="utf-8")
    head, _, _example = text.partition(MARKER)
    servers = "".join(f"    server r{i} 127.0.0.1:{port} check cookie r{i}\n" for i, port in enumerate(ports, 1))
    return head + servers


def internal_ports(port: int, replicas: int) -> list[int]:
    """PORT + 10001, PORT + 10002, …; any of them out of range or taken is replaced by a free port."""
    ports = []
    for wanted in range(port + INTERNAL_OFFSET + 1, port + INTERNAL_OFFSET + 1 + replicas):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", wanted if wanted < 65536 else 0))
            except OSError:
                sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy within {seconds:.0f} s")


def start_replica(port: int, cookie_secret: str, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, str(ROOT / "scripts" / "streamlit_run.py"), str(ROOT / "app.py"),  # streamlit run, Nagle off
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
    ]  # fmt: skip
    environment = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=cookie_secret)
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state", type=Path, default=ROOT / "var" / "serve")
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    args = parser.parse_args(argv)
    if not Path(args.haproxy).exists():
        raise SystemExit("haproxy not found: apt-get install haproxy (Debian package)")
    args.state.mkdir(parents=True, exist_ok=True)
    lake = bool(os.environ.get("ATLAS_LAKE"))
    if not lake:
        print("note: no ATLAS_LAKE: the replicas share the local DuckDB file (one machine only)", flush=True)
    subprocess.run([sys.executable, "-m", "queries.build"], cwd=ROOT, check=True)

    cookie_secret = os.environ.get("ATLAS_COOKIE_SECRET") or secrets.token_hex(32)
    ports = internal_ports(args.port, args.replicas)
    children: list[subprocess.Popen] = []

    def stop() -> None:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()

    def interrupted(*_signal) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    try:
        for i, port in enumerate(ports, 1):
            children.append(start_replica(port, cookie_secret, args.state / f"replica-{i}.log"))
        for port, child in zip(ports, children):
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", child)
        config = args.state / "haproxy.cfg"
        config.write_text(haproxy_config(ports), encoding="utf-8")
        environment = dict(os.environ, ATLAS_BIND=f"{args.host}:{args.port}")
        balancer = subprocess.Popen(
            [args.haproxy, "-f", str(config), "-db"],
            env=environment,
            stdout=(args.state / "haproxy.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        children.append(balancer)
        address = f"http://{args.host}:{args.port}"
        wait_healthy(f"{address}/_stcore/health", balancer)
        state = {
            "address": address,
            "storage": "lake" if lake else "local",
            "replicas": [
                {"name": f"r{i}", "port": p, "pid": c.pid} for i, (p, c) in enumerate(zip(ports, children), 1)
            ],
            "haproxy_pid": balancer.pid,
            "serve_pid": os.getpid(),
        }
        (args.state / "serve.json").write_text(json.dumps(state, indent=2), encoding="utf-8")
        print(f"serving {address}: {args.replicas} replica(s) behind HAProxy ({state['storage']} storage)", flush=True)
        balancer.wait()  # replicas may die and come back; HAProxy going away ends the service
        print(f"haproxy exited with {balancer.returncode}", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    except SystemExit as failure:
        print(f"serve: {failure}; logs in {args.state}", file=sys.stderr, flush=True)
        return 1
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
