"""api_test.py - drives a live `lika serve` through every endpoint of the
first API part (accounts, regions, households, members, incomes, history)
and validates each response against docs/openapi.json.

    python3 api_test.py BASE_URL LEDGER SERVER_PID FIXTURES.json

FIXTURES names the accounts (role -> name), their password, a household
of village A (with a phone), one paired with the helper, one not, the
villages A and B.  Run by tests/e2e/api.sh, which builds the ledger and
starts the server.  Standard library only.  Prints one line per failure
and "N passed, M failed"; exits 1 on any failure.  The last test sends
SIGTERM with a slow request in flight.
"""
import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi import Spec  # noqa: E402

BASE, LEDGER, PID, FIX = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    json.load(open(sys.argv[4], encoding="utf-8"))
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SPEC = Spec(os.path.join(SRC, "docs", "openapi.json"))
HOST = urllib.parse.urlparse(BASE).hostname
PORT = urllib.parse.urlparse(BASE).port
PASSED = 0
FAILED = 0


def check(cond, desc, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print("FAIL: %s%s" % (desc, ("\n  " + str(detail)[:800])
                               if detail else ""), flush=True)
    return cond


class Resp:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "%d %s" % (self.status, self.raw[:400])


class Client:
    """One browser: a cookie jar and the CSRF token of its session."""

    def __init__(self, lang=None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None
        self.lang = lang

    def req(self, method, path, body=None, csrf=True, headers=None,
            raw=None, validate=True):
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"}
        if self.lang:
            h["Accept-Language"] = self.lang
        if csrf and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        rq = urllib.request.Request(BASE + path, data=data, method=method,
                                    headers=h)
        try:
            with self.opener.open(rq, timeout=60) as f:
                r = Resp(f.status, f.headers, f.read())
        except urllib.error.HTTPError as e:
            r = Resp(e.code, e.headers, e.read())
        if validate:
            for p in SPEC.check(method, path, r.status, r.json):
                check(False, "response matches docs/openapi.json", p)
        return r

    def login(self, name, password=None):
        r = self.req("POST", "/api/login",
                     {"name": name, "password": password or FIX["password"]})
        if r.status == 200:
            self.csrf = r.json["csrf"]
        return r


def is_error(r, status, field=None):
    ok = r.status == status and isinstance(r.json, dict) and \
        "error" in r.json and isinstance(r.json["error"].get("message"), str)
    if ok and field is not None:
        ok = r.json["error"].get("field") == field
    return ok


def db():
    c = sqlite3.connect("file:%s?mode=ro" % LEDGER, uri=True)
    c.execute("PRAGMA busy_timeout = 5000")
    return c


A, B = FIX["village_a"], FIX["village_b_code"]
HA = FIX["household_a"]          # in village A, has a phone
HP, HU = FIX["paired"], FIX["unpaired"]  # of the helper's cadre, not

# ---- not signed in ---------------------------------------------------
anon = Client()
for m, p in [("GET", "/api/me"), ("GET", "/api/households"),
             ("GET", "/api/households/" + HA), ("GET", "/api/regions"),
             ("GET", "/api/codes/sex"),
             ("GET", "/api/users"), ("POST", "/api/logout"),
             ("PATCH", "/api/households/" + HA),
             ("PUT", "/api/households/%s/incomes/2019" % HA)]:
    r = anon.req(m, p, {} if m != "GET" else None)
    check(is_error(r, 401), "%s %s without a session: 401" % (m, p), r)
r = anon.req("POST", "/api/login", raw=b"not json")
check(is_error(r, 400), "login with a malformed body: 400", r)
r = anon.req("POST", "/api/login", {"name": "x"})
check(is_error(r, 422, "password"), "login without password: 422", r)
r = anon.req("POST", "/api/login", {"name": FIX["admin"],
                                    "password": "wrong password"})
check(is_error(r, 401), "login with a wrong password: 401", r)
r = anon.req("POST", "/api/login", {"name": "nobody",
                                    "password": "wrong password"})
check(is_error(r, 401), "login of an unknown name: 401", r)
r = anon.req("GET", "/api/nothing", validate=False)
check(r.status in (401, 404), "unknown endpoint: 404 or 401", r)

# ---- admin ---------------------------------------------------------------
admin = Client()
r = admin.login(FIX["admin"])
check(r.status == 200, "admin signs in", r)
cookie = r.headers.get("Set-Cookie", "")
check(re.match(r"lika_session=[A-Za-z0-9_-]{43}; ", cookie) is not None,
      "session cookie with a 43-character token", cookie)
for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
    check(attr in cookie, "cookie has " + attr, cookie)
check("Secure" not in cookie, "no Secure over plain HTTP", cookie)
check(r.headers.get("Cache-Control") == "no-store", "API: no-store",
      r.headers)
check(r.headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
check("frame-ancestors 'none'" in r.headers.get("Content-Security-Policy",
                                                ""), "CSP")
check(r.json["user"]["role"] == "admin", "login body: role", r)
r2 = Client().req("POST", "/api/login",
                  {"name": FIX["admin"], "password": FIX["password"]},
                  headers={"X-Forwarded-Proto": "https"})
check("; Secure" in r2.headers.get("Set-Cookie", ""),
      "Secure behind a TLS proxy", r2.headers.get("Set-Cookie"))
r = admin.req("GET", "/api/me")
check(r.status == 200 and r.json["user"]["name"] == FIX["admin"] and
      r.json["csrf"] == admin.csrf, "GET /api/me", r)

# CSRF
r = admin.req("PATCH", "/api/households/" + HA, {"phone": "13900001111"},
              csrf=False)
check(is_error(r, 403), "PATCH without X-CSRF-Token: 403", r)
r = admin.req("PATCH", "/api/households/" + HA, {"phone": "13900001111"},
              csrf=False, headers={"X-CSRF-Token": "x" * 43})
check(is_error(r, 403), "PATCH with a wrong X-CSRF-Token: 403", r)
r = admin.req("POST", "/api/logout", csrf=False)
check(is_error(r, 403), "logout without X-CSRF-Token: 403", r)

# users
r = admin.req("GET", "/api/users")
names = [u["name"] for u in r.json["users"]] if r.status == 200 else []
check(r.status == 200 and all(FIX[k] in names for k in
                              ("admin", "county", "town", "village",
                               "village_b", "helper", "viewer")),
      "GET /api/users lists every account", r)
r = admin.req("POST", "/api/users", {"name": "extra", "role": "village",
                                     "region": A,
                                     "password": "extra-password"})
check(r.status == 201 and r.json["user"]["region"] == A,
      "POST /api/users: 201", r)
r = admin.req("POST", "/api/users", {"name": "extra", "role": "village",
                                     "region": A,
                                     "password": "extra-password"})
check(is_error(r, 409, "name"), "a second account of that name: 409", r)
r = admin.req("POST", "/api/users", {"name": "x2", "role": "mayor",
                                     "region": A, "password": "x" * 10})
check(is_error(r, 422, "role"), "unknown role: 422", r)
r = admin.req("POST", "/api/users", {"name": "x2", "role": "village",
                                     "region": A[:9], "password": "x" * 10})
check(is_error(r, 422, "region"), "village account on a town: 422", r)
r = admin.req("POST", "/api/users", raw=b"[1,2]")
check(is_error(r, 400), "users: a non-object body: 400", r)

# regions
r = admin.req("GET", "/api/regions?parent=" + A[:9])
codes = [g["code"] for g in r.json["regions"]] if r.status == 200 else []
check(A in codes and B in codes, "regions under the town", r)
r = admin.req("GET", "/api/regions/" + A)
check(r.status == 200 and r.json["code"] == A and r.json["level"] == 5,
      "GET /api/regions/CODE", r)
r = admin.req("GET", "/api/regions/999999999999")
check(is_error(r, 404), "unknown region: 404", r)

# code lists (the choices of the web forms): registry and work lists
r = admin.req("GET", "/api/codes/relation?lang=zh_CN")
check(r.status == 200 and r.json["list"] == "relation" and
      {"code": "1", "label": "户主"} in r.json["codes"] and
      len(r.json["codes"]) >= 20, "GET /api/codes/LIST (zh_CN labels)", r)
r = admin.req("GET", "/api/codes/work.status?lang=en")
check(r.status == 200 and [c["code"] for c in r.json["codes"]] ==
      ["planned", "in_progress", "done", "cancelled"] and
      r.json["codes"][1]["label"] == "in progress",
      "GET /api/codes/work.status (English labels, in order)", r)
r = admin.req("GET", "/api/codes/no_such_list")
check(is_error(r, 404), "unknown code list: 404", r)

# households: list, filters, search
r = admin.req("GET", "/api/households?limit=2")
check(r.status == 200 and len(r.json["households"]) == 2 and
      r.json["count"] >= 300, "list: limit 2 of all (count = total)", r)
total_a = r.json["count"] if r.status == 200 else -1
r = admin.req("GET", "/api/households?limit=5&offset=3")
r0 = admin.req("GET", "/api/households?limit=8")
check(r.status == 200 and r0.status == 200 and
      r.json["households"] == r0.json["households"][3:8], "offset", r)
r = admin.req("GET", "/api/households?status=poor&limit=1000")
check(r.status == 200 and r.json["count"] > 0 and
      all(h["status"] == "poor" for h in r.json["households"]),
      "filter status=poor", r)
r2 = admin.req("GET", "/api/households?status=%E6%9C%AA%E8%84%B1%E8%B4%AB"
               "&limit=1000")
check(r2.status == 200 and r2.json["count"] == r.json["count"],
      "status by its Chinese label", r2)
with db() as c:
    cause = c.execute("SELECT main_cause, count(*) FROM household WHERE "
                      "main_cause IS NOT NULL GROUP BY 1 ORDER BY 2 DESC "
                      "LIMIT 1").fetchone()
    group = c.execute("SELECT group_name, count(*) FROM household WHERE "
                      "group_name IS NOT NULL GROUP BY 1 LIMIT 1").fetchone()
    cadre = c.execute("SELECT cadre_id, count(*) FROM pairing WHERE "
                      "end_date IS NULL GROUP BY 1 LIMIT 1").fetchone()
    head = c.execute("SELECT head_name, head_id FROM household WHERE "
                     "household_no = ?", (HA,)).fetchone()
r = admin.req("GET", "/api/households?cause=%s&limit=1" % cause[0])
check(r.status == 200 and r.json["count"] == cause[1], "filter cause", r)
r = admin.req("GET", "/api/households?group=%s&limit=1" %
              urllib.parse.quote(group[0]))
check(r.status == 200 and r.json["count"] == group[1], "filter group", r)
r = admin.req("GET", "/api/households?helper=%d&limit=1" % cadre[0])
check(r.status == 200 and r.json["count"] == cadre[1], "filter helper", r)
r = admin.req("GET", "/api/households?attribute=nosuchthing")
check(is_error(r, 400), "unknown attribute code: 400", r)
r = admin.req("GET", "/api/households?limit=0")
check(is_error(r, 400), "limit 0: 400", r)
r = admin.req("GET", "/api/households?limit=1001")
check(is_error(r, 400), "limit above 1000: 400", r)
r = admin.req("GET", "/api/households?q=" + urllib.parse.quote(head[0]))
check(r.status == 200 and any(h["household_no"] == HA
                              for h in r.json["households"]),
      "search by the head's name", r)
r = admin.req("GET", "/api/households?q=" + head[1][-6:])
check(r.status == 200 and any(h["household_no"] == HA
                              for h in r.json["households"]),
      "search by part of an ID number", r)

# households: create in village B
ID = FIX["ids"]
new = {"household_no": "B-0001", "village_code": B, "head_name": "赵大",
       "head_id": ID[0], "phone": "13800001111"}
r = admin.req("POST", "/api/households", dict(new, head_id=ID[0][:17] +
                                                ("0" if ID[0][17] != "0"
                                                 else "1")))
check(is_error(r, 422, "head_id"), "add with a bad ID: 422 on head_id", r)
r = admin.req("POST", "/api/households", {"household_no": "B-0001"})
check(is_error(r, 422, "village_code"), "add without village: 422", r)
r = admin.req("POST", "/api/households", dict(new, housing="x"))
check(is_error(r, 422, "housing"), "add with an unknown field: 422", r)
r = admin.req("POST", "/api/households", new)
check(r.status == 201 and r.json["household"]["household_no"] == "B-0001"
      and len(r.json["members"]) == 1, "POST /api/households: 201", r)
r = admin.req("POST", "/api/households", new)
check(is_error(r, 409), "the same household again: 409", r)
r = admin.req("GET", "/api/households/B-0001")
check(r.status == 200 and r.json["household"]["phone"] == "13800001111",
      "GET /api/households/NO", r)
r = admin.req("PATCH", "/api/households/B-0001", {"phone": "12345"})
check(is_error(r, 422, "phone"), "edit with a bad phone: 422 on phone", r)
r = admin.req("PATCH", "/api/households/B-0001", {"household_no": "B-2"})
check(is_error(r, 422, "household_no"), "renumbering refused: 422", r)
r = admin.req("PATCH", "/api/households/B-0001", {"status": "lifted"})
check(is_error(r, 409, "status"), "status edit refused: 409", r)
r = admin.req("PATCH", "/api/households/B-0001", raw=b'{"phone": ')
check(is_error(r, 400), "edit with a malformed body: 400", r)
r = admin.req("PATCH", "/api/households/B-0001", {"phone": "13900002222"})
check(r.status == 200 and r.json["household"]["phone"] == "13900002222",
      "PATCH /api/households/NO", r)
r = admin.req("PATCH", "/api/households/NOPE", {"phone": "13900002222"})
check(is_error(r, 404), "edit of a missing household: 404", r)

# members
m = {"name": "赵小", "id_number": ID[1], "relation": "之子"}
r = admin.req("POST", "/api/households/B-0001/members",
              dict(m, id_number="123"))
check(is_error(r, 422, "id_number"), "member with a bad ID: 422", r)
r = admin.req("POST", "/api/households/B-0001/members", {"name": "x"})
check(is_error(r, 422, "id_number"), "member without ID: 422", r)
r = admin.req("POST", "/api/households/B-0001/members", m)
check(r.status == 201 and len(r.json["members"]) == 2,
      "POST /api/households/NO/members: 201", r)
r = admin.req("POST", "/api/households/B-0001/members", m)
check(is_error(r, 409), "the same member again: 409", r)
r = admin.req("PATCH", "/api/members/" + ID[1], {"name": "赵小二"})
check(r.status == 200 and any(x["name"] == "赵小二"
                              for x in r.json["members"]),
      "PATCH /api/members/ID", r)
r = admin.req("PATCH", "/api/members/" + ID[1], {"sex": "女"})
check(is_error(r, 422), "sex contradicting the ID: 422", r)
r = admin.req("PATCH", "/api/members/" + ID[1], {"id_number": ID[2]})
check(is_error(r, 422, "id_number"), "changing the member key: 422", r)
r = admin.req("PATCH", "/api/members/110105194912310021", {"name": "x"})
check(is_error(r, 404), "edit of a missing member: 404", r)

# incomes
r = admin.req("PUT", "/api/households/B-0001/incomes/2019",
              {"wage": "abc"})
check(is_error(r, 422, "wage"), "income with a bad amount: 422", r)
r = admin.req("PUT", "/api/households/B-0001/incomes/20x9", {"wage": 1})
check(is_error(r, 422, "income_year"), "income of a bad year: 422", r)
r = admin.req("PUT", "/api/households/B-0001/incomes/2019",
              {"wage": 12000, "operating": "3000.50", "expense": 1000})
check(r.status == 200 and r.json["net_income"] == 14000.5 and
      r.json["persons"] == 2 and r.json["per_capita"] == 7000.25,
      "PUT /api/households/NO/incomes/YEAR", r)
r = admin.req("PUT", "/api/households/B-0001/incomes/2019", {"dibao": 500})
check(r.status == 200 and r.json["net_income"] == 14500.5,
      "income set keeps the other items", r)

# remove a member, history
r = admin.req("POST", "/api/members/%s/remove" % ID[1],
              {"reason": "emigrated", "date": "2024-01-01"})
check(is_error(r, 422), "remove with an unknown reason: 422", r)
r = admin.req("POST", "/api/members/%s/remove" % ID[1],
              {"reason": "moved_out", "date": "2024-13-01"})
check(is_error(r, 422), "remove with a bad date: 422", r)
r = admin.req("POST", "/api/members/%s/remove" % ID[1],
              {"reason": "moved_out", "date": "2024-01-01"})
check(r.status == 200 and r.json == {"removed": ID[1]},
      "POST /api/members/ID/remove", r)
r = admin.req("GET", "/api/households/%s/history" % HA)
check(r.status == 200 and r.json["household_no"] == HA and
      isinstance(r.json["history"], list), "GET .../history", r)

# assessment
r = admin.req("GET", "/api/households/%s/assess?year=2018" % HA)
check(r.status == 200 and r.json["year"] == 2018 and
      [h["household_no"] for h in r.json["households"]] == [HA] and
      r.json["region"] == A, "GET /api/households/NO/assess", r)
r = admin.req("GET", "/api/households/%s/assess" % HA)
check(r.status == 200 and r.json["year"] >= 2014,
      "household assess without year: its latest income year", r)
r = admin.req("GET", "/api/households/%s/assess?year=1800" % HA)
check(is_error(r, 400), "assess of year 1800: 400", r)
r = admin.req("GET", "/api/assess?year=2019")
check(r.status == 200 and r.json["summary"]["households"] >=
      FIX["households_a"] and len(r.json["villages"]) >= 1,
      "GET /api/assess", r)
r = admin.req("GET", "/api/assess")
check(is_error(r, 400), "assess without year: 400", r)

# language
r = admin.req("GET", "/api/households?status=poor&limit=1&lang=zh_CN")
check(r.status == 200 and r.json["households"][0]["status_label"] ==
      "未脱贫", "?lang=zh_CN labels", r)
r = Client(lang="zh-CN,zh;q=0.9")
r.login(FIX["admin"])
r = r.req("GET", "/api/households?status=poor&limit=1")
check(r.status == 200 and r.json["households"][0]["status_label"] ==
      "未脱贫", "Accept-Language zh labels", r)
r = admin.req("GET", "/api/households/NOPE?lang=zh_CN")
check(is_error(r, 404) and re.search(r"[\u4e00-\u9fff]",
                                     r.json["error"]["message"]),
      "error messages in Chinese", r)

# method and path errors
r = admin.req("DELETE", "/api/households")
check(is_error(r, 405) and "GET" in r.headers.get("Allow", ""),
      "DELETE /api/households: 405 with Allow", r)
r = admin.req("GET", "/api/nothing/here", validate=False)
check(is_error(r, 404), "unknown endpoint: 404", r)

# ---- region scope: the clerk of village A --------------------------------
va = Client()
check(va.login(FIX["village"]).status == 200, "village clerk signs in")
r = va.req("GET", "/api/households?limit=1")
check(r.status == 200 and r.json["count"] == FIX["households_a"],
      "clerk A counts only village A", r)
for p in ["/api/households/B-0001", "/api/households/B-0001/history"]:
    r = va.req("GET", p)
    check(is_error(r, 404), "clerk A reads B: 404 (%s)" % p, r)
r = va.req("PATCH", "/api/households/B-0001", {"phone": "13900003333"})
check(is_error(r, 404), "clerk A edits B: 404", r)
r = va.req("POST", "/api/households/B-0001/members",
           {"name": "x", "id_number": ID[3], "relation": "之子"})
check(is_error(r, 404), "clerk A adds a member to B: 404", r)
r = va.req("PUT", "/api/households/B-0001/incomes/2019", {"wage": 1})
check(is_error(r, 404), "clerk A sets B's income: 404", r)
r = va.req("PATCH", "/api/members/" + ID[0], {"name": "x"})
check(is_error(r, 404), "clerk A edits B's member: 404", r)
r = va.req("POST", "/api/members/%s/remove" % ID[0],
           {"reason": "deceased", "date": "2024-01-01"})
check(is_error(r, 404), "clerk A removes B's member: 404", r)
r = va.req("POST", "/api/households", dict(new, household_no="B-0002",
                                           head_id=ID[4]))
check(is_error(r, 403), "clerk A registers in B: 403", r)
r = va.req("GET", "/api/households?region=" + B)
check(is_error(r, 403), "clerk A lists B explicitly: 403", r)
for q in ["B-0001", "赵大", ID[0][-8:], "13900002222"]:
    r = va.req("GET", "/api/households?q=" + urllib.parse.quote(q))
    check(r.status == 200 and r.json["count"] == 0 and
          r.json["households"] == [], "clerk A's search for %s: none" % q, r)
r = va.req("GET", "/api/households/B-0001/assess?year=2019")
check(is_error(r, 404), "clerk A assesses B's household: 404", r)
r = va.req("GET", "/api/assess?year=2019&region=" + B)
check(is_error(r, 403), "clerk A assesses village B: 403", r)
r = va.req("GET", "/api/assess?year=2019")
ra = admin.req("GET", "/api/assess?year=2019&region=" + A)
check(r.status == 200 and ra.status == 200 and
      r.json["summary"] == ra.json["summary"] and
      r.json["households"] == ra.json["households"] and
      all(h["village_code"] == A for h in r.json["households"]),
      "clerk A's assessment covers only village A", (r, ra))
r = va.req("GET", "/api/regions/" + B)
check(is_error(r, 404), "clerk A reads region B: 404", r)
r = va.req("GET", "/api/regions?parent=" + A[:9])
check(r.status == 200 and [g["code"] for g in r.json["regions"]] == [A],
      "clerk A sees only its village under the town", r)
r = va.req("GET", "/api/users")
check(is_error(r, 403), "clerk A lists accounts: 403", r)
r = va.req("GET", "/api/households/" + HA)
check(r.status == 200, "clerk A reads its own household", r)
# the clerk of village B sees B-0001
vb = Client()
vb.login(FIX["village_b"])
r = vb.req("GET", "/api/households?limit=5")
check(r.status == 200 and r.json["count"] == 1 and
      r.json["households"][0]["household_no"] == "B-0001",
      "clerk B sees exactly B-0001", r)
# town and county see both
for role in ("town", "county"):
    c = Client()
    c.login(FIX[role])
    r = c.req("GET", "/api/households?limit=1")
    check(r.status == 200 and r.json["count"] == FIX["households_a"] + 1,
          "%s sees A and B" % role, r)

# ---- masking: the viewer ---------------------------------------------------
with db() as c:
    reads0 = c.execute("SELECT count(*) FROM audit WHERE action = 'read'"
                       ).fetchone()[0]
vw = Client()
vw.login(FIX["viewer"])
r = vw.req("GET", "/api/households/" + HA)
ok = r.status == 200
check(ok, "viewer reads a household", r)
if ok:
    h = r.json["household"]
    check(re.match(r"^\d{4}\*{10}\d{3}[\dX]$", h["head_id"]) is not None,
          "viewer: head_id masked", h["head_id"])
    check(re.match(r"^1\d{2}\*{4}\d{4}$", h.get("phone", "")) is not None,
          "viewer: phone masked", h.get("phone"))
    check(all(re.match(r"^\d{4}\*+\d{3}[\dX]$", x["id_number"])
              for x in r.json["members"]), "viewer: member IDs masked",
          [x["id_number"] for x in r.json["members"]])
r = vw.req("GET", "/api/households?limit=3")
check(r.status == 200 and all("*" in h["head_id"]
                              for h in r.json["households"]),
      "viewer: list head_id masked", r)
r = vw.req("PATCH", "/api/households/" + HA, {"phone": "13900004444"})
check(is_error(r, 403), "viewer edits: 403", r)
time.sleep(0.2)  # longer than the audit queue's delay (docs/api.md)
with db() as c:
    reads1 = c.execute("SELECT count(*) FROM audit WHERE action = 'read'"
                       ).fetchone()[0]
check(reads1 == reads0, "a masked read is not audited", (reads0, reads1))
r = va.req("GET", "/api/households/" + HA)
check(r.status == 200 and "*" not in r.json["household"]["head_id"],
      "clerk A reads unmasked", r)
# the server commits the record within 50 ms of the read (docs/api.md)
t0 = time.time()
while True:
    with db() as c:
        row = c.execute("SELECT user, entity_id FROM audit WHERE action = "
                        "'read' ORDER BY seq DESC LIMIT 1").fetchone()
        reads2 = c.execute("SELECT count(*) FROM audit WHERE action = "
                           "'read'").fetchone()[0]
    if reads2 > reads1 or time.time() - t0 > 2:
        break
    time.sleep(0.01)
check(reads2 == reads1 + 1 and row == (FIX["village"], HA),
      "an unmasked read is audited", (reads1, reads2, row))

# ---- the helper -------------------------------------------------------------
hp = Client()
hp.login(FIX["helper"])
r = hp.req("GET", "/api/households?limit=100")
check(r.status == 200 and r.json["count"] == FIX["paired_count"] and
      HP in [h["household_no"] for h in r.json["households"]],
      "helper lists only its paired households", r)
r = hp.req("GET", "/api/households/" + HP)
check(r.status == 200 and "*" not in r.json["household"]["head_id"],
      "helper reads its household unmasked", r)
r = hp.req("GET", "/api/households/" + HU)
check(is_error(r, 404), "helper reads another household: 404", r)
r = hp.req("PATCH", "/api/households/" + HU, {"phone": "13900005555"})
check(is_error(r, 404), "helper edits another household: 404", r)
r = hp.req("PATCH", "/api/households/" + HP, {"phone": "13900005555"})
check(r.status == 200, "helper edits its household", r)
r = hp.req("GET", "/api/assess?year=2019")
check(is_error(r, 403), "helper assesses the village: 403", r)
r = hp.req("GET", "/api/households/%s/assess" % HP)
check(r.status == 200, "helper assesses its household", r)
r = hp.req("GET", "/api/households/%s/assess" % HU)
check(is_error(r, 404), "helper assesses another household: 404", r)
r = hp.req("POST", "/api/households", dict(new, household_no="H-9",
                                           village_code=A, head_id=ID[4]))
check(is_error(r, 403), "helper registers a household: 403", r)

# ---- logout ---------------------------------------------------------------
r = va.req("POST", "/api/logout")
check(r.status == 200 and "Max-Age=0" in r.headers.get("Set-Cookie", ""),
      "POST /api/logout", r)
r = va.req("GET", "/api/me")
check(is_error(r, 401), "after logout: 401", r)

# ---- throttling ---------------------------------------------------------------
t = Client()
for i in range(5):
    r = t.req("POST", "/api/login", {"name": FIX["town"],
                                     "password": "wrong password"})
r = t.req("POST", "/api/login", {"name": FIX["town"],
                                 "password": FIX["password"]})
ra = r.headers.get("Retry-After", "")
check(is_error(r, 429) and ra.isdigit() and 0 < int(ra) <= 900,
      "sixth sign-in within 15 minutes: 429 with Retry-After", (r, ra))

# ---- limits ---------------------------------------------------------------------
big = json.dumps({"household_no": "x", "note": "x" * (FIX["max_body"] + 10)})
r = admin.req("POST", "/api/households", raw=big.encode())
check(is_error(r, 413), "a body over --max-body: 413", r)
r = admin.req("GET", "/api/me", headers={"X-Big": "y" * 20000})
check(is_error(r, 431), "headers over 16 KiB: 431", r)
r = admin.req("GET", "/api/me")
check(r.status == 200, "the server still answers", r)


def read_all(s):
    data = b""
    while True:
        try:
            d = s.recv(65536)
        except OSError:
            break
        if not d:
            break
        data += d
    return data


# a body dripping in slower than --timeout allows: 408 once it is in
s = socket.create_connection((HOST, PORT), timeout=30)
s.sendall(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
          b"application/json\r\nContent-Length: 40\r\n\r\n")
t0 = time.time()
sent = 0
while time.time() - t0 < FIX["timeout"] + 1 and sent < 39:
    s.sendall(b" ")
    sent += 1
    time.sleep(0.5)
s.sendall(b" " * (40 - sent))
data = read_all(s)
s.close()
check(data.startswith(b"HTTP/1.1 408") and b'"error"' in data,
      "a request slower than --timeout: 408", data[:300])
# more connections than --max-connections: 503 with Retry-After
idle = [socket.create_connection((HOST, PORT), timeout=30)
        for _ in range(FIX["max_conn"] + 2)]
time.sleep(0.3)
r = admin.req("GET", "/api/me")
check(is_error(r, 503) and r.headers.get("Retry-After", "").isdigit(),
      "beyond --max-connections: 503 with Retry-After", r)
for x in idle:
    x.close()
time.sleep(0.5)
r = admin.req("GET", "/api/me")
check(r.status == 200, "below the limit again: 200", r)

# ---- static files ----------------------------------------------------------------
def raw_get(path, headers=""):
    s = socket.create_connection((HOST, PORT), timeout=30)
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n"
               % (path, headers)).encode())
    data = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        data += d
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), head.decode("latin-1"), body


st, head, body = raw_get("/vendor/echarts.min.js")
check(st == 200 and "text/javascript" in head and len(body) > 100000,
      "echarts served", head)
etag = re.search(r"(?im)^ETag: (.*?)\r?$", head)
check(etag is not None, "static file has an ETag", head)
if etag:
    st2, head2, body2 = raw_get("/vendor/echarts.min.js",
                                "If-None-Match: %s\r\n" % etag.group(1))
    check(st2 == 304 and body2 == b"", "If-None-Match: 304", head2)
for p in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/vendor/../../../etc/passwd", "/.git/config"]:
    st, head, body = raw_get(p)
    check(st in (400, 404) and b"root:" not in body,
          "path traversal refused: %s" % p, head)

# ---- policy work: checks, procedures, notices, work records ----------------
import policy_api  # noqa: E402
policy_api.run(sys.modules[__name__])

# ---- every documented endpoint was exercised ---------------------------------
# (operations marked "x-tested-by" another script are that script's)
for tmpl, ops in SPEC.doc["paths"].items():
    for method, op in ops.items():
        if op.get("x-tested-by", "tests/api/api_test.py") != \
                "tests/api/api_test.py":
            continue
        if not any(u[0] == tmpl and u[1] == method.upper()
                   for u in SPEC.used):
            check(False, "no live call of %s %s" % (method.upper(), tmpl))

# ---- graceful shutdown with a slow request in flight ----------------------------
body = json.dumps({"name": FIX["admin"],
                   "password": FIX["password"]}).encode()
s = socket.create_connection((HOST, PORT), timeout=30)
s.sendall(("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
           "application/json\r\nContent-Length: %d\r\n\r\n"
           % len(body)).encode() + body[:10])
time.sleep(0.3)
os.kill(PID, signal.SIGTERM)
time.sleep(0.5)
refused = False
try:
    socket.create_connection((HOST, PORT), timeout=2).close()
except OSError:
    refused = True
check(refused, "no new connections after SIGTERM")
s.sendall(body[10:])
data = b""
while True:
    try:
        d = s.recv(65536)
    except OSError:
        break
    if not d:
        break
    data += d
    if b"\r\n\r\n" in data:
        head, _, rest = data.partition(b"\r\n\r\n")
        n = re.search(rb"(?i)content-length: (\d+)", head)
        if n and len(rest) >= int(n.group(1)):
            break
s.close()
check(data.startswith(b"HTTP/1.1 200") and b'"csrf"' in data,
      "the request in flight is answered after SIGTERM", data[:300])

print("%d passed, %d failed" % (PASSED, FAILED))
sys.exit(1 if FAILED else 0)
