"""Starting and talking to a real `articast serve` on loopback, for the
service's tests and its load benchmark. The server listens on port 0 (a
free port the kernel picks) and says which in its "listening" log line.
"""
import http.client
import json
import os
import signal
import subprocess
import threading
import time


class Server:
    """`articast serve --data DATA --listen 127.0.0.1:0 ARGS...`, its JSON
    log lines collected from stderr."""

    def __init__(self, articast, data, *args, env=None, wait=60):
        self.articast, self.data, self.args = articast, data, list(args)
        self.env = env
        self.lines = []
        self.port = None
        self.proc = None
        self._start(wait)

    def _start(self, wait):
        cmd = [self.articast, "serve", "--data", self.data, "--listen", "127.0.0.1:0"] + self.args
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=self.env, start_new_session=True)
        ready = threading.Event()

        def read():
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                try:
                    obj = json.loads(line)
                except ValueError:
                    obj = {"event": "text", "text": line}
                self.lines.append(obj)
                if obj.get("event") == "listening":
                    self.port = obj["port"]
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        if not ready.wait(wait) or self.port is None:
            self.kill()
            raise RuntimeError("articast serve did not start: %s" % self.lines[-5:])

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, headers=None, timeout=60):
        """(status, headers as a dict with lower-case names, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = dict(headers or {})
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        h = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, h, data

    def json(self, method, path, body=None, headers=None):
        status, h, data = self.request(method, path, body, headers)
        return status, (json.loads(data) if data else None), h

    def wait_done(self, job_id, timeout=300, headers=None):
        """Polls GET /v1/editions/ID until done or failed; its last answer."""
        end = time.time() + timeout
        while time.time() < end:
            status, body, _ = self.json("GET", "/v1/editions/" + job_id, headers=headers)
            if status != 200 or body["status"] in ("done", "failed"):
                return body
            time.sleep(0.2)
        raise RuntimeError("edition %s not finished in %ds" % (job_id, timeout))

    def events(self, name):
        return [x for x in self.lines if x.get("event") == name]

    def stop(self, sig=signal.SIGTERM, timeout=120):
        """Sends `sig` and waits; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self.reader.join(5)
        return rc

    def kill(self):
        """kill -9 the server (its workers die with it)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.reader.join(5)
        return self.proc.returncode
