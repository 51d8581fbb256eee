"""A gunicorn server in a child process, as in production (README, "Deploying on PostgreSQL"),
for the load test and the database-cut test: real worker processes that keep their database
connections between requests, which the test client and runserver do not show."""

import http.client
import os
import socket
import subprocess  # nosec B404 # gunicorn as a child process, without a shell
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class ServerError(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, timeout=5.0):
    """(status, body) of a plain GET, or (None, error name) when nothing answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    except OSError as error:
        return None, type(error).__name__
    finally:
        connection.close()


@contextmanager
def gunicorn(*, port, workers, env, log_path, ready_within=60.0, timeout=30):
    """Run `gunicorn svoboda.wsgi` on 127.0.0.1:port with `env` as its whole environment, until
    /healthz answers 200; stop it on exit. Its output goes to log_path. `timeout` is gunicorn's
    worker timeout in seconds, which also bounds a worker's start: on a busy machine, loading
    Django in several workers at once can take longer than production's 30 seconds."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "svoboda.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--timeout={timeout}",
        "--graceful-timeout=5",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        # The command is this interpreter and fixed arguments, nothing from outside.
        process = subprocess.Popen(  # nosec B603 # noqa: S603
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + ready_within
        while get(port, "/healthz")[0] != 200:
            if process.poll() is not None:
                raise ServerError(f"gunicorn exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise ServerError(f"gunicorn did not answer /healthz in time; see {log_path}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def environment(**overrides):
    """This process's environment with production-like overrides for a local server."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    env.update({name: str(value) for name, value in overrides.items()})
    return env
