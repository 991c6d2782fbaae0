"""Load on the web app: 50 concurrent clients against the demo workshop, per page.

Starts ``uvicorn`` on a free loopback port over a fresh demo workshop (SQLite, and
PostgreSQL when a server answers), signs in once as the owner (the clients share the
session, like 50 open tabs), then for each page drives requests from 50 concurrent clients:
with ``wrk`` (Debian's package, written in C) for a fixed time when it is installed, else a
bounded number of requests from asyncio+httpx clients. A Python client on the same two cores
takes most of a core itself (``/healthz`` tops out near 150 requests/s with it, against
~3,700 with wrk), so wrk measures the server rather than the client. Prints one JSON line per
backend and page: p50/p95/p99 latency in ms, errors (anything but 200, and socket errors),
requests per second, and the p95 as a ratio to the baseline ``/healthz`` (no database, no
template) measured in the same run.

    .venv/bin/python bench/web_load.py            # 10 s per page (wrk) or 1000 requests
    .venv/bin/python bench/web_load.py --quick    # 2 s per page (wrk) or 60 requests
    .venv/bin/python bench/web_load.py --quick --backend postgresql --pages /,/plans
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/healthz", "/", "/api/v1/dashboard", "/plans", "/catalogue", "/hides", "/sales",
         "/api/v1/styles"]  # fmt: skip
CONCURRENCY = 50
PASSWORD = "bench-owner-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str) -> None:
    from cordwain.services import accounts, init_workshop, plan_next_batch, unit_of_work

    init_workshop(url, demo=True)
    with unit_of_work(url) as uow:
        accounts.create_user(uow, "bench", PASSWORD, "owner")
        # The plan page is one of the two the issue times: give it a real plan to show.
        plan_next_batch(uow, time_limit=20)
        uow.commit()


def _start_server(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CORDWAIN_DATABASE_URL": url, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "uvicorn", "cordwain.api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
           "--log-level", "warning", "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer within 60 s")


def _sign_in(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, follow_redirects=False) as c:
        page = c.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        r = c.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": csrf})
        if r.status_code != 303:
            raise RuntimeError(f"sign-in failed: {r.status_code}")
        return dict(c.cookies)


async def _drive(base: str, path: str, cookies: dict, requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    first_error: str | None = None
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors, first_error
        for _ in todo:
            t0 = time.perf_counter()
            problem = None
            try:
                r = await http.get(path)
                if r.status_code != 200:
                    problem = f"HTTP {r.status_code}: {r.text[:200]}"
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            latencies.append((time.perf_counter() - t0) * 1000)
            if problem:
                errors += 1
                first_error = first_error or problem

    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits,
                                 timeout=30) as http:  # fmt: skip
        warm = iter(range(min(CONCURRENCY, requests // 4)))
        await asyncio.gather(*(http.get(path) for _ in warm))
        t0 = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "page": path,
        "requests": len(latencies),
        "concurrency": CONCURRENCY,
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        **({"first_error": first_error} if first_error else {}),
    }


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "bad": %d, "socket": %d, '
    .. '"seconds": %f}\\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    b, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6))
end
"""


def _drive_wrk(base: str, path: str, cookies: dict, seconds: float, script: Path) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    # A short warm-up so first-request costs (template compile, caches) are not timed.
    subprocess.run(["wrk", "-t1", f"-c{CONCURRENCY}", "-d1s", "-H", f"Cookie: {cookie}",
                    base + path], capture_output=True, check=True)  # fmt: skip
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONCURRENCY}", f"-d{seconds:g}s", "--timeout", "10s",
         "-s", str(script), "-H", f"Cookie: {cookie}", base + path],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    r = json.loads(out.strip().splitlines()[-1])
    return {
        "page": path,
        "client": "wrk",
        "requests": r["requests"],
        "concurrency": CONCURRENCY,
        "p50_ms": round(r["p50_us"] / 1000, 1),
        "p95_ms": round(r["p95_us"] / 1000, 1),
        "p99_ms": round(r["p99_us"] / 1000, 1),
        "errors": r["bad"] + r["socket"],
        "rps": round(r["requests"] / r["seconds"], 1),
    }


def _run_backend(backend: str, url: str, requests: int, workers: int, seconds: float) -> None:
    _prepare(url)
    proc, base = _start_server(url, workers)
    try:
        cookies = _sign_in(base)
        baseline = None
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(WRK_SCRIPT)
        script = Path(f.name)
        for path in PAGES:
            if shutil.which("wrk"):
                result = _drive_wrk(base, path, cookies, seconds, script)
            else:
                result = asyncio.run(_drive(base, path, cookies, requests))
            if baseline is None:
                baseline = result["p95_ms"]
            ratio = round(result["p95_ms"] / max(baseline, 0.1), 1)
            result = {"bench": "web_load", "backend": backend, "workers": workers, **result,
                      "p95_vs_healthz": ratio}  # fmt: skip
            print(json.dumps(result), flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 requests per page")
    parser.add_argument("--requests", type=int, help="requests per page (default 1000)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--backend", choices=["both", "sqlite", "postgresql"], default="both")
    parser.add_argument("--pages", help="comma-separated paths (default: all; /healthz first)")
    args = parser.parse_args()
    if args.pages:
        PAGES[:] = ["/healthz"] + [p for p in args.pages.split(",") if p and p != "/healthz"]
    requests = args.requests or (60 if args.quick else 1000)
    seconds = 2.0 if args.quick else 10.0
    sys.path.insert(0, str(ROOT / "src"))
    from cordwain.store.testing import postgres_unavailable_reason, temporary_postgres_database

    if args.backend in ("both", "sqlite"):
        with tempfile.TemporaryDirectory(prefix="cordwain-web-load-") as folder:
            _run_backend(
                "sqlite", f"sqlite:///{Path(folder) / 'demo.db'}", requests, args.workers, seconds
            )
    if args.backend == "sqlite":
        return 0
    reason = postgres_unavailable_reason()
    if reason is not None:
        print(json.dumps({"bench": "web_load", "backend": "postgresql", "skipped": reason}))
        return 0
    with ExitStack() as stack:
        url = stack.enter_context(temporary_postgres_database(prefix="cordwain_web_load"))
        _run_backend("postgresql", url, requests, args.workers, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
