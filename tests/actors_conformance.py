#!/usr/bin/env python3
"""The official incydr SDK (`client.actors.v1`) and CLI (`incydr actors show`) against
a server that speaks the actors API, reading back what they change.

Run by tests/actors-conformance.sh with the conformance kit's virtualenv:

    python actors_conformance.py URL [CLIENT_ID SECRET]

Prints `PASS name` or `FAIL name: reason` per check, then `N passed, M failed`; exit 0
only when nothing failed. It changes one actor's notes and end date."""

import json
import os
import subprocess
import sys
import tempfile
import traceback

import requests
import incydr
from _incydr_sdk.actors.client import ActorNotFoundError

URL = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else os.environ.get("C42K_URL", "")
CLIENT_ID = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("C42K_CLIENT_ID", "demo-client")
SECRET = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("C42K_SECRET", "demo-secret")
INCYDR = os.path.join(os.path.dirname(sys.executable), "incydr")
KEYS = ["active", "actorId", "alternateNames", "country", "department", "division",
        "employeeType", "endDate", "firstName", "inScope", "lastName", "locality",
        "managerActorId", "name", "notes", "parentActorId", "region", "startDate", "title"]

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


def raw_search(params):
    r = requests.post(f"{URL}/v1/oauth", auth=(CLIENT_ID, SECRET), timeout=30)
    r.raise_for_status()
    token = r.json()["access_token"]
    r = requests.get(f"{URL}/v1/actors/actor/search", params=params,
                     headers={"Authorization": f"Bearer {token}"}, timeout=60)
    expect(r.status_code == 200, f"GET /v1/actors/actor/search: HTTP {r.status_code}")
    return r.json()["actors"]


def cli(*args):
    home = ctx.setdefault("home", tempfile.mkdtemp(prefix="t42a-home-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INCYDR_")}
    env.update(HOME=home, INCYDR_URL=URL, INCYDR_API_CLIENT_ID=CLIENT_ID,
               INCYDR_API_CLIENT_SECRET=SECRET, INCYDR_USE_RICH="false", COLUMNS="4000",
               PYTHONWARNINGS="ignore")
    p = subprocess.run([INCYDR, *args], cwd=home, env=env, capture_output=True,
                       text=True, timeout=300)
    expect(p.returncode == 0, f"incydr {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return p.stdout


@check("raw: every actor has the 19 keys in order, dates as YYYY-MM-DD")
def _raw():
    actors = raw_search({"pageSize": 500, "page": 1})
    expect(len(actors) > 0, "no actors")
    for a in actors:
        expect(list(a.keys()) == KEYS, f"keys {list(a.keys())}")
        for d in (a["startDate"], a["endDate"]):
            expect(d is None or (len(d) == 10 and d[4] == "-" and d[7] == "-"), f"date {d!r}")
    ctx["raw"] = actors


ctx["client"] = incydr.Client(url=URL, api_client_id=CLIENT_ID, api_client_secret=SECRET,
                              log_stderr=False)
c = ctx["client"]


@check("get_page: every actor, and pages of 7 add up to it")
def _pages():
    page = c.actors.v1.get_page()
    expect(len(page.actors) == len(ctx["raw"]), f"{len(page.actors)} != {len(ctx['raw'])}")
    small = list(c.actors.v1.iter_all(page_size=7))
    expect([a.actor_id for a in small] == [a.actor_id for a in page.actors], "iter_all order differs")
    inactive = c.actors.v1.get_page(active=False)
    expect(all(a.active is False for a in inactive.actors), "active=False gave active actors")
    ctx["someone"] = next(a for a in page.actors if a.manager_actor_id)


@check("get_page: name_starts_with in another case")
def _prefix():
    name = ctx["someone"].name
    found = c.actors.v1.get_page(name_starts_with=name[:4].upper())
    expect(any(a.name == name for a in found.actors), f"{name} not found by {name[:4].upper()}")


@check("get_actor_by_id, with and without prefer_parent")
def _by_id():
    a = ctx["someone"]
    expect(c.actors.v1.get_actor_by_id(a.actor_id) == a, "by id differs")
    expect(c.actors.v1.get_actor_by_id(a.actor_id, prefer_parent=True).actor_id == a.actor_id,
           "parent of an actor without one is not the actor")
    try:
        c.actors.v1.get_actor_by_id("no-such-actor")
        raise CheckFailed("no ActorNotFoundError")
    except ActorNotFoundError:
        pass


@check("get_actor_by_name, prefer_parent True and False")
def _by_name():
    a = ctx["someone"]
    expect(c.actors.v1.get_actor_by_name(a.name, prefer_parent=True).actor_id == a.actor_id,
           "prefer_parent=True")
    expect(c.actors.v1.get_actor_by_name(a.name, prefer_parent=False) == a, "prefer_parent=False")
    try:
        c.actors.v1.get_actor_by_name(a.name.upper(), prefer_parent=False)
        raise CheckFailed("another case matched")
    except ActorNotFoundError:
        pass


@check("update_actor: notes and end date, read back, then cleared")
def _update():
    a = ctx["someone"]
    u = c.actors.v1.update_actor(a.actor_id, notes="conformance note", end_date="2026-12-18")
    expect(u.notes == "conformance note" and u.end_date == "2026-12-18", f"answer {u}")
    expect(u.start_date == a.start_date, "start date changed")
    back = c.actors.v1.get_actor_by_id(a.actor_id)
    expect(back.notes == "conformance note" and back.end_date == "2026-12-18", f"read back {back}")
    cleared = c.actors.v1.update_actor(a.actor_id, notes="", end_date="")
    expect(cleared.notes is None and cleared.end_date is None, f"cleared {cleared}")


@check("CLI: incydr actors show --name NAME")
def _cli_show():
    a = ctx["someone"]
    out = cli("actors", "show", "--name", a.name, "-f", "json-lines")
    shown = json.loads(out.strip().splitlines()[-1])
    expect(shown["actorId"] == a.actor_id and shown["name"] == a.name, f"shown {shown}")
    expect(shown["department"] == a.department, "department differs")


print(f"{results['pass']} passed, {results['fail']} failed")
sys.exit(1 if results["fail"] else 0)
