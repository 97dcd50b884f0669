#!/usr/bin/env python3
"""The official incydr SDK (`client.sessions.v1`) and CLI (`incydr sessions ...`)
against a server that speaks the sessions API, reading back what they change.

Run by tests/sessions-conformance.sh with the conformance kit's virtualenv:

    python sessions_conformance.py URL [CLIENT_ID SECRET]

Prints `PASS name` or `FAIL name: reason` per check, then `N passed, M failed`; exit 0
only when nothing failed. It changes session states and adds notes; it never needs a
fresh server (every check reads the current state first)."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import traceback
from datetime import datetime, timezone

import requests
import incydr

URL = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else os.environ.get("C42K_URL", "")
CLIENT_ID = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("C42K_CLIENT_ID", "demo-client")
SECRET = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("C42K_SECRET", "demo-secret")
MARK = "t42s-" + datetime.now(timezone.utc).strftime("%m%d%H%M%S")
INCYDR = os.path.join(os.path.dirname(sys.executable), "incydr")

results = {"pass": 0, "fail": 0}
ctx = {}


class CheckFailed(Exception):
    pass


def expect(cond, message):
    if not cond:
        raise CheckFailed(message)


def check(name):
    def wrap(fn):
        try:
            fn()
        except Exception as err:  # every failure is reported, the run goes on
            results["fail"] += 1
            reason = str(err) if isinstance(err, CheckFailed) else f"{type(err).__name__}: {err}"
            if not isinstance(err, CheckFailed):
                reason += " | " + traceback.format_exc().strip().splitlines()[-3].strip()
            print(f"FAIL {name}: {reason[:600]}", flush=True)
        else:
            results["pass"] += 1
            print(f"PASS {name}", flush=True)
        return fn
    return wrap


# ------------------------------------------------------------------ raw truth ---

def token():
    r = requests.post(f"{URL}/v1/oauth", auth=(CLIENT_ID, SECRET), timeout=30)
    r.raise_for_status()
    return r.json()["access_token"]


def raw_get(path, params=None):
    r = requests.get(f"{URL}{path}", params=params,
                     headers={"Authorization": f"Bearer {ctx['token']}"}, timeout=60)
    return r.status_code, (r.json() if r.content else None)


def raw_sessions():
    """Every session as the server writes it, with and without alerts."""
    out = []
    for has_alerts in ("true", "false"):
        page = 0
        while True:
            status, body = raw_get("/v1/sessions", {"has_alerts": has_alerts, "page_size": 50,
                                                    "page_number": page})
            expect(status == 200, f"GET /v1/sessions: HTTP {status}")
            out.extend(body["items"])
            if len(body["items"]) < 50:
                break
            page += 1
    return out


def state_of(raw):
    return raw["states"][-1]["stateV2"] if raw.get("states") else None


def severity_of(raw):
    return raw["scores"][-1]["severity"] if raw.get("scores") else None


def score_of(raw):
    return raw["scores"][-1]["score"] if raw.get("scores") else 0


def ids(items):
    return [s.session_id if hasattr(s, "session_id") else s["sessionId"] for s in items]


def in_order(raws, key="end_time", desc=True):
    """The server's order: the key (end time, or score then end time), ties by id."""
    def k(s):
        primary = (score_of(s), s["endTime"]) if key == "score" else (s["endTime"],)
        return tuple(-x for x in primary) if desc else primary
    return sorted(sorted(raws, key=lambda s: s["sessionId"]), key=k)


def client():
    return ctx["client"]


def watchlists_by_alert():
    """Alert id -> its watchlist ids, from the alerts service."""
    out, page = {}, 0
    while True:
        body = {"tenantId": client().tenant_id, "groupClause": "AND", "groups": [], "pgNum": page,
                "pgSize": 500, "srtDirection": "DESC", "srtKey": "CreatedAt"}
        r = requests.post(f"{URL}/v1/alerts/query-alerts", json=body,
                          headers={"Authorization": f"Bearer {ctx['token']}"}, timeout=60)
        r.raise_for_status()
        alerts = r.json()["alerts"]
        for a in alerts:
            out[a["id"]] = [w["id"] for w in a.get("watchlists") or []]
        if len(alerts) < 500:
            return out
        page += 1


# ------------------------------------------------------------------- checks ---

def setup():
    ctx["token"] = token()
    ctx["client"] = incydr.Client(url=URL, api_client_id=CLIENT_ID, api_client_secret=SECRET,
                                  log_stderr=False)
    ctx["raw"] = raw_sessions()
    expect(len(ctx["raw"]) > 120, f"only {len(ctx['raw'])} sessions")


def filters():
    """(name, SDK keyword arguments, predicate on a raw session); has_alerts defaults to True."""
    raws = ctx["raw"]
    alerted = [s for s in raws if s["triggeredAlerts"]]
    a = alerted[0]
    begins = sorted(s["beginTime"] for s in alerted)
    lo, hi = begins[len(begins) // 4], begins[3 * len(begins) // 4]
    indicator = next(s["riskIndicators"][0]["id"] for s in alerted if s["riskIndicators"])
    rule = a["triggeredAlerts"][0]["ruleId"]
    watch = watchlists_by_alert()
    wl = next(w for ws in watch.values() for w in ws)
    has = lambda s: bool(s["triggeredAlerts"])
    return [
        ("default", {}, has),
        ("actor_id", {"actor_id": a["actorId"]}, lambda s: has(s) and s["actorId"] == a["actorId"]),
        ("start_time_end_time_ms", {"start_time": lo, "end_time": hi},
         lambda s: has(s) and lo <= s["beginTime"] < hi),
        ("start_time_datetime", {"start_time": datetime.fromtimestamp(lo / 1000, timezone.utc)},
         lambda s: has(s) and s["beginTime"] >= lo // 1000 * 1000),
        ("type", {"type": "ACCOUNT_TAKE_OVER"}, lambda s: has(s) and s["type"] == "ACCOUNT_TAKE_OVER"),
        ("has_alerts_false", {"has_alerts": False}, lambda s: not has(s)),
        ("risk_indicators", {"risk_indicators": [indicator]},
         lambda s: has(s) and any(r["id"] == indicator for r in s["riskIndicators"])),
        ("states", {"states": ["CLOSED", "OPEN_NEW_DATA"]},
         lambda s: has(s) and state_of(s) in ("CLOSED", "OPEN_NEW_DATA")),
        ("states_one", {"states": "IN_PROGRESS"}, lambda s: has(s) and state_of(s) == "IN_PROGRESS"),
        ("severities", {"severities": [3, 4]}, lambda s: has(s) and severity_of(s) in (3, 4)),
        ("severities_one", {"severities": 2}, lambda s: has(s) and severity_of(s) == 2),
        ("rule_ids", {"rule_ids": rule},
         lambda s: has(s) and any(t["ruleId"] == rule for t in s["triggeredAlerts"])),
        ("watchlist_ids", {"watchlist_ids": [wl]},
         lambda s: has(s) and any(wl in watch.get(t["alertId"], []) for t in s["triggeredAlerts"])),
        ("content_inspection_status", {"content_inspection_status": "FOUND"},
         lambda s: has(s) and "PII" in (s["contentInspectionResults"].get("detectedOnAlerts") or [])),
    ]


def check_filters(kind):
    raws = ctx["raw"]
    for name, kwargs, pred in filters():
        want = [s for s in raws if pred(s)]
        expect(want or name == "type", f"{name}: the server has no such session to test with")
        if kind == "iter_all":
            got = list(client().sessions.v1.iter_all(page_size=17, **kwargs))
            expect(sorted(ids(got)) == sorted(ids(want)),
                   f"iter_all {name}: {len(got)} sessions, expected {len(want)}")
        else:
            page = client().sessions.v1.get_page(page_size=50, **kwargs)
            expect(page.total_count == len(want),
                   f"get_page {name}: totalCount {page.total_count}, expected {len(want)}")
            expect(ids(page.items) == ids(in_order(want))[:50], f"get_page {name}: other sessions or order")


@check("sdk_get_page_each_filter")
def _():
    setup()
    check_filters("get_page")


@check("sdk_iter_all_each_filter")
def _():
    check_filters("iter_all")


@check("sdk_get_page_order_and_paging")
def _():
    alerted = [s for s in ctx["raw"] if s["triggeredAlerts"]]
    for key in ("end_time", "score"):
        for direction in ("asc", "desc"):
            want = ids(in_order(alerted, key, direction == "desc"))
            page = client().sessions.v1.get_page(sort_key=key, sort_dir=direction, page_num=1, page_size=20)
            expect(ids(page.items) == want[20:40], f"{key} {direction}: page 1 of 20 is not items 20-39")
    # The spec's upper case direction reads the same as incydr's lower case.
    _, upper = raw_get("/v1/sessions", {"sort_direction": "ASC", "page_size": 5})
    _, lower = raw_get("/v1/sessions", {"sort_direction": "asc", "page_size": 5})
    expect(upper == lower, "sort_direction ASC and asc differ")
    status, body = raw_get("/v1/sessions", {"page_size": 0})
    expect(status == 400 and "msg" in body, f"page_size=0: HTTP {status} {body}")


@check("sdk_get_session_details")
def _():
    raw = next(s for s in ctx["raw"] if len(s["triggeredAlerts"]) > 0 and s["riskIndicators"])
    s = client().sessions.v1.get_session_details(raw["sessionId"])
    expect(s.session_id == raw["sessionId"] and s.actor_id == raw["actorId"], "another session came back")
    expect([a.alert_id for a in s.triggered_alerts] == [a["alertId"] for a in raw["triggeredAlerts"]],
           "triggered alerts differ")
    expect(s.states[-1].state_v2 == state_of(raw), "states differ")
    expect(s.begin_time == raw["beginTime"] and s.end_time == raw["endTime"], "times differ")
    try:
        client().sessions.v1.get_session_details("no-such-session")
        raise CheckFailed("an unknown session did not get a 404")
    except requests.HTTPError as err:
        expect(err.response.status_code == 404, f"unknown session: HTTP {err.response.status_code}")


@check("sdk_get_session_events")
def _():
    raw = next(s for s in ctx["raw"] if s["triggeredAlerts"])
    page = client().sessions.v1.get_session_events(raw["sessionId"])
    expect(len(page.file_events) > 0, "no file events")
    expect(all(e.user.id == raw["actorId"] for e in page.file_events), "events of another actor")
    # They are the file events of the session's alerts, as the alerts service lists them.
    r = requests.post(f"{URL}/v1/alerts/query-details",
                      json={"alertIds": [a["alertId"] for a in raw["triggeredAlerts"]]},
                      headers={"Authorization": f"Bearer {ctx['token']}"}, timeout=60)
    observed = set()
    for alert in r.json()["alerts"]:
        for o in alert["observations"]:
            observed.update(f["eventId"] for f in json.loads(o["data"]).get("files", []))
    expect({e.event.id for e in page.file_events} == observed,
           "the session's events are not its alerts' observed events")
    quiet = next(s for s in ctx["raw"] if not s["triggeredAlerts"])
    try:
        client().sessions.v1.get_session_events(quiet["sessionId"])
        raise CheckFailed("a session without alerts did not get a 404")
    except requests.HTTPError as err:
        expect(err.response.status_code == 404, f"no alerts: HTTP {err.response.status_code}")


def current(session_id):
    status, body = raw_get(f"/v1/sessions/{session_id}")
    expect(status == 200, f"GET /v1/sessions/{session_id}: HTTP {status}")
    return body


@check("sdk_add_note_accumulates")
def _():
    sid = ctx["raw"][0]["sessionId"]
    before = len(current(sid)["notes"])
    for n in ("one", "two"):
        client().sessions.v1.add_note(sid, f"{MARK} note {n}")
    notes = [n["content"] for n in current(sid)["notes"]]
    expect(len(notes) == before + 2 and notes[-2:] == [f"{MARK} note one", f"{MARK} note two"],
           f"notes read back: {notes[-3:]}")


@check("sdk_update_state_by_id_one")
def _():
    sid = ctx["raw"][1]["sessionId"]
    client().sessions.v1.update_state_by_id(sid, "CLOSED_TP")
    expect(state_of(current(sid)) == "CLOSED_TP", "state not CLOSED_TP")
    client().sessions.v1.update_state_by_id([sid], "CLOSED_TP_BENIGN")
    s = current(sid)
    expect(state_of(s) == "CLOSED_TP_BENIGN" and s["states"][-1]["state"] == "CLOSED_TP_BENIGN",
           "state not CLOSED_TP_BENIGN")


@check("sdk_update_state_by_id_100")
def _():
    alerted = [s["sessionId"] for s in ctx["raw"] if s["triggeredAlerts"]]
    batch = alerted[2:102]
    expect(len(batch) == 100, f"{len(batch)} sessions")
    responses = client().sessions.v1.update_state_by_id(batch, "OPEN")
    expect(len(responses) == 1, f"{len(responses)} calls")
    client().sessions.v1.update_state_by_id(alerted[102:122], "OPEN")
    expect(all(state_of(current(i)) == "OPEN" for i in batch[::9] + alerted[102:122:5]), "not all OPEN")
    ctx["opened"] = alerted[2:122]


@check("sdk_update_state_by_id_over_100_is_400")
def _():
    alerted = [s["sessionId"] for s in ctx["raw"] if s["triggeredAlerts"]]
    batch = alerted[2:103]
    before = state_of(current(batch[0]))
    try:
        client().sessions.v1.update_state_by_id(batch, "CLOSED")
        raise CheckFailed("101 ids did not get a 400")
    except requests.HTTPError as err:
        expect(err.response.status_code == 400, f"101 ids: HTTP {err.response.status_code}")
        expect("msg" in err.response.json(), f"no msg in {err.response.text}")
    expect(state_of(current(batch[0])) == before, "a refused call changed a session")


@check("sdk_update_state_by_criteria")
def _():
    opened = [s for s in client().sessions.v1.iter_all(states=["OPEN"])]
    expect(len(opened) > 100, f"only {len(opened)} open sessions")
    responses = client().sessions.v1.update_state_by_criteria("IN_PROGRESS", states=["OPEN"])
    expect(len(responses) >= 2, f"{len(responses)} calls: the continuation token was not used")
    expect(responses[-1].json()["continuationToken"] is None, "the last answer has a token")
    left = list(client().sessions.v1.iter_all(states=["OPEN"]))
    expect(not left, f"{len(left)} sessions still OPEN")
    expect(all(state_of(current(s.session_id)) == "IN_PROGRESS" for s in opened[::10]),
           "changed sessions are not IN_PROGRESS")


# ---------------------------------------------------------------- incydr CLI ---

def cli(*args, stdin=None):
    home = ctx.setdefault("home", tempfile.mkdtemp(prefix="t42s-home-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INCYDR_")}
    env.update(HOME=home, INCYDR_URL=URL, INCYDR_API_CLIENT_ID=CLIENT_ID,
               INCYDR_API_CLIENT_SECRET=SECRET, INCYDR_USE_RICH="false", COLUMNS="4000",
               PYTHONWARNINGS="ignore")
    p = subprocess.run([INCYDR, *args], cwd=home, env=env, input=stdin, capture_output=True,
                       text=True, timeout=300)
    expect(p.returncode == 0, f"incydr {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return p.stdout


def json_lines(text):
    return [json.loads(l) for l in text.splitlines() if l.strip().startswith("{")]


def sid_of(row):
    """The CLI writes the wire's names (sessionId); accept the model's too."""
    return row.get("sessionId", row.get("session_id"))


@check("cli_sessions_search")
def _():
    raws = raw_sessions()
    ctx["raw"] = raws
    want = sorted(s["sessionId"] for s in raws
                  if s["triggeredAlerts"] and state_of(s) in ("IN_PROGRESS", "CLOSED")
                  and severity_of(s) in (3, 4))
    got = json_lines(cli("sessions", "search", "--state", "IN_PROGRESS", "--state", "CLOSED",
                         "--severity", "HIGH", "--severity", "CRITICAL", "-f", "json-lines"))
    expect(sorted(sid_of(s) for s in got) == want, f"{len(got)} sessions, expected {len(want)}")
    quiet = json_lines(cli("sessions", "search", "--no-alerts", "-f", "json-lines"))
    expect(len(quiet) == sum(1 for s in raws if not s["triggeredAlerts"]), "--no-alerts differs")


@check("cli_sessions_show")
def _():
    raw = next(s for s in ctx["raw"] if s["triggeredAlerts"])
    got = json_lines(cli("sessions", "show", raw["sessionId"], "-f", "json-lines"))
    expect(len(got) == 1 and sid_of(got[0]) == raw["sessionId"], "another session came back")
    expect(got[0].get("actorId", got[0].get("actor_id")) == raw["actorId"], "actor differs")


@check("cli_sessions_show_events")
def _():
    raw = next(s for s in ctx["raw"] if s["triggeredAlerts"])
    status, body = raw_get(f"/v1/sessions/{raw['sessionId']}/events")
    want = sorted(e["event"]["id"] for e in body["queryResult"]["fileEvents"])
    # incydr 2.12.5 cannot write these events as JSON Lines (it json.dumps a model): CSV.
    rows = list(csv.DictReader(cli("sessions", "show-events", raw["sessionId"], "-f", "csv").splitlines()))
    got = sorted(r["event.id"] for r in rows)
    expect(got == want, f"{len(got)} events, expected {len(want)}")


@check("cli_sessions_update")
def _():
    sid = ctx["raw"][3]["sessionId"]
    note = f"{MARK} cli update"
    cli("sessions", "update", sid, "--state", "CLOSED_FP", "--note", note)
    s = current(sid)
    expect(state_of(s) == "CLOSED_FP", f"state {state_of(s)}")
    expect(s["notes"][-1]["content"] == note, "note not added")


@check("cli_sessions_bulk_update_state")
def _():
    rows = [s["sessionId"] for s in ctx["raw"] if s["triggeredAlerts"]][130:135]
    path = os.path.join(ctx.setdefault("home", tempfile.mkdtemp(prefix="t42s-home-")), "bulk.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["session_id", "state", "note"])
        for i, sid in enumerate(rows):
            w.writerow([sid, "CLOSED" if i % 2 else "CLOSED_TP", f"{MARK} bulk {i}"])
    out = cli("sessions", "bulk-update-state", path)
    expect("Error" not in out, out.strip()[-300:])
    for i, sid in enumerate(rows):
        s = current(sid)
        expect(state_of(s) == ("CLOSED" if i % 2 else "CLOSED_TP"), f"{sid}: state {state_of(s)}")
        expect(s["notes"][-1]["content"] == f"{MARK} bulk {i}", f"{sid}: note not added")
    lines = "".join(json.dumps({"sessionId": sid, "note": f"{MARK} jl"}) + "\n" for sid in rows[:2])
    cli("sessions", "bulk-update-state", "-", "--state", "IN_PROGRESS", "-f", "json-lines", stdin=lines)
    expect(all(state_of(current(sid)) == "IN_PROGRESS" for sid in rows[:2]), "json-lines input not applied")


if __name__ == "__main__":
    print(f"{results['pass']} passed, {results['fail']} failed", flush=True)
    sys.exit(0 if results["fail"] == 0 and results["pass"] > 0 else 1)
