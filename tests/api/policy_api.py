"""policy_api.py - the policy-work endpoints of the API (checks,
procedures, notices, work records, visit coverage, fund balances),
run by api_test.py (run(t) with t = its module: Client, check, is_error,
db, FIX) before it checks that every documented endpoint was called.
Every response is validated against docs/openapi.json by t.Client.
"""
import datetime
import re


def run(t):
    check, is_error, FIX = t.check, t.is_error, t.FIX
    A, B = FIX["village_a"], FIX["village_b_code"]
    HA, HP, HU = FIX["household_a"], FIX["paired"], FIX["unpaired"]
    con = t.db()
    q = lambda sql, *a: con.execute(sql, a).fetchall()  # noqa: E731
    today = (datetime.datetime.utcnow() +
             datetime.timedelta(hours=8)).date()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa

    def client(role):
        c = t.Client()
        r = c.login(FIX[role])
        check(r.status == 200, "login %s" % role, r)
        return c

    admin, vil, vb = client("admin"), client("village"), client("village_b")
    helper, viewer, anon = client("helper"), client("viewer"), t.Client()

    # ---- not signed in: 401 everywhere ---------------------------------
    for m, p in [("GET", "/api/checks"), ("GET", "/api/procedures"),
                 ("GET", "/api/procedures/1"), ("POST", "/api/procedures"),
                 ("POST", "/api/procedures/1/steps"),
                 ("POST", "/api/procedures/1/cancel"),
                 ("GET", "/api/notices"), ("GET", "/api/notices/1"),
                 ("POST", "/api/notices"),
                 ("POST", "/api/notices/1/objections"),
                 ("POST", "/api/notices/1/resolve"),
                 ("POST", "/api/notices/1/close"),
                 ("GET", "/api/work/visit"), ("GET", "/api/work/visit/1"),
                 ("POST", "/api/work/visit"), ("PATCH", "/api/work/visit/1"),
                 ("DELETE", "/api/work/visit/1"),
                 ("GET", "/api/work/visit/coverage?year=2018&round=1"),
                 ("GET", "/api/work/fund/balance")]:
        r = anon.req(m, p, {} if m in ("POST", "PATCH") else None)
        check(is_error(r, 401), "%s %s without a session: 401" % (m, p), r)

    # ---- checks ----------------------------------------------------------
    r = vil.req("GET", "/api/checks")
    check(r.status == 200 and r.json["count"] == len(r.json["findings"]),
          "checks of the village: 200, count = findings", r)
    ids = [f["id_number"] for f in r.json["findings"] if f["id_number"]]
    check(all("*" not in i for i in ids), "a village account sees ID numbers")
    total = r.json["count"]
    r = viewer.req("GET", "/api/checks")
    vids = [f["id_number"] for f in r.json["findings"] if f["id_number"]]
    check(r.status == 200 and r.json["count"] == total and
          all(re.match(r"^\d{4}\*+\w{4}$", i) for i in vids),
          "viewer: same findings, ID numbers masked", r)
    r = vil.req("GET", "/api/checks?household=" + HA)
    check(r.status == 200 and r.json["household_no"] == HA and
          len(r.json["explain"]) > 0, "check of one household explains", r)
    r = vil.req("GET", "/api/checks?rule=income.*&year=2018")
    check(r.status == 200 and r.json["year"] == 2018 and
          all(f["rule"].startswith("income.") for f in r.json["findings"]),
          "checks by rule group and year", r)
    r = vil.req("GET", "/api/checks?rule=no.such.rule")
    check(is_error(r, 400), "unknown rule: 400", r)
    r = vil.req("GET", "/api/checks?year=12")
    check(is_error(r, 400), "bad year: 400", r)
    r = vb.req("GET", "/api/checks?region=" + A)
    check(is_error(r, 403), "checks of another village: 403", r)
    r = vb.req("GET", "/api/checks")
    check(r.status == 200 and
          all(f["village_code"] == B for f in r.json["findings"]),
          "checks of village B show nothing of A", r)
    r = vb.req("GET", "/api/checks?household=" + HA)
    check(is_error(r, 404), "check of a household of another village: 404",
          r)
    r = helper.req("GET", "/api/checks")
    check(is_error(r, 403), "checks of a helper: 403", r)

    # ---- procedures: lists and scope --------------------------------------
    n_a = q("SELECT count(*) FROM procedure p JOIN household h ON "
            "h.id = p.household_id WHERE h.village_code = ?", A)[0][0]
    r = vil.req("GET", "/api/procedures?limit=3")
    check(r.status == 200 and r.json["count"] == n_a and
          len(r.json["procedures"]) == 3, "procedures: window of 3, count "
          "= all %d of the village" % n_a, r)
    first = r.json["procedures"][0]["id"]
    r2 = vil.req("GET", "/api/procedures?limit=3&offset=1")
    check(r2.status == 200 and r2.json["procedures"][0]["id"] ==
          r.json["procedures"][1]["id"], "procedures: offset", r2)
    r = vil.req("GET", "/api/procedures?kind=exit&state=done")
    check(r.status == 200 and r.json["count"] > 0 and
          all(p["kind"] == "exit" for p in r.json["procedures"]),
          "procedures by kind and state", r)
    r = vil.req("GET", "/api/procedures?kind=nonsense")
    check(is_error(r, 400), "unknown kind: 400", r)
    r = vil.req("GET", "/api/procedures/%d" % first)
    check(r.status == 200 and r.json["procedure"]["id"] == first and
          isinstance(r.json["procedure"]["steps"], list),
          "procedure show", r)
    r = vb.req("GET", "/api/procedures")
    check(r.status == 200 and r.json["count"] == 0 and
          r.json["procedures"] == [], "village B lists no procedure of A",
          r)
    r = vb.req("GET", "/api/procedures?region=" + A)
    check(is_error(r, 403), "procedures of another village: 403", r)
    r = vb.req("GET", "/api/procedures/%d" % first)
    check(is_error(r, 404), "a procedure of another village: 404", r)
    r = vb.req("GET", "/api/procedures/999999")
    check(is_error(r, 404), "no such procedure: 404", r)
    r = helper.req("GET", "/api/procedures")
    check(is_error(r, 403), "procedures for a helper: 403", r)
    r = viewer.req("GET", "/api/procedures?limit=1")
    check(r.status == 200 and r.json["count"] == n_a, "viewer reads "
          "procedures", r)

    # ---- procedures: start, steps -----------------------------------------
    ordinary = [x[0] for x in q(
        "SELECT household_no FROM household WHERE status = 'ordinary' AND "
        "village_code = ? AND id NOT IN (SELECT household_id FROM "
        "procedure) ORDER BY 1 LIMIT 3", A)]
    h1, h2, h3 = ordinary
    body = {"household": h1, "kind": "identification", "date": day(60)}
    r = vil.req("POST", "/api/procedures", body, csrf=False)
    check(is_error(r, 403), "start without CSRF: 403", r)
    r = viewer.req("POST", "/api/procedures", body)
    check(is_error(r, 403), "start as viewer: 403", r)
    r = helper.req("POST", "/api/procedures", body)
    check(is_error(r, 403), "start as helper: 403", r)
    r = vil.req("POST", "/api/procedures", raw=b"{nope")
    check(is_error(r, 400), "start with a malformed body: 400", r)
    r = vil.req("POST", "/api/procedures", {"household": h1})
    check(is_error(r, 422, "kind"), "start without kind: 422 kind", r)
    r = vil.req("POST", "/api/procedures", dict(body, kind="voyage"))
    check(is_error(r, 422, "kind"), "start of an unknown kind: 422", r)
    r = vil.req("POST", "/api/procedures", dict(body, year="19x"))
    check(is_error(r, 422, "year"), "start with a bad year: 422", r)
    r = vb.req("POST", "/api/procedures", body)
    check(r.status in (404, 422) and is_error(r, r.status),
          "village B cannot start a procedure in A", r)
    r = vil.req("POST", "/api/procedures", body)
    check(r.status == 201 and r.json["procedure"]["state"] ==
          "application" and r.json["procedure"]["household_no"] == h1,
          "start: 201 at application", r)
    p1 = r.json["procedure"]["id"] if r.status == 201 else 0
    r = vil.req("POST", "/api/procedures", body)
    check(is_error(r, 409), "a second open identification: 409", r)
    st = "/api/procedures/%d/steps" % p1
    r = vil.req("POST", st, {"step": "application", "date": day(59)},
                csrf=False)
    check(is_error(r, 403), "step without CSRF: 403", r)
    r = vb.req("POST", st, {"step": "application", "date": day(59)})
    check(is_error(r, 404), "step by village B: 404", r)
    r = vil.req("POST", st, {"step": "application", "date": day(59)})
    check(r.status == 200 and r.json["procedure"]["state"] == "appraisal",
          "step application: 200, next appraisal", r)
    r = vil.req("POST", st, {"step": "appraisal", "date": day(58),
                             "members": 20, "attending": 18, "for": "x",
                             "against": 1})
    check(is_error(r, 422, "for"), "appraisal with bad votes: 422 for", r)
    r = vil.req("POST", st, {"step": "appraisal", "date": day(58),
                             "members": 20, "attending": 10, "for": 9,
                             "against": 1})
    check(is_error(r, 409), "appraisal without the quorum: 409", r)
    r = vil.req("POST", st, {"step": "appraisal", "date": day(58),
                             "members": 20, "attending": 18, "for": 15,
                             "against": 2})
    check(r.status == 200 and r.json["procedure"]["state"] == "notice1" and
          r.json["procedure"]["steps"][-1]["votes_for"] == 15,
          "appraisal approved: waits for notice1", r)

    # ---- notices ------------------------------------------------------------
    nb = {"village": A, "kind": "identification", "households": [h1],
          "start": day(50)}
    r = vil.req("POST", "/api/notices", nb, csrf=False)
    check(is_error(r, 403), "notice without CSRF: 403", r)
    r = viewer.req("POST", "/api/notices", nb)
    check(is_error(r, 403), "notice as viewer: 403", r)
    r = vil.req("POST", "/api/notices", {"kind": "identification"})
    check(is_error(r, 422, "village"), "notice without village: 422", r)
    r = vb.req("POST", "/api/notices", nb)
    check(r.status in (403, 404) and is_error(r, r.status),
          "village B cannot post a notice in A", r)
    r = vil.req("POST", "/api/notices", nb)
    check(r.status == 201 and r.json["notice"]["households"] == 1 and
          r.json["notice"]["remaining_seconds"] == 0 and
          r.json["notice"]["closes_at"].endswith("T00:00:00+08:00"),
          "notice posted: 201, past its end", r)
    n1 = r.json["notice"]["id"] if r.status == 201 else 0
    r = vil.req("GET", "/api/notices/%d" % n1)
    check(r.status == 200 and r.json["notice"]["items"][0]["household_no"]
          == h1, "notice show", r)
    r = vil.req("GET", "/api/notices?limit=1")
    n_notices = q("SELECT count(*) FROM notice WHERE village_code = ?",
                  A)[0][0]
    check(r.status == 200 and r.json["count"] == n_notices and
          len(r.json["notices"]) == 1 and r.json["notices"][0]["id"] == n1,
          "notices: newest first, count of all", r)
    r = vil.req("GET", "/api/notices?open=1")
    check(r.status == 200 and [x["id"] for x in r.json["notices"]] == [n1],
          "open notices", r)
    r = vb.req("GET", "/api/notices")
    check(r.status == 200 and r.json["count"] == 0, "village B lists no "
          "notice of A", r)
    r = vb.req("GET", "/api/notices?region=" + A)
    check(is_error(r, 403), "notices of another village: 403", r)
    for m, p in [("GET", ""), ("POST", "/close"),
                 ("POST", "/objections")]:
        r = vb.req(m, "/api/notices/%d%s" % (n1, p),
                   {"text": "x"} if m == "POST" else None)
        check(is_error(r, 404), "village B %s notice%s: 404" % (m, p), r)
    r = vil.req("GET", "/api/notices/%d/print?format=html" % n1)
    check(r.status == 200 and r.headers["Content-Type"].startswith(
        "text/html") and q("SELECT head_name FROM household WHERE "
                           "household_no = ?", h1)[0][0] in
          r.raw.decode() and "<html" in r.raw.decode(),
          "notice print: an HTML page with the head's name", r)
    r = vil.req("GET", "/api/notices/%d/print?format=md" % n1)
    check(r.status == 200 and r.headers["Content-Type"].startswith(
        "text/markdown"), "notice print: Markdown", r)
    r = vil.req("GET", "/api/notices/%d/print?format=pdf" % n1)
    check(is_error(r, 400), "notice print: unknown format 400", r)
    r = vb.req("GET", "/api/notices/%d/print" % n1)
    check(is_error(r, 404), "notice print by village B: 404", r)
    r = anon.req("GET", "/api/notices/%d/print" % n1)
    check(is_error(r, 401), "notice print without a session: 401", r)
    ob = "/api/notices/%d/objections" % n1
    r = vil.req("POST", ob, {"text": "x", "date": day(49)}, csrf=False)
    check(is_error(r, 403), "objection without CSRF: 403", r)
    r = vil.req("POST", ob, {"household": h1, "date": day(49)})
    check(is_error(r, 422, "text"), "objection without text: 422", r)
    r = vil.req("POST", ob, {"household": h1, "date": day(49),
                             "text": "not poor", "by": "a villager"})
    check(r.status == 201 and r.json["notice"] == n1 and
          r.json["state"] == "open", "objection: 201 open", r)
    oid = r.json["objection"] if r.status == 201 else 0
    r = vil.req("GET", "/api/procedures/%d" % p1)
    check(r.status == 200 and r.json["procedure"]["suspended"] is True,
          "the objection suspends the procedure", r)
    r = vil.req("POST", "/api/notices/%d/close" % n1, {"date": day(1)})
    check(is_error(r, 409), "close with an objection open: 409", r)
    rs = "/api/notices/%d/resolve" % n1
    r = vil.req("POST", rs, {"objection": oid, "outcome": "maybe",
                             "reasons": "checked"})
    check(is_error(r, 422, "outcome"), "resolve: bad outcome 422", r)
    r = vil.req("POST", rs, {"objection": 999999, "outcome": "dismissed",
                             "reasons": "checked"})
    check(is_error(r, 422, "objection"), "resolve: foreign objection 422",
          r)
    r = vb.req("POST", rs, {"objection": oid, "outcome": "dismissed",
                            "reasons": "checked"})
    check(is_error(r, 404), "resolve by village B: 404", r)
    r = vil.req("POST", rs, {"objection": oid, "outcome": "dismissed",
                             "reasons": "income checked", "date": day(48)},
                csrf=False)
    check(is_error(r, 403), "resolve without CSRF: 403", r)
    r = vil.req("POST", rs, {"objection": oid, "outcome": "dismissed",
                             "reasons": "income checked", "date": day(48)})
    check(r.status == 200 and r.json == {"objection": oid, "notice": n1,
                                         "state": "dismissed"},
          "objection dismissed", r)
    r = vil.req("POST", "/api/notices/%d/close" % n1, {"date": "2026-99"})
    check(is_error(r, 422), "close with a bad date: 422", r)
    r = vil.req("POST", "/api/notices/%d/close" % n1, {}, csrf=False)
    check(is_error(r, 403), "close without CSRF: 403", r)
    r = vil.req("POST", "/api/notices/%d/close" % n1, {"date": day(1)})
    check(r.status == 200 and r.json["notice"]["state"] == "closed",
          "notice closed", r)
    r = vil.req("GET", "/api/procedures/%d" % p1)
    check(r.status == 200 and r.json["procedure"]["state"] ==
          "town_review", "after the notice: town review", r)

    # a running notice counts down
    r = vil.req("POST", "/api/procedures", {"household": h2, "kind":
                                            "identification",
                                            "date": day(0)})
    p2 = r.json["procedure"]["id"] if r.status == 201 else 0
    for s in ({"step": "application"},
              {"step": "appraisal", "members": 9, "attending": 9,
               "for": 9, "against": 0}):
        r = vil.req("POST", "/api/procedures/%d/steps" % p2, s)
        check(r.status == 200, "procedure 2 step %s" % s["step"], r)
    r = vil.req("POST", "/api/notices", {"village": A, "kind":
                                         "identification",
                                         "households": h2})
    days = r.json["notice"]["days"] if r.status == 201 else 0
    check(r.status == 201 and 0 < r.json["notice"]["remaining_seconds"]
          <= days * 86400, "a running notice: remaining_seconds", r)
    n2 = r.json["notice"]["id"] if r.status == 201 else 0
    r = vil.req("POST", "/api/notices/%d/close" % n2)
    check(is_error(r, 409), "close before the last day: 409", r)

    # cancel
    r = vil.req("POST", "/api/procedures", {"household": h3, "kind":
                                            "identification"})
    p3 = r.json["procedure"]["id"] if r.status == 201 else 0
    cp = "/api/procedures/%d/cancel" % p3
    r = vil.req("POST", cp, {"reason": "withdrawn"}, csrf=False)
    check(is_error(r, 403), "cancel without CSRF: 403", r)
    r = vil.req("POST", cp, {})
    check(is_error(r, 422, "reason"), "cancel without reason: 422", r)
    r = vb.req("POST", cp, {"reason": "withdrawn"})
    check(is_error(r, 404), "cancel by village B: 404", r)
    r = vil.req("POST", cp, {"reason": "withdrawn"})
    check(r.status == 200 and r.json["procedure"]["state"] == "cancelled",
          "cancelled", r)

    # ---- work records --------------------------------------------------------
    kinds = ["cadre", "pairing", "visit", "measure", "fund", "disbursement",
             "project", "team-member", "attendance", "party-branch",
             "party-member", "party-activity", "party-points", "training",
             "trainee", "employment", "village-profile", "village-item",
             "note"]
    for k in kinds:
        r = admin.req("GET", "/api/work/%s?limit=2" % k)
        key = [x for x in (r.json or {}) if x != "count"]
        ok = r.status == 200 and len(key) == 1 and \
            len(r.json[key[0]]) <= 2 and r.json["count"] >= \
            len(r.json[key[0]])
        check(ok, "work list %s" % k, r)
        r2 = admin.req("GET", "/api/work/%s?limit=2" % k.replace("-", "_"))
        check(r2.status == 200 and r2.json == r.json,
              "kind %s with '_' is the same" % k, r2)
        if ok and r.json[key[0]]:
            rid = r.json[key[0]][0]["id"]
            r3 = admin.req("GET", "/api/work/%s/%d" % (k, rid))
            check(r3.status == 200 and
                  list(r3.json.values())[0]["id"] == rid,
                  "work show %s" % k, r3)
    r = admin.req("GET", "/api/work/team")
    check(r.status == 200 and "team_members" in json_keys(r),
          "the CLI's command name team", r)
    r = admin.req("GET", "/api/work/nonsense")
    check(is_error(r, 404), "unknown kind of record: 404", r)
    n_visits = q("SELECT count(*) FROM visit WHERE region_code LIKE ?",
                 A + "%")[0][0]
    r = vil.req("GET", "/api/work/visit?limit=5&offset=2")
    check(r.status == 200 and r.json["count"] == n_visits and
          len(r.json["visits"]) == 5, "visits: window, count of all", r)
    r = vil.req("GET", "/api/work/visit?household=" + HA)
    check(r.status == 200 and all(v["household_no"] == HA
                                  for v in r.json["visits"]),
          "visits of one household", r)
    r = vil.req("GET", "/api/work/visit?key=cadre_id&value=1")
    check(r.status == 200 and all(v["cadre_id"] == 1
                                  for v in r.json["visits"]),
          "visits by key/value", r)
    r = vil.req("GET", "/api/work/visit?key=nonsense&value=1")
    check(is_error(r, 400), "unknown key: 400", r)
    r = vil.req("GET", "/api/work/visit?limit=0")
    check(is_error(r, 400), "limit 0: 400", r)

    cadre = q("SELECT cadre_id FROM pairing p JOIN household h ON h.id = "
              "p.household_id WHERE h.household_no = ?", HA)[0][0]
    vb_ = {"household_no": HA, "cadre_id": cadre, "visit_date": day(3),
           "found": "at home"}
    r = vil.req("POST", "/api/work/visit", vb_, csrf=False)
    check(is_error(r, 403), "work add without CSRF: 403", r)
    r = viewer.req("POST", "/api/work/visit", vb_)
    check(is_error(r, 403), "work add as viewer: 403", r)
    r = vil.req("POST", "/api/work/visit", raw=b"[1]")
    check(is_error(r, 400), "work add with a non-object body: 400", r)
    r = vil.req("POST", "/api/work/visit", dict(vb_, visit_date="2018-13-40"))
    check(is_error(r, 422, "visit_date"), "bad date: 422 visit_date", r)
    r = vil.req("POST", "/api/work/visit",
                {k: v for k, v in vb_.items() if k != "cadre_id"})
    check(is_error(r, 422, "cadre_id"), "missing cadre: 422 cadre_id", r)
    r = vil.req("POST", "/api/work/visit", dict(vb_, colour="red"))
    check(is_error(r, 422, "colour"), "unknown field: 422", r)
    r = vb.req("POST", "/api/work/visit", vb_)
    check(is_error(r, 422, "household_no") or is_error(r, 404),
          "village B cannot add a visit in A", r)
    r = vil.req("POST", "/api/work/visit", vb_)
    check(r.status == 201 and r.json["visit"]["found"] == "at home",
          "visit added: 201", r)
    vid = r.json["visit"]["id"] if r.status == 201 else 0
    vp = "/api/work/visit/%d" % vid
    r = vil.req("PATCH", vp, {"problems": "roof leaks"}, csrf=False)
    check(is_error(r, 403), "work edit without CSRF: 403", r)
    r = vil.req("PATCH", vp, {"follow_up_date": "soon"})
    check(is_error(r, 422, "follow_up_date"), "bad edit: 422", r)
    r = vil.req("PATCH", vp, {"problems": "roof leaks", "走访情况": "在家"})
    check(r.status == 200 and r.json["visit"]["problems"] == "roof leaks"
          and r.json["visit"]["found"] == "在家" and
          r.json["visit"]["visit_date"] == day(3),
          "visit edited by key and Chinese header, the rest kept", r)
    for m in ("GET", "PATCH", "DELETE"):
        r = vb.req(m, vp, {"problems": "x"} if m == "PATCH" else None)
        check(is_error(r, 404), "village B %s a visit of A: 404" % m, r)
    r = vb.req("GET", "/api/work/visit")
    check(r.status == 200 and r.json["count"] == 0,
          "village B lists no visit of A", r)
    r = vb.req("GET", "/api/work/visit?region=" + A)
    check(is_error(r, 403), "visits of another village: 403", r)
    r = viewer.req("GET", "/api/work/cadre?limit=1000")
    phones = [c["phone"] for c in r.json["cadres"] if c.get("phone")]
    check(r.status == 200 and phones and
          all("****" in p for p in phones), "viewer: phones masked", r)
    r = vil.req("GET", "/api/work/cadre?limit=1000")
    check(r.status == 200 and all("*" not in c.get("phone", "")
                                  for c in r.json["cadres"]),
          "village: phones shown", r)

    # a helper reaches its households' records only
    paired = {x[0] for x in q(
        "SELECT h.household_no FROM pairing p JOIN household h ON h.id = "
        "p.household_id WHERE p.cadre_id = (SELECT cadre_id FROM account "
        "WHERE name = ?) AND "
        "(p.end_date IS NULL OR p.end_date >= ?)", FIX["helper"],
        today.isoformat())}
    r = helper.req("GET", "/api/work/visit?limit=1000")
    check(r.status == 200 and r.json["count"] > 0 and
          {v["household_no"] for v in r.json["visits"]} <= paired,
          "helper lists only its households' visits", r)
    r = helper.req("GET", "/api/work/visit?household=" + HU)
    check(r.status == 200 and r.json["count"] == 0,
          "helper: no visit of another household", r)
    other = q("SELECT v.id FROM visit v JOIN household h ON h.id = "
              "v.household_id WHERE h.household_no = ? LIMIT 1", HU)
    if other:
        r = helper.req("GET", "/api/work/visit/%d" % other[0][0])
        check(is_error(r, 404), "helper: a visit of another household 404",
              r)
    r = helper.req("GET", "/api/work/cadre")
    check(r.status == 200 and r.json["count"] == 0,
          "helper: no records without a household", r)
    r = helper.req("POST", "/api/work/note", {"region_code": A, "year": 2020,
                                             "category": "other",
                                             "text": "x"})
    check(is_error(r, 403), "helper cannot add a record without a "
          "household: 403", r)
    r = helper.req("POST", "/api/work/visit", dict(vb_, household_no=HU))
    check(is_error(r, 422, "household_no") or is_error(r, 404),
          "helper cannot add a visit to another household", r)
    r = helper.req("POST", "/api/work/visit", dict(vb_, household_no=HP))
    check(r.status == 201, "helper adds a visit to its household", r)
    hv = r.json["visit"]["id"] if r.status == 201 else 0
    r = helper.req("DELETE", "/api/work/visit/%d" % hv)
    check(r.status == 200 and r.json == {"visit": hv, "removed": True},
          "helper removes its visit", r)

    r = vil.req("DELETE", vp, csrf=False)
    check(is_error(r, 403), "work remove without CSRF: 403", r)
    r = vil.req("DELETE", vp)
    check(r.status == 200 and r.json == {"visit": vid, "removed": True},
          "visit removed", r)
    r = vil.req("GET", vp)
    check(is_error(r, 404), "removed visit: 404", r)
    r = vil.req("DELETE", "/api/work/cadre/%d" % cadre)
    check(is_error(r, 409), "a cadre still referred to: 409", r)

    # ---- visit coverage and fund balance ---------------------------------------
    r = vil.req("GET", "/api/work/visit/coverage?year=2018&round=1")
    check(r.status == 200 and r.json["by"] == "village" and
          r.json["coverage"][-1]["key"] == "" and
          r.json["coverage"][-1]["visited"] <=
          r.json["coverage"][-1]["households"], "visit coverage", r)
    r = vil.req("GET", "/api/work/visit/coverage?year=2018&round=1&by=cadre")
    check(r.status == 200 and r.json["by"] == "cadre", "coverage by cadre",
          r)
    r = vil.req("GET", "/api/work/visit/coverage?year=2018")
    check(is_error(r, 400), "coverage without round: 400", r)
    r = vil.req("GET", "/api/work/visit/coverage?year=2018&round=1&by=x")
    check(is_error(r, 400), "coverage by nonsense: 400", r)
    r = vb.req("GET", "/api/work/visit/coverage?year=2018&round=1&region="
               + A)
    check(is_error(r, 403), "coverage of another village: 403", r)
    r = helper.req("GET", "/api/work/visit/coverage?year=2018&round=1")
    check(is_error(r, 403), "coverage for a helper: 403", r)
    n_funds = q("SELECT count(*) FROM fund WHERE region_code LIKE ?",
                A + "%")[0][0]
    r = vil.req("GET", "/api/work/fund/balance")
    check(r.status == 200 and len(r.json["funds"]) == n_funds and
          all(abs(f["amount"] - f["disbursed"] - f["balance"]) < 0.005
              for f in r.json["funds"]), "fund balance", r)
    r = vb.req("GET", "/api/work/fund/balance")
    check(r.status == 200 and r.json["funds"] == [],
          "village B sees no fund of A", r)
    r = vil.req("GET", "/api/work/fund/balance?id=x")
    check(is_error(r, 400), "fund balance of a bad id: 400", r)
    con.close()


def json_keys(r):
    return list(r.json.keys()) if isinstance(r.json, dict) else []
