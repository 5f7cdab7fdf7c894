#!/usr/bin/env python3
"""articast serve's API, against its contract, docs/openapi.json.

Each mode starts the real server on a loopback port (tests/serve_common.py),
talks to it over HTTP (and raw sockets where a client library would not
send what the test needs), and checks every answer against the OpenAPI
document: the status must be one the operation lists, every header it
marks required must be there with a value its schema allows, the
Content-Type must be one it lists, and a JSON body must validate against
its schema (JSON Schema 2020-12, with Debian's python3-jsonschema; the
response objects forbid undocumented members, so drift shows).

  api          every endpoint: posts in each body type, the states queued,
               running, done and failed, every output file, the feed (its
               enclosure fetched through the server), metrics, the page,
               405s and 404s, the webhook's signed deliveries; the request
               schema agrees with the server on options it takes and
               refuses; the document itself is checked (and, when npm can
               install it, validated against the OpenAPI 3.1 schema), and
               its enumerations against the source
  auth         --token-file: 401 without or with a wrong token, the token
               works, /healthz and / are open, the cookie works for GET
               and not for POST or DELETE; no token and a non-loopback
               --listen is refused with exit 2
  limits       --max-input (Content-Length and chunked), malformed JSON,
               unknown options, Content-Type, empty article, --max-header,
               --request-timeout (an idle client, a trickling one), garbage
               on the socket, path traversal and links out of --data, 405,
               the queue bound (429 with Retry-After)
  range        Range, If-Range, If-None-Match, HEAD on an MP3
  idempotency  Idempotency-Key: a retry (also concurrent) gets the same
               job and adds none, a different body is a 422, no key is a
               new job, a deleted job's key is free again
  hostile      what a hostile client or local user tried, each once a
               bug: two Content-Lengths or one with Transfer-Encoding (a
               400, closed, no job), %00 in a path, a path not UTF-8 (its
               log line kept), headers trickled in for longer than
               --request-timeout (cut), kill -9 of the worker three times
               (the job fails, the next is rendered), a webhook receiver
               that never answers (the stop does not wait for it), a
               --data that others may write in, that another user owns,
               or that is a link

Usage: serve.py --articast BIN --source DIR MODE. Exit 77 (skip) when
python3-jsonschema is missing. Waits are generous (the memcheck stage runs
the server under valgrind): 120 s for the server to start, 300 s for a job.
"""
import argparse
import base64
import collections
import concurrent.futures
import hashlib
import hmac
import http.server
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import xml.etree.ElementTree as ET

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))


def need_jsonschema():
    """Imports jsonschema, running this script again under Debian's
    python3 (where python3-jsonschema installs) when this one lacks it."""
    try:
        import jsonschema  # noqa: F401
        return
    except ImportError:
        pass
    deb = "/usr/bin/python3"
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb) and \
            subprocess.run([deb, "-c", "import jsonschema"], capture_output=True).returncode == 0:
        sys.stdout.flush()
        os.execv(deb, [deb, os.path.abspath(__file__)] + sys.argv[1:])
    print("SKIP: python3-jsonschema is missing (apt-get install python3-jsonschema): the answers cannot be "
          "validated against docs/openapi.json")
    sys.exit(SKIP)


need_jsonschema()
import jsonschema  # noqa: E402

# RefResolver is what Debian's jsonschema (4.10) has; newer ones warn
warnings.filterwarnings("ignore", category=DeprecationWarning)

sys.path.insert(0, HERE)
from serve_common import Server  # noqa: E402

START_WAIT = 120
JOB_WAIT = 300
HTTP_TIMEOUT = 120
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Articles written for these tests.
ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><title>Ferry timetable</title></head><body><article>
<h1>The island ferry will sail every half hour</h1>
<p>The ferry to the island will run every thirty minutes from Monday, the harbour office said on Friday.</p>
<p>"We expect more passengers this summer than in any year before," said Ana Ruiz, who manages the harbour.</p>
<h2>New boats</h2>
<p>Two new boats, each with room for two hundred people, joined the fleet in May after a year of trials.</p>
<p>The first sailing leaves at six in the morning and the last one returns shortly before midnight.</p>
<p>Tickets bought on the day cost four euros, and a monthly pass costs sixty.</p>
<p>Cyclists may take their bicycles on board at no extra charge outside the busiest hours.</p>
</article></body></html>"""
ARTICLE_MD = """# The library opens on Sundays

The town library will open on Sundays from next month, its director said.

Opening hours will run from ten in the morning to four in the afternoon.
"""
ARTICLE_TEXT = """Rain delays the bridge repairs

Work on the old stone bridge will finish two weeks late after a wet spring, the council said.

Traffic will keep to one lane until the end of June.
"""


def short_text(n):
    return "Notice %d\n\nThe market in the square opens at eight on Saturday, number %d.\n" % (n, n)


class Failure(AssertionError):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


# ---- The contract ----------------------------------------------------------


class Contract:
    """docs/openapi.json, and the checks of answers against it."""

    # answers that may come from any route (the document's info.description
    # says so): a body where none is taken, no token, no such resource, a
    # header block over --max-header
    ANY_ROUTE = {400: "BodyNotAllowed", 401: "Unauthorized", 404: "NotFound", 414: "URITooLong",
                 431: "HeaderTooLarge"}
    TRANSPORT = {414, 431}

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.resolver = jsonschema.RefResolver.from_schema(self.doc)
        self.seen = collections.Counter()

    def deref(self, o):
        while isinstance(o, dict) and "$ref" in o:
            o = self.resolver.resolve(o["$ref"])[1]
        return o

    def errors(self, instance, schema):
        v = jsonschema.Draft202012Validator(schema, resolver=self.resolver)
        return sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))

    def validate(self, instance, schema, what):
        errs = self.errors(instance, schema)
        if errs:
            e = jsonschema.exceptions.best_match(errs)
            raise Failure("%s does not validate against docs/openapi.json: %s at %s\n%s" %
                          (what, e.message, "/".join(map(str, e.absolute_path)) or "(top)",
                           json.dumps(instance, indent=1)[:1500]))

    def schema(self, name):
        return {"$ref": "#/components/schemas/" + name}

    def route(self, path):
        segs = path.split("?")[0].split("/")
        for tmpl, item in self.doc["paths"].items():
            t = tmpl.split("/")
            if len(t) == len(segs) and all(a.startswith("{") or a == b for a, b in zip(t, segs)):
                return tmpl, item
        return None, None

    def header_value(self, raw, schema, what):
        schema = self.deref(schema)
        value = raw
        if schema.get("type") == "integer":
            check(re.fullmatch(r"[0-9]+", raw), "%s: %r is not an integer" % (what, raw))
            value = int(raw)
        self.validate(value, schema, what)

    def check(self, method, path, status, headers, body):
        """Raises Failure unless the answer is one the document describes."""
        what = "%s %s -> %d" % (method, path if len(path) < 120 else path[:100] + "...", status)
        tmpl, item = self.route(path)
        op = None
        if status in self.TRANSPORT:
            # answered before any route is looked at: by the service, or,
            # for a header block past libmicrohttpd's memory for it, by
            # libmicrohttpd with its own HTML page and no Content-Type
            tmpl, item = None, None
            if "content-type" not in headers and body.lstrip().startswith(b"<html>"):
                self.seen["%s (any) %d (libmicrohttpd)" % (method, status)] += 1
                return
        if item is not None:
            op = item.get(method.lower()) or (item.get("get") if method == "HEAD" else None)
            if op is None:
                check(status == 405, "%s: the document has no %s here, so 405 was due" % (what, method))
                allow = {m.strip() for m in headers.get("allow", "").split(",") if m.strip()}
                documented = {m.upper() for m in item if m in METHODS}
                if "GET" in documented:
                    documented.add("HEAD")
                check(allow == documented, "%s: Allow is %s, the document has %s" %
                      (what, sorted(allow), sorted(documented)))
                resp = self.doc["components"]["responses"]["MethodNotAllowed"]
        if op is not None:
            resp = op["responses"].get(str(status))
            check(resp is not None, "%s: status %d is not documented for %s %s (it lists %s)" %
                  (what, status, method, tmpl, sorted(op["responses"])))
            if status == 401:
                check(op.get("security", self.doc.get("security")) != [],
                      "%s: a 401 from an operation the document says is open" % what)
        elif item is None:
            check(status in self.ANY_ROUTE, "%s: no documented path matches, so only %s may answer" %
                  (what, sorted(self.ANY_ROUTE)))
            resp = self.doc["components"]["responses"][self.ANY_ROUTE[status]]
        resp = self.deref(resp)
        for name, h in resp.get("headers", {}).items():
            h = self.deref(h)
            raw = headers.get(name.lower())
            if raw is None:
                check(not h.get("required"), "%s: the required header %s is missing" % (what, name))
                continue
            self.header_value(raw, h["schema"], "%s: header %s" % (what, name))
        content = {k.lower(): v for k, v in (resp.get("content") or {}).items()}
        ctype = headers.get("content-type")
        if not content:
            check(ctype is None, "%s: Content-Type %s where the document describes no body" % (what, ctype))
        else:
            check(ctype is not None, "%s: no Content-Type" % what)
            media = ctype.split(";")[0].strip().lower()
            check(media in content, "%s: Content-Type %s is not one the document lists (%s)" %
                  (what, ctype, sorted(content)))
            schema = content[media].get("schema")
            if method != "HEAD" and schema is not None:
                if media == "application/json":
                    try:
                        instance = json.loads(body)
                    except ValueError as e:
                        raise Failure("%s: the body is not JSON: %s: %r" % (what, e, body[:300]))
                    self.validate(instance, schema, what)
                else:
                    try:
                        text = body.decode("utf-8")
                    except UnicodeDecodeError:
                        raise Failure("%s: a %s body that is not UTF-8" % (what, media))
                    self.validate(text, schema, what)
        self.seen["%s %s %d" % (method, tmpl or "(any)", status)] += 1

    def request_ok(self, body):
        """Whether the document's request schema takes this JSON body."""
        return not self.errors(body, self.schema("EditionRequest"))

    def summary(self):
        n = sum(self.seen.values())
        print("%d answers validated against docs/openapi.json, %d kinds:" % (n, len(self.seen)))
        for k in sorted(self.seen):
            print("  %4d  %s" % (self.seen[k], k))


def check_document(contract, source):
    """The document's own consistency: every $ref resolves, every schema is
    valid JSON Schema 2020-12, path parameters are declared, operation ids
    are unique, every response has a description; and its enumerations
    match the source's (error codes, job states and status codes, options,
    request fields)."""
    doc = contract.doc
    check(doc.get("openapi", "").startswith("3.1."), "docs/openapi.json: expected OpenAPI 3.1")

    def walk(o, at):
        if isinstance(o, dict):
            if "$ref" in o:
                try:
                    contract.resolver.resolve(o["$ref"])
                except jsonschema.RefResolutionError as e:
                    raise Failure("docs/openapi.json %s: $ref %s does not resolve: %s" % (at, o["$ref"], e))
            for k, v in o.items():
                if k == "schema" and isinstance(v, dict):
                    jsonschema.Draft202012Validator.check_schema(v)
                walk(v, at + "/" + k)
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, "%s/%d" % (at, i))

    walk(doc, "#")
    for name, s in doc["components"]["schemas"].items():
        try:
            jsonschema.Draft202012Validator.check_schema(s)
        except jsonschema.SchemaError as e:
            raise Failure("docs/openapi.json: schema %s: %s" % (name, e.message))
    ids = []
    for tmpl, item in doc["paths"].items():
        names = set(re.findall(r"\{([^}]+)\}", tmpl))
        common = [contract.deref(p) for p in item.get("parameters", [])]
        for m in METHODS:
            if m not in item:
                continue
            op = item[m]
            ids.append(op["operationId"])
            params = common + [contract.deref(p) for p in op.get("parameters", [])]
            declared = {p["name"] for p in params if p["in"] == "path"}
            check(declared == names, "docs/openapi.json %s %s: path parameters %s, the path has %s" %
                  (m, tmpl, sorted(declared), sorted(names)))
            for code, r in op["responses"].items():
                check("description" in contract.deref(r), "%s %s %s: no description" % (m, tmpl, code))
    check(len(ids) == len(set(ids)), "docs/openapi.json: operationIds repeat")

    def read(rel):
        with open(os.path.join(source, rel), encoding="utf-8") as f:
            return f.read()

    http_c, request_c, header = read("src/serve/http.c"), read("src/serve/request.c"), read("include/articast.h")
    comp = doc["components"]
    codes = set(re.findall(r'case \d+: return "([a-z_]+)";', http_c)) | {"internal"}
    documented = set(comp["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"])
    check(codes == documented, "error codes: http.c has %s, the document %s" % (sorted(codes), sorted(documented)))
    statuses = set(re.findall(r"XX\(([A-Z_]+), \d+,", header)) - {"OK"}
    documented = set(comp["schemas"]["JobError"]["properties"]["code"]["enum"])
    check(statuses == documented, "job error codes: articast.h has %s, the document %s" %
          (sorted(statuses), sorted(documented)))
    body = request_c[request_c.index("static int parse_options"):]
    body = body[:body.index("\n}\n")]
    options = set(re.findall(r'strcmp\(key, "([a-z_]+)"\) == 0', body))
    documented = set(comp["schemas"]["EditionOptions"]["properties"])
    check(options == documented, "options: request.c takes %s, the document has %s" %
          (sorted(options), sorted(documented)))
    body = request_c[request_c.index("static int parse_json"):]
    body = body[:body.index("\n}\n")]
    fields = set(re.findall(r'strcmp\(key, "([a-z_]+)"\) == 0', body)) | \
        set(re.findall(r'"([a-z]+)"', body[body.index("meta_keys[]"):body.index("NULL}")]))
    documented = set(comp["schemas"]["EditionRequest"]["properties"])
    check(fields == documented, "request fields: request.c takes %s, the document has %s" %
          (sorted(fields), sorted(documented)))
    # docs/api.md names every server option and every metric
    api_md, serve_c = read("docs/api.md"), read("src/serve/serve.c")
    longs = serve_c[serve_c.index("static const struct option longs[]"):]
    longs = set(re.findall(r'\{"([a-z-]+)", (?:required|no)_argument', longs[:longs.index("{NULL, 0, NULL, 0}")]))
    missing = sorted(o for o in longs if "`--%s" % o not in api_md)
    check(not missing, "docs/api.md does not describe %s" % ", ".join("--" + o for o in missing))
    metrics = set(re.findall(r"# TYPE (articast_[a-z_]+)", http_c))
    missing = sorted(m for m in metrics if "`%s" % m not in api_md)
    check(metrics and not missing, "docs/api.md does not list the metrics %s" % missing)
    print("docs/openapi.json: consistent; its codes, options and fields match the source; docs/api.md names "
          "the %d options of serve.c and its %d metrics" % (len(longs), len(metrics)))


def npm_validate(doc_path, tools):
    """The document against the OpenAPI 3.1 schema, with
    @seriousme/openapi-schema-validator from npm (installed into `tools`
    once). Returns a note when that cannot run; raises on an invalid
    document."""
    cli = os.path.join(tools, "node_modules", ".bin", "validate-api")
    if not os.path.exists(cli):
        npm = shutil.which("npm")
        if not npm or not shutil.which("node"):
            return "node or npm is missing"
        os.makedirs(tools, exist_ok=True)
        try:
            r = subprocess.run([npm, "install", "--prefix", tools, "--no-audit", "--no-fund", "--ignore-scripts",
                                "@seriousme/openapi-schema-validator@2.11.0"], capture_output=True, text=True,
                               timeout=300)
        except subprocess.TimeoutExpired:
            return "npm could not install it in 5 minutes"
        if r.returncode != 0 or not os.path.exists(cli):
            return "npm could not install it: " + (r.stderr or r.stdout)[-500:]
    r = subprocess.run([cli, doc_path], capture_output=True, text=True, timeout=120)
    try:
        out = json.loads(r.stdout)
    except ValueError:
        raise Failure("validate-api said: %s %s" % (r.stdout[-1000:], r.stderr[-1000:]))
    check(out.get("valid") is True, "docs/openapi.json is not a valid OpenAPI 3.1 document:\n%s" %
          json.dumps(out.get("errors"), indent=1)[:3000])
    return None


# ---- Talking to the server -------------------------------------------------


class Resp:
    def __init__(self, status, headers, data):
        self.status, self.headers, self.data = status, headers, data
        ctype = headers.get("content-type", "")
        self.json = json.loads(data) if data and ctype.startswith("application/json") else None

    def __repr__(self):
        return "%d %s %r" % (self.status, self.headers, self.data[:300])


class Api:
    """Requests to the server, each answer checked against the contract."""

    def __init__(self, server, contract, headers=None):
        self.s, self.c, self.headers = server, contract, dict(headers or {})

    def call(self, method, path, body=None, headers=None, expect=None):
        h = dict(self.headers)
        h.update(headers or {})
        status, hdrs, data = self.s.request(method, path, body, h, timeout=HTTP_TIMEOUT)
        self.c.check(method, path, status, hdrs, data)
        r = Resp(status, hdrs, data)
        if expect is not None:
            check(status == expect, "%s %s: expected %d, got %r" % (method, path, expect, r))
        return r

    def post(self, body, ctype=None, headers=None, expect=None):
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        return self.call("POST", "/v1/editions", body, h, expect)

    def edition(self, job):
        return self.call("GET", "/v1/editions/" + job, expect=200).json

    def wait(self, job, states=("done", "failed"), timeout=JOB_WAIT, seen=None):
        """Polls the job (each answer validated) until its state is in `states`."""
        end = time.time() + timeout
        while time.time() < end:
            e = self.edition(job)
            if seen is not None:
                seen.add(e["status"])
            if e["status"] in states:
                return e
            time.sleep(0.05)
        raise Failure("edition %s not %s in %d s" % (job, "/".join(states), timeout))

    def metrics(self):
        r = self.call("GET", "/metrics", expect=200)
        out, typed = {}, set()
        for line in r.data.decode("utf-8").splitlines():
            if line.startswith("# TYPE "):
                typed.add(line.split()[2])
                continue
            if not line or line.startswith("#"):
                continue
            m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\})? (\S+)', line)
            check(m, "/metrics: not a Prometheus sample line: %r" % line)
            check(m.group(1) in typed, "/metrics: %s has no # TYPE line before it" % m.group(1))
            out[m.group(1) + (m.group(2) or "")] = float(m.group(3))
        return out


def raw_exchange(port, data, wait=10.0, shut=True, pause=None):
    """Sends `data` (a list of byte strings sent `pause` seconds apart, or
    one) on a new connection and reads until the server closes it or
    `wait` seconds pass. Returns (bytes read, seconds, closed by server)."""
    c = socket.create_connection(("127.0.0.1", port), timeout=wait)
    t0 = time.time()
    parts = data if isinstance(data, list) else [data]
    try:
        for k, p in enumerate(parts):
            if k and pause:
                time.sleep(pause)
            c.sendall(p)
        if shut:
            c.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the server answered and closed before all was sent
    out, closed = b"", False
    c.settimeout(max(0.1, wait - (time.time() - t0)))
    try:
        while True:
            b = c.recv(65536)
            if not b:
                closed = True
                break
            out += b
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    c.close()
    return out, time.time() - t0, closed


def trickle(port, head, piece, count, pause):
    """Sends `head`, then `piece` up to `count` times `pause` seconds
    apart, stopping when the server answers or closes; returns what it
    answered and how many pieces went."""
    c = socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT)
    answer, sent = b"", 0
    try:
        c.sendall(head)
        for _ in range(count):
            time.sleep(pause)
            if select.select([c], [], [], 0)[0]:
                break
            c.sendall(piece)
            sent += 1
        c.settimeout(60)
        while True:
            b = c.recv(65536)
            if not b:
                break
            answer += b
    except (OSError, socket.timeout):
        pass
    c.close()
    return answer, sent


def parse_raw(data):
    """(status, headers, body) of the first HTTP response in `data`."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    check(m, "not an HTTP response: %r" % data[:200])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return int(m.group(1)), headers, body


def raw_checked(api, method, path, data, **kw):
    """A raw exchange whose answer (if any) is checked against the contract."""
    out, secs, closed = raw_exchange(api.s.port, data, **kw)
    if not out:
        return None, secs, closed
    status, headers, body = parse_raw(out)
    api.c.check(method, path, status, headers, body)
    return Resp(status, headers, body), secs, closed


def cancel_queued(api, job, wait=True):
    """DELETEs the job if it reads as queued (204), else (or when a worker
    took it between that read and the DELETE: a 409, and the job no longer
    queued) waits for it when `wait` says so."""
    if api.edition(job)["status"] == "queued":
        r = api.call("DELETE", "/v1/editions/" + job)
        if r.status == 204:
            return
        st = api.edition(job)["status"]
        check(r.status == 409 and st != "queued", "DELETE of the queued job %s: %r, then %s" % (job, r, st))
    if wait:
        api.wait(job)


def start(articast, data, *args):
    return Server(articast, data, *args, wait=START_WAIT)


def stop(server):
    """SIGTERM: the server drains and exits 0 (under valgrind, 99 would
    mean a memory error). Its log is JSON lines throughout."""
    rc = server.stop(timeout=JOB_WAIT)
    check(rc == 0, "articast serve exited %d on SIGTERM; log tail: %s" % (rc, server.lines[-5:]))
    for line in server.lines:
        check(line.get("event") != "text" and {"time", "level", "event"} <= set(line),
              "a log line that is not a JSON event: %r" % line)


def secret_file(tmp, name, text):
    p = os.path.join(tmp, name)
    with open(p, "w") as f:
        f.write(text + "\n")
    return p


# ---- api -------------------------------------------------------------------


class Receiver:
    """A webhook receiver on loopback: keeps every delivery, answers 204."""

    def __init__(self):
        got = self.got = []

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                got.append(({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(n)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = "http://127.0.0.1:%d/hook" % self.httpd.server_address[1]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def check_webhooks(contract, receiver, secret, ended, base):
    """Every ended job's event arrived, signed, and validates."""
    end = time.time() + JOB_WAIT
    while time.time() < end and not set(ended) <= {json.loads(b).get("id") for _, b in receiver.got}:
        time.sleep(0.1)
    op = contract.doc["webhooks"]["edition"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    deliveries = set()
    by_id = {}
    for headers, body in receiver.got:
        for p in op["parameters"]:
            v = headers.get(p["name"].lower())
            check(v is not None or not p["required"], "webhook: no %s header" % p["name"])
            if v is not None:
                contract.validate(v, p["schema"], "webhook header " + p["name"])
        check(headers.get("content-type") == "application/json", "webhook: Content-Type %s" %
              headers.get("content-type"))
        want = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        check(hmac.compare_digest(headers["x-articast-signature"], want),
              "webhook: the signature is not the body's HMAC-SHA256 with the secret")
        event = json.loads(body)
        contract.validate(event, schema, "webhook body")
        check(event["status_url"] == base + "/v1/editions/" + event["id"],
              "webhook: status_url %s is not under %s" % (event["status_url"], base))
        deliveries.add(headers["x-articast-delivery"])
        by_id[event["id"]] = event
    for job, state in ended.items():
        check(job in by_id, "webhook: no delivery for %s" % job)
        check(by_id[job]["status"] == state, "webhook: %s is %s, expected %s" % (job, by_id[job]["status"], state))
    check(len(deliveries) == len(receiver.got), "webhook: delivery ids repeat: %s" % sorted(deliveries))
    print("webhook: %d deliveries, signed, each valid" % len(receiver.got))


def check_feed(api, job, mp3):
    """The feed lists the done edition; its enclosure, fetched through the
    server, is the edition's MP3; its self link is the feed."""
    r = api.call("GET", "/v1/feed.xml", expect=200)
    root = ET.fromstring(r.data)
    base = api.s.url
    atom = "{http://www.w3.org/2005/Atom}link"
    self_links = [e.get("href") for e in root.iter(atom) if e.get("rel") == "self"]
    check(self_links == [base + "/v1/feed.xml"], "feed: rel=self is %s, expected %s/v1/feed.xml" % (self_links, base))
    items = root.findall("./channel/item")
    found = None
    for item in items:
        enc = item.find("enclosure")
        if enc is not None and "/v1/editions/%s/" % job in enc.get("url", ""):
            found = enc
    check(found is not None, "feed: no item for %s among %d" % (job, len(items)))
    url = found.get("url")
    check(url.startswith(base + "/"), "feed: enclosure %s is not on the server %s" % (url, base))
    check(found.get("type") == "audio/mpeg", "feed: enclosure type %s" % found.get("type"))
    got = api.call("GET", url[len(base):], expect=200)
    check(got.data == mp3, "feed: the enclosure %s is not the edition's MP3" % url)
    check(int(found.get("length")) == len(mp3), "feed: enclosure length %s, the file has %d" %
          (found.get("length"), len(mp3)))
    return len(items)


def request_samples(api, key, ref_body):
    """The request schema and the server agree: bodies the schema takes
    pass the server's checks (with `key` already used, they then meet the
    Idempotency-Key conflict, 422, so no job is made), and bodies it
    refuses are 400s."""
    good = [
        {"text": "A.", "options": {"bitrate": 128, "quality": 0, "sample_rate": 44100}},
        {"markdown": "# T\n\nA.", "options": {"vbr": 4, "loudness": False, "true_peak": -1.5}},
        {"html": "<p>A</p>", "options": {"intro": "An edition of {title}.", "outro": False, "chime": True,
                                         "captions": True, "tables": False, "rate": 1.25, "acronyms": "spell",
                                         "code_blocks": "announce", "narrator": "anna_2@x.y", "comment": "c"}},
        {"text": "A.", "options": {"wpm": 180, "sidecars": [], "formats": ["wav", "mp3"], "loudness": -23}},
        {"text": "A.", "language": "pt-BR", "title": "", "author": "A", "date": "2026-01-02", "publication": "P"},
        {"text": "A.", "language": "es-419"},
        {"text": "A.", "language": "zh-Hant-TW"},
        {"text": "A.", "options": {"intro": True, "outro": "Thanks.", "bitrate": 320, "quality": 9}},
        {"text": "A.", "options": {}},
        {"text": "A.", "options": {"sidecars": ["vtt", "srt", "chapters", "ffmetadata"], "epub": False}},
        {"text": "A.", "cover": base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()},
    ]
    bad = [
        {"text": "A.", "options": {"bitrate": 31}}, {"text": "A.", "options": {"bitrate": 321}},
        {"text": "A.", "options": {"bitrate": "64"}}, {"text": "A.", "options": {"quality": 10}},
        {"text": "A.", "options": {"vbr": -1}}, {"text": "A.", "options": {"sample_rate": 44000}},
        {"text": "A.", "options": {"loudness": True}}, {"text": "A.", "options": {"loudness": -80}},
        {"text": "A.", "options": {"loudness": -4}}, {"text": "A.", "options": {"true_peak": 0.5}},
        {"text": "A.", "options": {"intro": ""}}, {"text": "A.", "options": {"intro": 3}},
        {"text": "A.", "options": {"outro": "x" * 1001}}, {"text": "A.", "options": {"formats": []}},
        {"text": "A.", "options": {"formats": ["mp3", "mp3"]}}, {"text": "A.", "options": {"formats": ["ogg"]}},
        {"text": "A.", "options": {"formats": "mp3"}}, {"text": "A.", "options": {"sidecars": ["pdf"]}},
        {"text": "A.", "options": {"rate": 4.5}}, {"text": "A.", "options": {"rate": 0.4}},
        {"text": "A.", "options": {"rate": 1, "wpm": 150}}, {"text": "A.", "options": {"bitrate": 64, "vbr": 2}},
        {"text": "A.", "options": {"wpm": 79}}, {"text": "A.", "options": {"wpm": 1001}},
        {"text": "A.", "options": {"acronyms": "loud"}}, {"text": "A.", "options": {"code_blocks": "read"}},
        {"text": "A.", "options": {"narrator": "../x"}}, {"text": "A.", "options": {"narrator": ".x"}},
        {"text": "A.", "options": {"narrator": ""}}, {"text": "A.", "options": {"narrator": "n" * 65}},
        {"text": "A.", "options": {"comment": "x" * 1001}}, {"text": "A.", "options": {"epub": "yes"}},
        {"text": "A.", "options": {"daisy": 1}}, {"text": "A.", "options": {"bogus": 1}},
        {"text": "A.", "options": []},
        {"text": "a", "html": "b"}, {"title": "no article"}, {"text": 3}, {"text": "a", "extra": 1},
        {"text": "a", "language": "e"}, {"text": "a", "language": "e-US"}, {"text": "a", "language": "en-"},
        {"text": "a", "language": "1a"}, {"text": "a", "language": "engl"}, {"text": "a", "language": "en-toolongtag"},
        {"text": "a", "title": 5}, {"text": "a", "title": "x" * 1001}, {"text": "a", "cover": ""},
        [], "text",
    ]
    for body in good + bad:
        want = body in good
        check(api.c.request_ok(body) == want, "the request schema %s %s" % ("refuses" if want else "takes",
                                                                          json.dumps(body)[:200]))
        r = api.post(json.dumps(body).encode(), "application/json", headers={"Idempotency-Key": key})
        if want:
            check(r.status == 422 and "Idempotency-Key" in r.json["error"]["message"],
                  "the server refused a body the schema takes: %s -> %r" % (json.dumps(body)[:200], r))
        else:
            check(r.status == 400, "the server took a body the schema refuses: %s -> %r" % (json.dumps(body)[:200], r))
    # the key's own request is still its job
    r = api.post(ref_body, headers={"Idempotency-Key": key}, expect=202)
    print("request schema: agrees with the server on %d bodies it takes and %d it refuses" % (len(good), len(bad)))
    return r


def mode_api(args, tmp):
    contract = Contract(os.path.join(args.source, "docs", "openapi.json"))
    check_document(contract, args.source)
    note = npm_validate(os.path.join(args.source, "docs", "openapi.json"),
                        os.path.join(args.source, "build", "npm-api"))
    print("docs/openapi.json: %s" % ("valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)" if note is None
                                     else "not checked by an OpenAPI validator: " + note))
    secret = "webhook-secret-0123456789abcdef"
    receiver = Receiver()
    s = start(args.articast, os.path.join(tmp, "data"), "--workers", "1", "--webhook", receiver.url,
              "--webhook-secret-file", secret_file(tmp, "secret", secret), "--webhook-backoff", "0.5",
              "--drain-timeout", "30")
    api = Api(s, contract)
    frozen = None
    try:
        api.call("GET", "/healthz", expect=200)
        api.call("HEAD", "/healthz", expect=200)
        page = api.call("GET", "/", expect=200)
        check(b"<form" in page.data and b"/v1/editions" in page.data, "GET /: not the page")
        head = api.call("HEAD", "/", expect=200)
        check(int(head.headers["content-length"]) == len(page.data), "HEAD /: Content-Length differs from GET")
        empty = ET.fromstring(api.call("GET", "/v1/feed.xml", expect=200).data)
        check(empty.find("./channel") is not None and not empty.findall("./channel/item"),
              "the feed before any edition: expected a channel without items")
        m0 = api.metrics()

        # 1: HTML in JSON with every kind of output; while it runs, the
        # others wait in the queue (one worker)
        key = "story-4711"
        body1 = {"html": ARTICLE_HTML, "title": "The island ferry will sail every half hour", "author": "Lena Berg",
                 "date": "2026-05-04", "publication": "The Harbour Times", "language": "en",
                 "options": {"formats": ["mp3", "wav"], "sidecars": ["vtt", "srt", "chapters", "ffmetadata"],
                             "epub": True, "daisy": True, "html": True, "loudness": -16, "intro": True,
                             "comment": "test"}}
        check(contract.request_ok(body1), "the request schema refuses the test's own request")
        r1 = api.post(body1, headers={"Idempotency-Key": key}, expect=202)
        j1 = r1.json["id"]
        check(r1.headers["location"] == "/v1/editions/" + j1 == r1.json["status_url"], "202: Location %s" %
              r1.headers["location"])
        seen = set()
        e1 = api.wait(j1, ("running", "done", "failed"), seen=seen)
        # a running job stays running while the others are posted and its
        # DELETE is tried: its worker is stopped (SIGSTOP) until then; a
        # render ending between the status read and the DELETE made that a
        # 204, which deleted the edition the rest of the test reads
        if e1["status"] == "running":
            deadline = time.time() + JOB_WAIT
            while frozen is None and time.time() < deadline:
                frozen = next((x["worker"] for x in s.events("start") if x["id"] == j1), None)
                time.sleep(0.01 if frozen is None else 0)
            check(frozen is not None, "no start line for the running job %s" % j1)
            os.kill(frozen, signal.SIGSTOP)
        j2 = api.post(ARTICLE_MD, "text/markdown; charset=utf-8", expect=202).json["id"]
        j3 = api.post(ARTICLE_TEXT, "text/plain", expect=202).json["id"]
        jf = api.post({"text": "A short notice.", "options": {"narrator": "no-such-voice"}}, expect=202).json["id"]
        jc = api.post(short_text(1), "text/plain", expect=202).json["id"]
        states = {j: api.edition(j)["status"] for j in (j1, j2, j3, jf, jc)}
        print("states just after posting: %s" % [states[j] for j in (j1, j2, j3, jf, jc)])
        if states[jc] == "queued":
            api.call("DELETE", "/v1/editions/" + jc, expect=204)
            api.call("GET", "/v1/editions/" + jc, expect=404)
            print("a queued job was cancelled: 204, then 404")
        if states[j1] == "running":
            r = api.call("DELETE", "/v1/editions/" + j1, expect=409)
            print("DELETE of a running job: 409 (%s)" % r.json["error"]["message"])
        else:
            print("NOTE: the first job was %s, not running, when the others were posted: no 409 checked" % e1["status"])
        if states[j1] == "running":
            check("queued" in states.values(), "no job was queued behind a running one (one worker)")
        if frozen is not None:
            os.kill(frozen, signal.SIGCONT)
            frozen = None

        # the request schema against the server, while the queue works
        request_samples(api, key, body1)

        done = {}
        for j in (j1, j2, j3, jf):
            done[j] = api.wait(j, seen=seen)
        if states[jc] != "queued":
            api.wait(jc)
        print("states seen: %s" % sorted(seen))
        e1, e2, e3, ef = done[j1], done[j2], done[j3], done[jf]
        for j in (j1, j2, j3):
            check(done[j]["status"] == "done", "edition %s: %s" % (j, done[j]))
        check(ef["status"] == "failed" and ef["error"]["code"] == "EUSAGE" and ef["error"]["exit_code"] == 2 and
              "no-such-voice" in ef["error"]["message"], "the job with an unknown narrator: %s" % ef)
        check(e1["title"] == body1["title"], "edition 1: title %r" % e1.get("title"))
        check(e1["attempts"] == 1 and e1["progress"] == 1, "edition 1: %s" % e1)

        # every file listed is served, as listed
        names = [f["name"] for f in e1["files"]]
        for want in ("edition.mp3", "edition.wav", "edition.vtt", "edition.srt", "edition.chapters.json",
                     "edition.ffmetadata", "edition.epub", "edition-daisy/ncc.html", "edition-html/index.html"):
            check(want in names, "edition 1 lacks %s: %s" % (want, names))
        mp3 = None
        for f in e1["files"]:
            got = api.call("GET", f["url"], expect=200)
            check(len(got.data) == f["size"], "%s: %d bytes, listed as %d" % (f["name"], len(got.data), f["size"]))
            check(got.headers["content-type"] == f["content_type"], "%s: Content-Type %s, listed as %s" %
                  (f["name"], got.headers["content-type"], f["content_type"]))
            if f["name"] == "edition.mp3":
                mp3 = got.data
                check(mp3[:3] == b"ID3" or mp3[0] == 0xFF, "edition.mp3 is not an MP3")
        api.call("HEAD", e1["files"][0]["url"], expect=200)
        print("edition 1: %d files served as listed" % len(e1["files"]))
        check([f["name"] for f in e2["files"]] == ["edition.mp3"], "the Markdown edition: %s" % e2["files"])

        n_done = 3 + (states[jc] != "queued")
        n = check_feed(api, j1, mp3)
        check(n == n_done, "the feed lists %d editions, expected %d" % (n, n_done))
        m = api.metrics()
        for name in ("articast_queue_depth", 'articast_jobs{state="done"}', 'articast_jobs{state="failed"}',
                     "articast_render_seconds_total", "articast_audio_seconds_total",
                     'articast_jobs_finished_total{outcome="done"}', 'articast_jobs_finished_total{outcome="failed"}',
                     "articast_rejected_total", 'articast_workers{state="idle"}',
                     'articast_http_responses_total{class="2xx"}', "articast_webhooks_pending"):
            check(name in m, "/metrics lacks %s" % name)
        check(m['articast_jobs{state="done"}'] == n_done and m['articast_jobs{state="failed"}'] == 1,
              "/metrics jobs: %s" % {k: v for k, v in m.items() if k.startswith("articast_jobs")})
        check(m['articast_jobs_finished_total{outcome="done"}'] == n_done, "/metrics finished: %s" % m)
        check(m["articast_audio_seconds_total"] >= e1["audio_seconds"] > 0, "/metrics audio seconds")
        check(m['articast_http_responses_total{class="4xx"}'] > m0['articast_http_responses_total{class="4xx"}'],
              "/metrics: the 4xx answers are not counted")
        check_webhooks(contract, receiver, secret, {j1: "done", j2: "done", j3: "done", jf: "failed"}, s.url)

        # wrong methods, unknown paths, a body where none is taken
        for method, path in (("PUT", "/v1/editions"), ("GET", "/v1/editions"), ("POST", "/healthz"),
                             ("DELETE", "/v1/feed.xml"), ("POST", "/metrics"), ("PATCH", "/v1/editions/" + j1),
                             ("POST", "/v1/editions/" + j1), ("DELETE", e1["files"][0]["url"]),
                             ("POST", "/"), ("PUT", "/v1/editions/%s/files/edition-daisy/ncc.html" % j1)):
            api.call(method, path, expect=405)
        for path in ("/nope", "/v1", "/v1/editions/" + j1 + "x", "/v1/editions/NOT-AN-ID",
                     "/v1/editions/00000000-0000-0000-0000-000000000000",
                     "/v1/editions/00000000-0000-0000-0000-000000000000/files/edition.mp3",
                     "/v1/editions/%s/files/edition.ogg" % j1, "/v1/editions/%s/other" % j1):
            api.call("GET", path, expect=404)
        r = api.call("GET", "/v1/editions/" + j1, body=b"x", expect=400)
        check("no body" in r.json["error"]["message"], "GET with a body: %r" % r)

        # delete: the job and its files go, and the feed drops it
        api.call("DELETE", "/v1/editions/" + j2, expect=204)
        api.call("GET", "/v1/editions/" + j2, expect=404)
        api.call("GET", e2["files"][0]["url"], expect=404)
        api.call("DELETE", "/v1/editions/" + j2, expect=404)
        check(not os.path.exists(os.path.join(tmp, "data", "editions", j2)), "DELETE left editions/%s" % j2)
        feed = api.call("GET", "/v1/feed.xml", expect=200).data.decode()
        check(j2 not in feed and j1 in feed, "the feed after DELETE still lists the deleted edition")
    finally:
        if frozen is not None:
            os.kill(frozen, signal.SIGCONT)
        stop(s)
        receiver.close()
    contract.summary()


# ---- auth ------------------------------------------------------------------


def mode_auth(args, tmp):
    contract = Contract(os.path.join(args.source, "docs", "openapi.json"))
    token = "tok-0123456789abcdef-ZYX"

    # without a token, only loopback: a public --listen is refused
    for listen in ("0.0.0.0:0", "192.0.2.1:8080"):
        r = subprocess.run([args.articast, "serve", "--data", os.path.join(tmp, "refused"), "--listen", listen],
                           capture_output=True, text=True, timeout=START_WAIT, stdin=subprocess.DEVNULL)
        check(r.returncode == 2 and "--token-file" in r.stderr, "--listen %s without a token: exit %d, %r" %
              (listen, r.returncode, r.stderr))
    short = secret_file(tmp, "short", "abc")
    r = subprocess.run([args.articast, "serve", "--data", os.path.join(tmp, "refused"), "--token-file", short],
                       capture_output=True, text=True, timeout=START_WAIT, stdin=subprocess.DEVNULL)
    check(r.returncode == 2 and "at least 16" in r.stderr, "a 3-byte token: exit %d, %r" % (r.returncode, r.stderr))
    print("without a token a public address is refused (exit 2), and so is a short token")

    s = start(args.articast, os.path.join(tmp, "data"), "--workers", "1", "--token-file",
              secret_file(tmp, "token", token))
    anon = Api(s, contract)
    ok = Api(s, contract, {"Authorization": "Bearer " + token})
    try:
        check(any(x.get("auth") is True for x in s.events("listening")), "the listening line does not say auth")
        # open: the health check and the page
        anon.call("GET", "/healthz", expect=200)
        anon.call("GET", "/", expect=200)
        # everything else needs the token
        wrong = ["Bearer nope", "Bearer " + token[:-1], "Bearer " + token + "x", "Basic " + token, token,
                 "Bearer  " + token[1:], "bearer" + token]
        for path in ("/metrics", "/v1/feed.xml", "/v1/editions/00000000-0000-0000-0000-000000000000", "/nope"):
            r = anon.call("GET", path, expect=401)
            check(r.headers["www-authenticate"].startswith("Bearer"), "401 without WWW-Authenticate Bearer")
            for w in wrong:
                anon.call("GET", path, headers={"Authorization": w}, expect=401)
        anon.post(short_text(1), "text/plain", expect=401)
        for w in wrong:
            anon.post(short_text(1), "text/plain", headers={"Authorization": w}, expect=401)
        ok.call("GET", "/metrics", expect=200)
        ok.call("GET", "/v1/feed.xml", expect=200)
        ok.call("GET", "/v1/editions/00000000-0000-0000-0000-000000000000", expect=404)
        ok.call("GET", "/metrics", headers={"Authorization": "bEaReR " + token}, expect=200)
        # a large body without the token: 401, and the server did not keep it
        def hwm():
            with open("/proc/%d/status" % s.proc.pid) as f:
                return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) * 1024
        before = hwm()
        # the answer comes before the body is read; a client that waits for
        # it (Expect: 100-continue, as curl does for large bodies) gets it
        # and sends nothing more; one that sends anyway finds the
        # connection closed
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sk:
            sk.sendall(b"POST /v1/editions HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                       b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % (40 << 20))
            head = sk.recv(65536)
            check(head.startswith(b"HTTP/1.1 401"), "a 40 MiB post without the token: %r" % head[:40])
        with socket.create_connection(("127.0.0.1", s.port), timeout=30) as sk:
            sk.sendall(b"POST /v1/editions HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                       b"Content-Length: %d\r\n\r\n" % (40 << 20))
            try:
                for _ in range(40):
                    sk.sendall(b"x" * (1 << 20))
                check(False, "a 40 MiB body without the token was read to its end")
            except OSError:
                pass
        anon.call("GET", "/healthz", body=b"y" * (8 << 20), expect=400)
        grew = hwm() - before
        check(grew < (16 << 20), "a 40 MiB body without the token raised the server's peak memory by %d MiB" %
              (grew >> 20))
        print("a 40 MiB body without the token: 401, peak memory +%.1f MiB" % (grew / 1048576))

        # the cookie: for GET and HEAD, never for changes
        cookie = {"Cookie": "articast_token=" + token}
        bad_cookie = {"Cookie": "articast_token=" + token[:-1] + "Q"}
        anon.post(short_text(2), "text/plain", headers=cookie, expect=401)
        job = ok.post(short_text(2), "text/plain", expect=202).json["id"]
        e = ok.wait(job)
        check(e["status"] == "done", "the job: %s" % e)
        anon.call("GET", "/v1/editions/" + job, headers=cookie, expect=200)
        anon.call("GET", "/v1/editions/" + job, headers=bad_cookie, expect=401)
        url = e["files"][0]["url"]
        got = anon.call("GET", url, headers=cookie, expect=200)
        check(got.data == ok.call("GET", url, expect=200).data, "the file with the cookie differs")
        anon.call("HEAD", url, headers=cookie, expect=200)
        anon.call("GET", url, headers={"Range": "bytes=0-9", **cookie}, expect=206)
        anon.call("GET", url, expect=401)
        anon.call("GET", "/metrics", headers=cookie, expect=200)
        anon.call("DELETE", "/v1/editions/" + job, headers=cookie, expect=401)
        anon.call("DELETE", "/v1/editions/" + job, expect=401)
        ok.call("GET", "/v1/editions/" + job, expect=200)
        ok.call("DELETE", "/v1/editions/" + job, expect=204)
        print("auth: 401 with WWW-Authenticate without or with a wrong token; the token works; /healthz and / "
              "are open; the cookie reads and does not write")
    finally:
        stop(s)
    contract.summary()


# ---- limits ----------------------------------------------------------------


def mode_limits(args, tmp):
    contract = Contract(os.path.join(args.source, "docs", "openapi.json"))
    data = os.path.join(tmp, "data")
    s = start(args.articast, data, "--workers", "1", "--queue", "1", "--max-input", "10k", "--max-header", "4k",
              "--request-timeout", "2", "--drain-timeout", "5")
    api = Api(s, contract)
    port = s.port
    try:
        # bodies over --max-input: refused from Content-Length before the
        # body is read, and as it arrives when chunked
        head = ("POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                "Content-Length: %d\r\n\r\n" % (200 * 1024)).encode()
        r, secs, closed = raw_checked(api, "POST", "/v1/editions", head, shut=False, wait=60)
        check(r is not None and r.status == 413 and closed,
              "a Content-Length over --max-input, body unsent: %r (closed %s)" % (r, closed))
        print("Content-Length over --max-input: 413 before the body, in %.2f s, connection closed" % secs)
        # at the limit an article passes the checks: with a used
        # Idempotency-Key it then meets the key's conflict (422), so no job
        # is made; a byte more is a 413
        api.post({"text": short_text(0)}, headers={"Idempotency-Key": "limit"}, expect=202)
        at_limit = ("word " * 2048)[:10 * 1024]
        api.post(at_limit, "text/plain", headers={"Idempotency-Key": "limit"}, expect=422)
        api.post(at_limit + "s", "text/plain", headers={"Idempotency-Key": "limit"}, expect=413)
        api.post({"text": at_limit}, headers={"Idempotency-Key": "limit"}, expect=422)
        api.post({"text": at_limit + "s"}, headers={"Idempotency-Key": "limit"}, expect=413)
        print("an article of exactly --max-input passes; a byte more is a 413, as text and in JSON")
        for size in (20 * 1024, 300 * 1024):
            chunks = [b"%x\r\n%s\r\n" % (4096, b"z" * 4096)] * (size // 4096)
            msg = [b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n"] + [b"".join(chunks) + b"0\r\n\r\n"]
            r, _, _ = raw_checked(api, "POST", "/v1/editions", msg, shut=False, wait=60)
            check(r is not None and r.status == 413, "a chunked body of %d bytes: %r" % (size, r))
        print("chunked bodies over --max-input (20 KiB, 300 KiB): 413")
        check(api.call("GET", "/healthz").status == 200, "/healthz after the large bodies")

        # malformed and unusable requests
        r = api.post(b'{"text": "a",\n "title": }', "application/json", expect=400)
        check(re.search(r"line 2 column \d+", r.json["error"]["message"]), "malformed JSON: %r" % r.json)
        r = api.post({"text": "a", "options": {"speed": 2}}, expect=400)
        check("options.speed" in r.json["error"]["message"], "unknown option: %r" % r.json)
        r = api.post({"text": "a", "options": {"bitrate": 999}}, expect=400)
        check("options.bitrate" in r.json["error"]["message"], "bitrate out of range: %r" % r.json)
        r = api.post({"text": "a", "colour": "red"}, expect=400)
        check("colour" in r.json["error"]["message"], "unknown field: %r" % r.json)
        api.post(b'{"text": "a", "text": "b"}', "application/json", expect=400)
        api.post(b"\xff\xfe{}", "application/json", expect=400)
        api.post(b"[1, 2]", "application/json", expect=400)
        for ctype in ("application/pdf", "image/png", "text/plainx", "multipart/form-data; boundary=x"):
            r = api.post(b"A short notice.", ctype, expect=415)
        api.post(b"A short notice.", expect=415)  # no Content-Type
        for body, ctype in ((b"", "text/plain"), (b"  \n\t\r\n ", "text/markdown"), (b"\n", "text/html")):
            r = api.post(body, ctype, expect=422)
            check("empty" in r.json["error"]["message"], "empty article: %r" % r.json)
        api.post({"text": " \n "}, expect=422)
        api.post({"text": "a"}, headers={"Idempotency-Key": "has space"}, expect=400)
        api.post({"text": "a"}, headers={"Idempotency-Key": "k" * 256}, expect=400)
        print("malformed JSON (line and column), unknown options and fields, Content-Type, empty articles, "
              "bad Idempotency-Keys: 400/415/422")

        # headers over --max-header: the service's JSON 431 or 414, and the
        # server lives; far over it (past libmicrohttpd's memory for a
        # connection), libmicrohttpd's own 431
        def refused(status, code, r, what):
            check(r is not None and r.status == status, "%s: %r" % (what, r))
            if code:
                check(r.json and r.json["error"]["code"] == code, "%s: not the service's JSON: %r" % (what, r))

        big = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Filler: " + b"f" * 6000 + b"\r\n\r\n"
        refused(431, "header_fields_too_large", raw_checked(api, "GET", "/healthz", big, wait=30)[0],
                "headers over --max-header")
        many = b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + b"".join(b"X-H%d: v\r\n" % k for k in range(800)) + b"\r\n"
        refused(431, "header_fields_too_large", raw_checked(api, "GET", "/healthz", many, wait=30)[0], "800 headers")
        post = (b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                b"X-Filler: " + b"f" * 6000 + b"\r\n\r\nhello")
        refused(431, "header_fields_too_large", raw_checked(api, "POST", "/v1/editions", post, wait=30)[0],
                "a POST with headers over --max-header")
        long_path = b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: t\r\n\r\n"
        refused(414, "uri_too_long", raw_checked(api, "GET", "/" + "a" * 5000, long_path, wait=30)[0],
                "a request line over --max-header")
        query = "/healthz?" + "&".join("k%d=%s" % (k, "v" * 40) for k in range(100))
        refused(414, "uri_too_long", raw_checked(api, "GET", query, b"GET " + query.encode() +
                                                 b" HTTP/1.1\r\nHost: t\r\n\r\n", wait=30)[0],
                "a query over --max-header")
        huge = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Filler: " + b"f" * 100000 + b"\r\n\r\n"
        refused(431, None, raw_checked(api, "GET", "/healthz", huge, wait=30)[0], "100 KB of headers")
        fits = b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Filler: " + b"f" * 3500 + b"\r\n\r\n"
        refused(200, None, raw_checked(api, "GET", "/healthz", fits, wait=30)[0], "headers within --max-header")
        api.call("GET", "/healthz", expect=200)
        print("headers over --max-header: the service's JSON 431 and 414, libmicrohttpd's 431 past 64 KiB more; "
              "the server stays up")

        # --request-timeout 2: an idle client is cut off; a trickling body
        # gets 408
        out, secs, closed = raw_exchange(port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n", shut=False, wait=120)
        check(closed and not out and 1.5 < secs < 110, "a client that stops mid-headers: %r after %.1f s" % (out, secs))
        print("a client that stops sending: closed after %.1f s (--request-timeout 2)" % secs)
        out, secs, closed = raw_exchange(port, b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                                         b"Content-Length: 100\r\n\r\nabc", shut=False, wait=120)
        check(closed and not out and 1.5 < secs < 110, "a client that stops mid-body: %r after %.1f s" % (out, secs))
        t0 = time.time()
        answer, sent = trickle(port, b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                               b"Content-Length: 120\r\n\r\n", b"ab", 60, 0.5)
        secs = time.time() - t0
        check(not answer and sent < 60 and secs >= 2, "a body trickling in for longer than --request-timeout: "
              "%d of 60 pieces sent in %.1f s, answer %r" % (sent, secs, answer[:200]))
        print("a body trickling in: closed without an answer after %.1f s, %d of 60 pieces sent" % (secs, sent))

        # bytes that are not HTTP: an error or a closed connection, and the
        # server answers the next client
        for junk in (os.urandom(512), b"\x00" * 64 + b"\r\n\r\n", b"GARBAGE\r\n\r\n", b"GET\r\n\r\n",
                     b"GET / HTTP/9.9\r\n\r\n", b"GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                     b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"):
            out, _, closed = raw_exchange(port, junk, wait=60)
            if out:
                status = int(out[9:12])
                check(400 <= status < 500 or status == 505, "junk %r: %r" % (junk[:20], out[:100]))
            else:
                check(closed, "junk %r: neither an answer nor a close" % junk[:20])
            api.call("GET", "/healthz", expect=200)
        print("bytes that are not HTTP: 4xx or closed, and /healthz still answers")

        # the queue bound: one worker, one queued job, the rest 429
        codes, ids = [], []
        for k in range(6):
            r = api.post(ARTICLE_TEXT + short_text(k), "text/plain")
            codes.append(r.status)
            if r.status == 202:
                ids.append(r.json["id"])
            else:
                check(r.status == 429 and 1 <= int(r.headers["retry-after"]) <= 60, "a post past the queue: %r" % r)
        check(429 in codes and 202 in codes, "--queue 1: expected some 202 and some 429, got %s" % codes)
        check(api.metrics()["articast_rejected_total"] == codes.count(429), "articast_rejected_total")
        print("--queue 1 --workers 1, 6 posts: %s" % codes)

        # the bound holds for POSTs at once: with the one worker stopped
        # (SIGSTOP) and its job claimed, the queue is empty and nothing is
        # taken from it, so of 12 concurrent posts exactly one is queued.
        # The count and the insert were separate steps, and a save's fsync
        # between them let several posts pass the count together
        for j in ids:
            api.wait(j)
        worker = [x["worker"] for x in s.events("start")][-1]
        os.kill(worker, signal.SIGSTOP)
        try:
            held = api.post(short_text(7), "text/plain", expect=202).json["id"]
            api.wait(held, ("running",))
            with concurrent.futures.ThreadPoolExecutor(12) as pool:
                burst = list(pool.map(lambda k: api.post(short_text(20 + k), "text/plain"), range(12)))
            got = sorted(r.status for r in burst)
            check(got == [202] + [429] * 11, "--queue 1, 12 posts at once with the worker held: %s" % got)
            check(api.metrics()["articast_queue_depth"] == 1, "the queue depth after the burst")
        finally:
            os.kill(worker, signal.SIGCONT)
        for j in [held] + [r.json["id"] for r in burst if r.status == 202]:
            api.wait(j)
        print("--queue 1, 12 posts at once with the worker held: %s" % got)

        # paths that try to leave the job's folder: 404, never a file
        job = ids[0]
        e = api.wait(job)
        check(e["status"] == "done", "the queue test's first job: %s" % e)
        secrets = [open("/etc/passwd", "rb").read()]
        with open(os.path.join(data, "editions", job, "outputs.json"), "rb") as f:
            secrets.append(f.read())
        with open(os.path.join(data, "jobs.sqlite"), "rb") as f:
            secrets.append(f.read()[:100])
        # links planted in the job's files, listed in its outputs.json
        files = os.path.join(data, "editions", job, "files")
        os.symlink("/etc/passwd", os.path.join(files, "planted.txt"))
        os.symlink("/etc", os.path.join(files, "planted-dir"))
        os.symlink(os.path.join(data, "editions", job), os.path.join(files, "planted-up"))
        with open(os.path.join(data, "editions", job, "outputs.json")) as f:
            outputs = json.load(f)
        outputs["files"] += [{"name": "planted.txt", "size": 1}, {"name": "planted-dir/passwd", "size": 1},
                             {"name": "planted-up/outputs.json", "size": 1}, {"name": "../outputs.json", "size": 1}]
        with open(os.path.join(data, "editions", job, "outputs.json"), "w") as f:
            json.dump(outputs, f)
        tries = ["/v1/editions/../../etc/passwd", "/v1/editions/%2e%2e/%2e%2e/etc/passwd",
                 "/v1/editions/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/../../../../etc/passwd", "//etc/passwd",
                 "/v1/editions/%s/files/../outputs.json" % job, "/v1/editions/%s/files/..%%2foutputs.json" % job,
                 "/v1/editions/%s/files/%%2e%%2e/outputs.json" % job, "/v1/editions/%s/files/edition-daisy/../../x" % job,
                 "/v1/editions/%s/files/edition.mp3/../../outputs.json" % job,
                 "/v1/editions/%s/files//etc/passwd" % job, "/v1/editions/%s/files/planted.txt" % job,
                 "/v1/editions/%s/files/planted-dir/passwd" % job, "/v1/editions/%s/files/planted-up/outputs.json" % job,
                 "/v1/editions/%s/files/outputs.json" % job, "/v1/editions/%s/files/not-listed.mp3" % job,
                 "/v1/editions/%s/../../jobs.sqlite" % job, "/v1/editions/%s/files/%%00edition.mp3" % job]
        for path in tries:
            for method in ("GET", "HEAD"):
                r = api.call(method, path, expect=404)
                check(not any(x and x in r.data for x in secrets), "%s: served a file outside the edition" % path)
        api.call("GET", "/v1/editions/%s/files/edition.mp3" % job, expect=200)
        print("%d paths out of the edition (.., %%2e%%2e, links planted in the folder): 404" % len(tries))
        for j in ids[1:]:
            cancel_queued(api, j, wait=False)
    finally:
        stop(s)
    contract.summary()


# ---- range -----------------------------------------------------------------


def mode_range(args, tmp):
    contract = Contract(os.path.join(args.source, "docs", "openapi.json"))
    s = start(args.articast, os.path.join(tmp, "data"), "--workers", "1")
    api = Api(s, contract)
    try:
        job = api.post(ARTICLE_TEXT, "text/plain", expect=202).json["id"]
        e = api.wait(job)
        check(e["status"] == "done", "the job: %s" % e)
        url = "/v1/editions/%s/files/edition.mp3" % job
        whole = api.call("GET", url, expect=200)
        data, size, etag = whole.data, len(whole.data), whole.headers["etag"]
        check(size == e["files"][0]["size"] and size > 1000, "the MP3: %d bytes" % size)
        check(whole.headers["accept-ranges"] == "bytes", "Accept-Ranges")
        head = api.call("HEAD", url, expect=200)
        check(int(head.headers["content-length"]) == size and not head.data and head.headers["etag"] == etag,
              "HEAD: %r" % head.headers)

        def part(rng, first, last, extra=None):
            r = api.call("GET", url, headers=dict({"Range": rng}, **(extra or {})), expect=206)
            check(r.headers["content-range"] == "bytes %d-%d/%d" % (first, last, size),
                  "Range %s: Content-Range %s" % (rng, r.headers["content-range"]))
            check(r.data == data[first:last + 1], "Range %s: not those bytes" % rng)
            check(int(r.headers["content-length"]) == last - first + 1, "Range %s: Content-Length" % rng)
            check(r.headers["etag"] == etag, "Range %s: another ETag" % rng)
            return r

        part("bytes=0-99", 0, 99)
        part("bytes=-100", size - 100, size - 1)
        part("bytes=100-", 100, size - 1)
        part("bytes=0-0", 0, 0)
        part("bytes=%d-%d" % (size - 1, size - 1), size - 1, size - 1)
        part("bytes=10-%d" % (size * 10), 10, size - 1)
        part("bytes=-%d" % (size * 2), 0, size - 1)
        part("bytes=5-20", 5, 20, {"If-Range": etag})
        r = api.call("HEAD", url, headers={"Range": "bytes=0-99"}, expect=206)
        check(int(r.headers["content-length"]) == 100 and not r.data, "HEAD with a Range: %r" % r.headers)
        for rng in ("bytes=%d-" % size, "bytes=%d-%d" % (size + 10, size + 20), "bytes=-0"):
            r = api.call("GET", url, headers={"Range": rng}, expect=416)
            check(r.headers["content-range"] == "bytes */%d" % size, "Range %s: Content-Range %s" %
                  (rng, r.headers["content-range"]))
        # ranges the server does not serve as parts: the whole file
        for rng in ("bytes=0-1,5-6", "bytes=abc", "items=0-5", "bytes=20-10", "bytes=--5"):
            r = api.call("GET", url, headers={"Range": rng}, expect=200)
            check(r.data == data, "Range %s: not the whole file" % rng)
        # validators
        r = api.call("GET", url, headers={"If-None-Match": etag}, expect=304)
        check(r.headers["etag"] == etag and not r.data, "If-None-Match: %r" % r)
        api.call("GET", url, headers={"If-None-Match": '"other", ' + etag}, expect=304)
        api.call("GET", url, headers={"If-None-Match": "*"}, expect=304)
        api.call("HEAD", url, headers={"If-None-Match": etag}, expect=304)
        r = api.call("GET", url, headers={"If-None-Match": '"0-0-0"'}, expect=200)
        check(r.data == data, "If-None-Match with another ETag: not the file")
        r = api.call("GET", url, headers={"Range": "bytes=0-99", "If-Range": '"0-0-0"'}, expect=200)
        check(r.data == data, "If-Range with a stale ETag: not the whole file")
        r = api.call("GET", url, headers={"Range": "bytes=0-99", "If-Range": "Wed, 21 Oct 2015 07:28:00 GMT"},
                     expect=200)
        check(r.data == data, "If-Range with a date: not the whole file")
        check(api.call("GET", url, expect=200).headers["etag"] == etag, "the ETag changed between two GETs")
        print("Range: parts, suffixes, open ends, 416 with bytes */%d, If-Range, If-None-Match (304), HEAD" % size)
    finally:
        stop(s)
    contract.summary()


# ---- idempotency -----------------------------------------------------------


def mode_idempotency(args, tmp):
    contract = Contract(os.path.join(args.source, "docs", "openapi.json"))
    s = start(args.articast, os.path.join(tmp, "data"), "--workers", "1")
    api = Api(s, contract)
    try:
        body = {"text": short_text(1), "title": "Notice 1"}
        a = api.post(body, headers={"Idempotency-Key": "cms-1"}, expect=202).json
        b = api.post(body, headers={"Idempotency-Key": "cms-1"}, expect=202).json
        check(a["id"] == b["id"], "the same key and body: two jobs %s, %s" % (a["id"], b["id"]))
        # concurrent retries of a new key: one job
        body2 = {"text": short_text(2)}
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            rs = list(pool.map(lambda _: api.post(body2, headers={"Idempotency-Key": "cms-2"}), range(6)))
        check(all(r.status == 202 for r in rs), "concurrent retries: %s" % [r.status for r in rs])
        got = {r.json["id"] for r in rs}
        check(len(got) == 1, "6 concurrent posts with one key made %d jobs" % len(got))
        j2 = got.pop()
        # a different body, or the same text as another type: 422, no job
        r = api.post({"text": short_text(1), "title": "Notice one"}, headers={"Idempotency-Key": "cms-1"}, expect=422)
        check("Idempotency-Key" in r.json["error"]["message"], "conflict: %r" % r.json)
        api.post(json.dumps(body), "application/json; charset=utf-8", headers={"Idempotency-Key": "cms-1"},
                 expect=422)
        api.post(short_text(1), "text/plain", headers={"Idempotency-Key": "cms-1"}, expect=422)
        e = api.wait(a["id"])
        check(e["status"] == "done", "the keyed job: %s" % e)
        again = api.post(body, headers={"Idempotency-Key": "cms-1"}, expect=202).json
        check(again == {"id": a["id"], "status_url": a["status_url"], "status": "done"},
              "a retry after the job is done: %s" % again)
        api.wait(j2)
        m = api.metrics()
        total = sum(v for k, v in m.items() if k.startswith("articast_jobs{"))
        check(total == 2 and m['articast_jobs{state="done"}'] == 2, "/metrics counts %d jobs, expected 2: %s" %
              (total, {k: v for k, v in m.items() if k.startswith("articast_jobs")}))
        # no key: a new job each time
        c1 = api.post(body, expect=202).json["id"]
        c2 = api.post(body, expect=202).json["id"]
        check(len({c1, c2, a["id"]}) == 3, "posts without a key share a job")
        # a deleted job's key is free again
        api.call("DELETE", "/v1/editions/" + a["id"], expect=204)
        n = api.post({"text": short_text(3)}, headers={"Idempotency-Key": "cms-1"}, expect=202).json["id"]
        check(n not in (a["id"], c1, c2), "a deleted job's key still names it")
        for j in (c1, c2, n):
            cancel_queued(api, j)
        m = api.metrics()
        print("idempotency: a retry gets the same job (6 concurrent too), a different body 422, no key a new job; "
              "jobs in the store: %d" % sum(v for k, v in m.items() if k.startswith("articast_jobs{")))
    finally:
        stop(s)
    contract.summary()


# ---- hostile -----------------------------------------------------------------


class Hang:
    """A webhook receiver that takes each connection and never answers,
    noting when it took it: each try of a delivery ends by libcurl's 15 s
    timeout, and the next begins at once or after the backoff."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = "http://127.0.0.1:%d/hook" % self.sock.getsockname()[1]
        self.taken, self.conns, self.done = [], [], False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.done:
            if select.select([self.sock], [], [], 0.1)[0]:
                c, _ = self.sock.accept()
                self.conns.append(c)
                self.taken.append(time.time())

    def close(self):
        self.done = True
        self.thread.join(5)
        for c in self.conns + [self.sock]:
            c.close()


def mode_hostile(args, tmp):
    data = os.path.join(tmp, "data")
    hang = Hang()
    sf = secret_file(tmp, "hook.secret", "a secret of sixteen bytes or more")
    s = start(args.articast, data, "--workers", "1", "--request-timeout", "2", "--drain-timeout", "5",
              "--webhook", hang.url, "--webhook-secret-file", sf)
    port = s.port
    try:
        # the body's length in doubt: refused and closed, the bytes after
        # it never read as a request of their own, and no job made
        smuggled = b"GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
        body = b"Notice\n\nA short notice for the square.\n"
        for head in (b"Content-Length: %d\r\nContent-Length: %d\r\n" % (len(body), len(body) + len(smuggled)),
                     b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(body),
                     b"Transfer-Encoding: chunked\r\nContent-Length: 0\r\n"):
            msg = (b"POST /v1/editions HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n" + head + b"\r\n" +
                   body + smuggled)
            out, _, closed = raw_exchange(port, msg, wait=30)
            check(out.startswith(b"HTTP/1.1 400 ") and out.count(b"HTTP/1.1 ") == 1 and closed,
                  "framing in doubt %r: %r (closed %s)" % (head, out[:300], closed))
            check(json.loads(out.partition(b"\r\n\r\n")[2])["error"]["status"] == 400, "not a JSON error: %r" % out)
        check(os.listdir(os.path.join(data, "jobs")) == [], "a job from a body in doubt: %s" %
              os.listdir(os.path.join(data, "jobs")))
        print("two Content-Lengths, or one with Transfer-Encoding: 400, closed, nothing smuggled, no job")

        # %00 names nothing; a path that is not UTF-8 keeps its log line
        for path in (b"/healthz%00x", b"/healthz%00", b"/v1/editions%00"):
            out, _, _ = raw_exchange(port, b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            check(out.startswith(b"HTTP/1.1 404 "), "%s: %r" % (path, out[:100]))
        out, _, _ = raw_exchange(port, b"GET /v1/%ff%fe\xff HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        check(out.startswith(b"HTTP/1.1 404 "), "a path not UTF-8: %r" % out[:100])
        deadline = time.time() + 30
        while time.time() < deadline and not any(e.get("path", "").startswith("/v1/?") for e in s.events("request")):
            time.sleep(0.1)
        logged = [e for e in s.events("request") if e.get("path", "").startswith("/v1/?")]
        check(logged and logged[0].get("status") == 404 and logged[0].get("method") == "GET",
              "a path not UTF-8: its log line %r" % [e for e in s.events("request") if "path" not in e][:2])
        print("%%00 in a path: 404; a path not UTF-8 logged as %r with its status" % logged[0]["path"])

        # headers trickled in: cut after --request-timeout, though never idle
        socks = []
        for _ in range(20):
            c = socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT)
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
            socks.append(c)
        t0, cut = time.time(), set()
        while time.time() - t0 < 60 and len(cut) < len(socks):
            for k, c in enumerate(socks):
                if k in cut:
                    continue
                try:
                    if select.select([c], [], [], 0)[0] and not c.recv(100):
                        cut.add(k)
                        continue
                    c.send(b"a")
                except OSError:
                    cut.add(k)
            time.sleep(0.25)
        secs = time.time() - t0
        for c in socks:
            c.close()
        check(len(cut) == len(socks), "headers trickled in for %.0f s: %d of %d connections cut (--request-timeout 2)"
              % (secs, len(cut), len(socks)))
        check(s.request("GET", "/healthz")[0] == 200, "/healthz after the trickling clients")
        print("%d clients trickling their headers: all cut in %.1f s (--request-timeout 2)" % (len(socks), secs))

        # kill -9 of the worker on each attempt: three, then the job fails
        # with the reason, and the scheduler goes on to the next job
        long_text = "A long notice\n\n" + "The council met on Tuesday and agreed to open the library on Sundays. " * 300
        st, b, _ = s.json("POST", "/v1/editions", long_text, {"Content-Type": "text/plain"})
        check(st == 202, "the long article: %s %s" % (st, b))
        job, killed = b["id"], set()
        deadline = time.time() + JOB_WAIT
        while time.time() < deadline:
            for e in s.events("start"):
                if e["id"] == job and e["worker"] not in killed:
                    killed.add(e["worker"])
                    os.kill(e["worker"], signal.SIGKILL)
            st, e, _ = s.json("GET", "/v1/editions/" + job)
            if e["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        check(e["status"] == "failed" and "3 times" in e["error"]["message"] and len(killed) == 3 and
              e["attempts"] == 3,
              "a job whose worker was killed %d times: %s" % (len(killed), e))
        why = e["error"]["message"]
        st, b, _ = s.json("POST", "/v1/editions", short_text(1), {"Content-Type": "text/plain"})
        e = s.wait_done(b["id"], timeout=JOB_WAIT)
        check(e["status"] == "done", "the job after the killed ones: %s" % e)
        print("the worker killed on each of 3 attempts: failed (%s); the next job done" % why)
        # the stop comes within 2 s of a try's start (as the receiver took
        # it): the server, which cuts the try in hand at its stop, is gone
        # well before the try's own 15 s could end it, and no try can end by
        # that timeout during the drain (which at a random moment it could,
        # the drain taking 0.1 to 1 s, and be logged there rightly)
        deadline, fresh = time.time() + 120, False
        while time.time() < deadline and not fresh:
            fresh = bool(hang.taken) and time.time() - hang.taken[-1] < 2
            if not fresh:
                time.sleep(0.01)
        check(fresh, "no webhook try began in 120 s (tries began at %s)" % hang.taken)
        taken = hang.taken[-1]
    finally:
        t0 = time.time()
        stop(s)
        t_exit = time.time()
        hang.close()
    # the deliveries owed to the receiver that never answers: the one in
    # hand is cut off by the stop, which it held for libcurl's 15 s, and is
    # not a failed try (none logged after the drain began); the 14 s leave
    # a second for the receiver taking the try late
    names = [e.get("event") for e in s.lines]
    check(t_exit - taken < 14, "the stop %.1f s into a webhook try took %.1f s: it waited for the receiver" %
          (t0 - taken, t_exit - t0))
    check("draining" in names and "webhook" not in names[names.index("draining"):],
          "a webhook try ended after the drain began: %s" % [e for e in s.lines if e.get("event") == "webhook"][-2:])
    print("a webhook receiver that never answers: the stop, %.1f s into a try, took %.1f s, the delivery left owed" %
          (t0 - taken, t_exit - t0))

    # a data folder others may write in, another user's, or a link: exit 2
    bad = os.path.join(tmp, "open")
    os.mkdir(bad)
    os.chmod(bad, 0o777)
    cases = [(bad, "others may write")]
    os.symlink(data, os.path.join(tmp, "link"))
    cases.append((os.path.join(tmp, "link"), "symbolic link"))
    if os.geteuid() == 0:
        other = os.path.join(tmp, "other")
        os.mkdir(other, 0o700)
        os.chown(other, 65534, 65534)
        cases.append((other, "another user"))
    for d, why in cases:
        p = subprocess.run([args.articast, "serve", "--data", d, "--listen", "127.0.0.1:0"], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=START_WAIT)
        check(p.returncode == 2 and why in p.stderr.decode(), "--data %s (%s): exit %d, %r" %
              (d, why, p.returncode, p.stderr[-300:]))
        check(os.path.islink(d) or not os.listdir(d), "--data %s: written in though refused" % d)
    print("--data refused when %s" % ", ".join(w for _, w in cases))


MODES = {"api": mode_api, "auth": mode_auth, "limits": mode_limits, "range": mode_range,
         "idempotency": mode_idempotency, "hostile": mode_hostile}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("mode", choices=sorted(MODES))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="articast-serve-%s-" % args.mode)
    try:
        MODES[args.mode](args, tmp)
    except Failure as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS: serve %s" % args.mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
