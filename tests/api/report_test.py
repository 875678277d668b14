"""report_test.py - the indicator, drill-down, report, export and import
endpoints of a live `lika serve` on the demo ledger, each response
validated against docs/openapi.json.

    python3 report_test.py BASE_URL FIXTURES.json

FIXTURES (written by tests/e2e/api_report.sh) names the accounts, their
password, the villages A (the demo village) and B, a household of A, the
values the CLI computed (`lika indicators --json`), the CLI's markdown
report and the interchange files to upload.  Standard library only.
Prints one line per failure and "N passed, M failed"; exits 1 on any
failure.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import http.cookiejar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi import Spec  # noqa: E402

BASE = sys.argv[1]
FIX = json.load(open(sys.argv[2], encoding="utf-8"))
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SPEC = Spec(os.path.join(SRC, "docs", "openapi.json"))
PASSED = FAILED = 0
A, B, Y = FIX["village_a"], FIX["village_b"], 2018


def check(cond, desc, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: %s%s" % (desc, "" if detail == "" else
                               "\n  " + repr(detail)[:800]), flush=True)
    return cond


class Resp:
    def __init__(self, status, headers, raw):
        self.status, self.headers, self.raw = status, headers, raw
        try:
            self.json = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.json = None

    def __repr__(self):
        return "%d %r" % (self.status, self.raw[:300])


class Client:
    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None

    def req(self, method, path, data=None, headers=None, csrf=True):
        h = dict(headers or {})
        if csrf and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        rq = urllib.request.Request(BASE + path, data=data, method=method,
                                    headers=h)
        try:
            with self.opener.open(rq, timeout=120) as f:
                r = Resp(f.status, f.headers, f.read())
        except urllib.error.HTTPError as e:
            r = Resp(e.code, e.headers, e.read())
        ctype = r.headers.get("Content-Type", "")
        if ctype.startswith("application/json") or r.status >= 400:
            for p in SPEC.check(method, path, r.status, r.json):
                check(False, "response matches docs/openapi.json", p)
        return r

    def get(self, path, **q):
        return self.req("GET", path + ("?" + urllib.parse.urlencode(q)
                                       if q else ""))

    def login(self, role):
        r = self.req("POST", "/api/login", json.dumps(
            {"name": FIX["accounts"][role], "password": FIX["password"]}
        ).encode(), {"Content-Type": "application/json"})
        check(r.status == 200, "sign in as %s" % role, r)
        self.csrf = r.json["csrf"] if r.json else None
        return self

    def upload(self, fields, files, csrf=True):
        bnd = uuid.uuid4().hex
        body = b""
        for k, v in fields.items():
            body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\""
                     "\r\n\r\n%s\r\n" % (bnd, k, v)).encode()
        for k, (name, data) in files.items():
            body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                     "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n"
                     % (bnd, k, name)).encode() + data + b"\r\n"
        body += ("--%s--\r\n" % bnd).encode()
        return self.req("POST", "/api/import", body, {
            "Content-Type": "multipart/form-data; boundary=" + bnd}, csrf)


def is_error(r, status):
    return r.status == status and isinstance(r.json, dict) and \
        isinstance(r.json.get("error", {}).get("message"), str)


def values(r):
    return {i["name"]: i["value"] for i in r.json["indicators"]}


anon = Client()
admin = Client().login("admin")
village = Client().login("village")
other = Client().login("village_b")
viewer = Client().login("viewer")

# ---- the registry and the values --------------------------------------
r = anon.get("/api/indicators/list")
check(is_error(r, 401), "indicators/list needs a session", r)
r = viewer.get("/api/indicators/list")
check(r.status == 200 and len(r.json["indicators"]) > 100,
      "a viewer reads the registry", r)
r = village.get("/api/indicators", region=A, year=Y)
check(r.status == 200, "indicators of the village", r)
if r.status == 200:
    got = values(r)
    for k, v in FIX["cli_values"].items():
        check(got.get(k) == v, "API value of %s equals the CLI's" % k,
              (got.get(k), v))
r = village.get("/api/indicators", region=A, year=Y,
                names="households_poor,incidence")
check(r.status == 200 and [i["name"] for i in r.json["indicators"]] ==
      ["households_poor", "incidence"], "names limit the answer", r)
check(is_error(village.get("/api/indicators", region=A, year=Y,
                           names="no_such"), 400), "unknown name: 400")
check(is_error(village.get("/api/indicators", region=A), 400),
      "year required: 400")
check(is_error(village.get("/api/indicators", year=Y), 400),
      "region required: 400")
check(is_error(village.get("/api/indicators", region=A, year="20x8"), 400),
      "a malformed year: 400")
r = other.get("/api/indicators", region=A, year=Y)
check(is_error(r, 403), "another village's figures: 403", r)
r = other.get("/api/indicators", region=A[:9], year=Y)
check(r.status == 200 and r.json["region"] == B,
      "a town asked by a village account is narrowed to its village", r)

# ---- children and drill-downs -------------------------------------------
r = admin.get("/api/indicators/children", region=A[:9], year=Y,
              name="households_registered")
check(r.status == 200 and len(r.json["rows"]) > 1, "children of the town", r)
if r.status == 200:
    rows = {x["region"]: x["value"] for x in r.json["rows"]}
    check(rows.get(A) == FIX["cli_values"]["households_registered"],
          "the demo village among the children", rows.get(A))
r = other.get("/api/indicators/children", region=A[:9], year=Y,
              name="households_registered")
check(r.status == 200 and all(x["region"].startswith(B)
                              for x in r.json["rows"]),
      "children never show another village", r)
check(is_error(admin.get("/api/indicators/children", region=A, year=Y,
                         name="nope"), 404), "children of an unknown name")
r = village.get("/api/drill/households_registered", region=A, year=Y)
check(r.status == 200 and r.json["count"] == len(r.json["rows"]) ==
      FIX["cli_values"]["households_registered"] == r.json["value"],
      "the drill-down lists as many households as the indicator", r)
check(is_error(other.get("/api/drill/households_registered", region=A,
                         year=Y), 403), "another village's drill-down: 403")
check(is_error(village.get("/api/drill/region_name", region=A, year=Y),
               404), "an indicator without drill-down: 404")
check(is_error(village.get("/api/drill/nope", region=A, year=Y), 404),
      "an unknown indicator: 404")

# ---- the annual report ---------------------------------------------------
r = village.get("/api/reports/annual", region=A, year=Y, format="md")
check(r.status == 200 and r.raw.decode() == FIX["cli_md"],
      "the markdown report equals the CLI's", r)
check("attachment" in r.headers.get("Content-Disposition", ""),
      "markdown is a download")
r = village.get("/api/reports/annual", region=A, year=Y)
check(r.status == 200 and r.headers.get("Content-Type", "").startswith(
    "text/html"), "the report as HTML by default", r)
html = r.raw.decode()
check('href="/drill.html?region=%s&amp;year=%d&amp;name=households_registered"'
      % (A, Y) in html, "figures link to their drill-down page")
check("<script" not in html, "no script in the document")
check("script-src" not in r.headers.get("Content-Security-Policy", "x") and
      "default-src 'none'" in r.headers.get("Content-Security-Policy", ""),
      "the document's own policy: nothing but its styles",
      r.headers.get("Content-Security-Policy"))
r = village.get("/api/reports/annual", region=A, year=Y, format="docx",
                lang="zh_CN")
check(r.status == 200 and r.raw[:2] == b"PK" and ".zh_CN.docx" in
      r.headers.get("Content-Disposition", ""), "DOCX in Chinese", r)
r = village.get("/api/reports/annual", region=A, year=Y, format="json")
check(r.status == 200 and "households_registered" in values(r),
      "the indicators of the report as JSON", r)
check(is_error(village.get("/api/reports/annual", region=A, year=Y,
                           format="pdf"), 400), "an unknown format: 400")
check(is_error(other.get("/api/reports/annual", region=A, year=Y), 403),
      "another village's report: 403")

# ---- the household file ----------------------------------------------------
hh = FIX["household_a"]
r = village.get("/api/reports/household/" + hh, format="docx")
check(r.status == 200 and r.raw[:2] == b"PK", "household file as DOCX", r)
r = village.get("/api/reports/household/" + hh)
check(r.status == 200 and hh in r.raw.decode(), "household file as HTML", r)
check(is_error(other.get("/api/reports/household/" + hh), 404),
      "another village's household file: 404")
check(is_error(viewer.get("/api/reports/household/" + hh), 403),
      "a viewer may not print IDs: 403")

# ---- the ledger book -------------------------------------------------------
r = village.get("/api/export", format="xlsx")
check(r.status == 200 and r.raw[:2] == b"PK" and
      r.headers.get("Content-Type", "").endswith("spreadsheetml.sheet"),
      "the ledger book of the village", r)
check(is_error(village.get("/api/export", format="csv"), 400),
      "an unknown export format: 400")
check(is_error(other.get("/api/export", region=A), 403),
      "another village's ledger book: 403")
check(is_error(viewer.get("/api/export"), 403), "a viewer: 403")

# ---- imports ---------------------------------------------------------------
files = {k: (os.path.basename(p), open(p, "rb").read())
         for k, p in FIX["upload"].items()}
r = village.upload({"dry_run": "1"}, files, csrf=False)
check(is_error(r, 403), "an upload without CSRF token: 403", r)
r = village.upload({"dry_run": "1"}, files)
check(r.status == 200 and r.json["dry_run"] and not r.json["imported"] and
      r.json["households"]["unchanged"] == FIX["households_a"],
      "a dry run of the village's own files", r)
bad = dict(files)
rows = bad["members"][1].decode().split("\n")
cols = rows[2].split(",")
head = rows[0].lstrip("\ufeff").split(",")
idc = head.index("证件号码") if "证件号码" in head else head.index("id_number")
cols[idc] = cols[idc][:-1] + ("0" if cols[idc][-1] != "0" else "1")
rows[2] = ",".join(cols)
bad["members"] = ("成员.csv", "\n".join(rows).encode())
r = village.upload({}, bad)
check(is_error(r, 422) and r.json["errors"][0]["file"] == "成员.csv" and
      r.json["errors"][0]["row"] == 3, "a bad ID: 422 naming file and row",
      r)
r = village.upload({}, {})
check(is_error(r, 400), "no file: 400", r)
r = village.upload({"dry_run": "1", "nonsense": "x"}, files)
check(is_error(r, 400), "an unknown field: 400", r)
r = other.upload({"dry_run": "1"}, files)
check(is_error(r, 422), "another village's households: rejected", r)
check(is_error(viewer.upload({"dry_run": "1"}, files), 403),
      "a viewer may not import")
r = village.req("POST", "/api/import", b"{}",
                {"Content-Type": "application/json"})
check(is_error(r, 400), "a JSON body: 400", r)

# ---- every operation this script answers for was exercised -----------------
for tmpl, ops in SPEC.doc["paths"].items():
    for method, op in ops.items():
        if op.get("x-tested-by") == "tests/api/report_test.py":
            check(any(u[0] == tmpl and u[1] == method.upper()
                      for u in SPEC.used),
                  "no live call of %s %s" % (method.upper(), tmpl))

print("%d passed, %d failed" % (PASSED, FAILED))
sys.exit(1 if FAILED else 0)
