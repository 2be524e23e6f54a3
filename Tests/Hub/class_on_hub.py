"""A class on a real JupyterHub: N learners log in, each starts a server, each runs a lesson
notebook through the hub (REST API, then the kernel's websocket through the proxy), all at once.

Every notebook must complete with every check passing and no error; the run reports per-kernel
resident memory (idle and peak), the memory of the whole hub (hub, proxy, servers, kernels), and
how long the slowest learner waited. Loopback only; bounded in time.

    python class_on_hub.py --gradbook PATH --venv HUB_VENV [--users 30] [--lesson 7]

The venv holds jupyterhub, jupyterlab, the Python configurable-http-proxy and websocket-client;
the kernelspec is installed into it (the single-user servers run its Python). scripts/test-hub
makes it and runs this.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

import websocket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(method, url, token, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Authorization": "token " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read().decode()
        return response.status, (json.loads(text) if text else None)


def rss(pid, field="VmRSS"):
    """A process's resident memory (VmRSS) or its peak (VmHWM), in MiB; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None


def descendants(root):
    """The pids under `root` (itself included), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def kernel_pid(kernel_id):
    """The Gradbook kernel started with the connection file of `kernel_id`."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if any(kernel_id.encode() in a for a in argv) and b"kernel" in argv:
                return int(entry)
    return None


def mem_available():
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024


class Learner:
    def __init__(self, name):
        self.name = name
        self.kernel_pid = None
        self.idle = self.peak = None
        self.cells = self.errors = self.passed = self.failed = 0
        self.failures = []
        self.started = self.finished = None
        self.slowest_cell = 0.0


def message(msg_type, content, session):
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "learner",
                   "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": [],
    }


def run_notebook(learner, base, token, cells, barrier, deadline):
    """Starts a Gradbook kernel on the learner's server and runs `cells` through its websocket."""
    status, kernel = api("POST", f"{base}/user/{learner.name}/api/kernels", token, {"name": "gradbook"})
    ws = websocket.create_connection(
        f"ws://{base[len('http://'):]}/user/{learner.name}/api/kernels/{kernel['id']}/channels",
        header=["Authorization: token " + token], timeout=max(5, deadline - time.time()))
    session = uuid.uuid4().hex

    def execute(code):
        request = message("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True}, session)
        ws.send(json.dumps(request))
        reply, idle, text = None, False, []
        while reply is None or not idle:
            ws.settimeout(max(1, deadline - time.time()))
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != request["header"]["msg_id"]:
                continue
            kind = msg["msg_type"]
            if kind == "execute_reply":
                reply = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                text.append(msg["content"]["text"])
            elif kind == "error":
                text.append(msg["content"]["ename"] + ": " + msg["content"]["evalue"])
        return reply, "".join(text) if all(isinstance(t, str) for t in text) else ""

    try:
        execute("1 + 1")  # the kernel is up and has answered: its idle size
        learner.kernel_pid = kernel_pid(kernel["id"])
        learner.idle = rss(learner.kernel_pid) if learner.kernel_pid else None
        barrier.wait(timeout=max(1, deadline - time.time()))  # the class starts together
        learner.started = time.time()
        for code in cells:
            began = time.time()
            reply, text = execute(code)
            learner.slowest_cell = max(learner.slowest_cell, time.time() - began)
            learner.cells += 1
            learner.passed += len(re.findall(r"^✓ ", text, re.M))
            if reply["status"] != "ok":
                if reply.get("ename") == "CheckFailed":
                    learner.failed += 1
                else:
                    learner.errors += 1
                learner.failures.append(f"{reply.get('ename')}: {reply.get('evalue', '')[:200]}")
        learner.finished = time.time()
        learner.peak = rss(learner.kernel_pid, "VmHWM") if learner.kernel_pid else None
    finally:
        ws.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gradbook", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--lesson", default="7")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds for the whole run")
    parser.add_argument("--max-memory", default="256M", help="GRADBOOK_MAX_MEMORY for every kernel")
    args = parser.parse_args()
    deadline = time.time() + args.timeout
    venv = os.path.abspath(args.venv)
    scratch = tempfile.mkdtemp(prefix="gradbook-hub.")
    subprocess.run([args.gradbook, "kernel", "install", "--prefix", venv], check=True, stdout=subprocess.DEVNULL)
    notebook = os.path.join(scratch, "lesson.ipynb")
    subprocess.run([args.gradbook, "lesson", "export", args.lesson, notebook, "--answers"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(notebook) as f:
        cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                 for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    # What the same notebook gives alone: every learner must pass as many checks.
    alone = subprocess.run([args.gradbook, "run", notebook], capture_output=True, text=True)
    expected = int(re.search(r"checks: (\d+) passed, 0 failed; 0 errors", alone.stdout).group(1))

    token = secrets.token_hex(32)
    proxy_port, hub_port, api_port = free_port(), free_port(), free_port()
    # The Python proxy forwards with tornado's client, 10 requests in flight by default: a class
    # starting together queues behind the held-open spawn requests. Raise it before it starts.
    wrapper = os.path.join(scratch, "proxy")
    with open(wrapper, "w") as f:
        f.write(f"#!{venv}/bin/python\nimport sys\nfrom tornado.httpclient import AsyncHTTPClient\n"
                "AsyncHTTPClient.configure(None, max_clients=256)\n"
                "from configurable_http_proxy.cli import main\nsys.exit(main())\n")
    os.chmod(wrapper, 0o755)
    config = os.path.join(scratch, "jupyterhub_config.py")
    with open(config, "w") as f:
        f.write(f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {proxy_port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{wrapper!r}]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {scratch!r} + "/home/{{username}}"
c.Spawner.cmd = [{venv!r} + "/bin/jupyterhub-singleuser"]
c.Spawner.args = {["--allow-root"] if os.getuid() == 0 else []!r}
c.Spawner.environment = {{"GRADBOOK_THREADS": "1", "GRADBOOK_MAX_MEMORY": {args.max_memory!r}}}
c.Spawner.start_timeout = {int(args.timeout)}
c.Spawner.http_timeout = {int(args.timeout)}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.db_url = "sqlite:///" + {scratch!r} + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = {scratch!r} + "/cookie_secret"
c.JupyterHub.services = [{{"name": "teacher", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "teacher", "services": ["teacher"], "scopes": [
    "admin:users", "admin:servers", "access:servers", "list:users", "read:users"]}}]
""")
    environment = dict(os.environ, PATH=f"{venv}/bin:" + os.environ.get("PATH", ""))
    available_before = mem_available()
    log = open(os.path.join(scratch, "hub.log"), "w")
    hub = subprocess.Popen([f"{venv}/bin/jupyterhub", "-f", config], cwd=scratch, env=environment,
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub_api = f"http://127.0.0.1:{hub_port}/hub/api"
    base = f"http://127.0.0.1:{proxy_port}"
    learners = [Learner(f"learner{i:02d}") for i in range(args.users)]
    tree = set()
    ok = False
    try:
        while True:
            try:
                api("GET", hub_api + "/", token, timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if hub.poll() is not None or time.time() > deadline:
                    raise SystemExit("the hub did not start: see " + log.name)
                time.sleep(0.5)
        api("POST", hub_api + "/users", token, {"usernames": [l.name for l in learners]})
        spawn_start = time.time()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda l: api("POST", f"{hub_api}/users/{l.name}/server", token, {}), learners))
        pending = {l.name for l in learners}
        while pending:
            if time.time() > deadline:
                raise SystemExit(f"servers not ready in time: {sorted(pending)}")
            for name in sorted(pending):
                _, user = api("GET", f"{hub_api}/users/{name}", token)
                if user["servers"].get("", {}).get("ready"):
                    pending.discard(name)
            time.sleep(1)
        spawn_seconds = time.time() - spawn_start
        print(f"hub: {args.users} servers ready in {spawn_seconds:.0f} s", flush=True)

        barrier = threading.Barrier(args.users)
        problems = []
        with concurrent.futures.ThreadPoolExecutor(args.users) as pool:
            futures = {pool.submit(run_notebook, l, base, token, cells, barrier, deadline): l for l in learners}
            # Memory of the whole hub while the class runs, sampled.
            peak_total = 0.0
            while not all(f.done() for f in futures):
                tree |= set(descendants(hub.pid))
                peak_total = max(peak_total, sum(rss(p) or 0 for p in descendants(hub.pid)))
                time.sleep(0.5)
            for future, learner in futures.items():
                if future.exception():
                    problems.append(f"{learner.name}: {future.exception()!r}")
        for learner in learners:
            if learner.errors or learner.failed or learner.passed != expected or learner.cells != len(cells):
                problems.append(f"{learner.name}: {learner.cells}/{len(cells)} cells, {learner.passed}/{expected} "
                                f"checks passed, {learner.failed} failed, {learner.errors} errors "
                                f"{learner.failures[:2]}")

        idle = [l.idle for l in learners if l.idle]
        peak = [l.peak for l in learners if l.peak]
        spans = [l.finished - l.started for l in learners if l.finished]
        first = min(l.started for l in learners if l.started) if spans else time.time()
        last = max(l.finished for l in learners if l.finished) if spans else time.time()
        available_during = mem_available()
        report = {
            "users": args.users, "lesson": args.lesson, "cells": len(cells), "checks_each": expected,
            "servers_ready_seconds": round(spawn_seconds, 1),
            "kernel_rss_idle_mib": {"min": round(min(idle), 1), "median": round(statistics.median(idle), 1),
                                    "max": round(max(idle), 1)} if idle else None,
            "kernel_rss_peak_mib": {"min": round(min(peak), 1), "median": round(statistics.median(peak), 1),
                                    "max": round(max(peak), 1)} if peak else None,
            "hub_tree_peak_rss_mib": round(peak_total, 0),
            "memavailable_drop_mib": round(available_before - available_during, 0),
            "class_span_seconds": round(last - first, 1),
            "slowest_learner_seconds": round(max(spans), 1) if spans else None,
            "median_learner_seconds": round(statistics.median(spans), 1) if spans else None,
            "slowest_cell_seconds": round(max(l.slowest_cell for l in learners), 1),
            "problems": problems,
        }
        print(json.dumps(report, indent=1, ensure_ascii=False), flush=True)
        ok = not problems and len(spans) == args.users
    finally:
        tree |= set(descendants(hub.pid))
        hub.send_signal(signal.SIGTERM)  # the hub stops the servers it started (cleanup_servers)
        try:
            hub.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pass
        # What the hub left behind: only processes of this run (their command line names the
        # scratch directory, the venv or a kernel's connection file), never a reused pid.
        for pid in tree:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    argv = f.read().decode(errors="replace")
            except OSError:
                continue
            if scratch in argv or venv in argv or ("gradbook" in argv and "kernel" in argv and scratch in argv):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        log.close()
        if ok:
            subprocess.run(["rm", "-rf", scratch])
        else:
            print("hub: kept " + scratch + " (hub.log) for a look", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
