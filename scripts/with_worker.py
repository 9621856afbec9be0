"""Run a server with the notification worker beside it, and stop both together.

    python scripts/with_worker.py gunicorn --config gunicorn.conf.py

`make serve` and `make run` start their server this way. The worker is
`manage.py notices_worker` (django-tasks' db_worker, with the hourly sweep enqueued). A
signal to this process (Ctrl+C, or a process manager's TERM) reaches each child once: they
run in their own process group, so a terminal's or a group kill's copy does not reach
them twice, and they die with this process even if it is killed outright (Linux). A
worker that stops by itself is started again; the server stopping ends everything.
RUN_WORKER=0 runs the server alone, for a machine where the worker runs elsewhere.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "notices_worker"]
# How long a worker finishing its current e-mail is waited for, before it is killed.
STOP_TIMEOUT = 30
RESTART_DELAY = 5


def die_with_parent() -> None:
    """In the child: be sent SIGTERM when this supervisor dies, however it dies (Linux)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, process_group=0, preexec_fn=die_with_parent)


def wait_or_kill(process: subprocess.Popen) -> None:
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(server_command: list[str]) -> int:
    if not server_command:
        sys.exit("usage: with_worker.py SERVER-COMMAND [ARGUMENTS…]")
    if os.environ.get("RUN_WORKER", "1").strip().lower() in {"0", "false", "no", "off"}:
        os.execvp(server_command[0], server_command)
    stopping: list[int] = []

    def request_stop(signum, _frame) -> None:
        stopping.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(signum, request_stop)
    worker = start(WORKER)
    server = start(server_command)
    # gunicorn reloads its configuration and workers on HUP.
    signal.signal(signal.SIGHUP, lambda _signum, _frame: server.send_signal(signal.SIGHUP))
    while not stopping and server.poll() is None:
        if worker.poll() is not None:
            print(f"The notification worker stopped ({worker.returncode}); starting it "
                  f"again in {RESTART_DELAY} s.", file=sys.stderr, flush=True)
            time.sleep(RESTART_DELAY)
            worker = start(WORKER)
        time.sleep(0.5)
    # Each asked once, both at once; the worker ends the e-mail it is sending first.
    signum = stopping[0] if stopping else signal.SIGTERM
    for process in (server, worker):
        if process.poll() is None:
            process.send_signal(signum)
    wait_or_kill(server)
    wait_or_kill(worker)
    return server.returncode if server.returncode is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
