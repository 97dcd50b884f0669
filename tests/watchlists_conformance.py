#!/usr/bin/env python3
"""The official incydr SDK (`client.watchlists.v2`, the actors' families of
`client.actors.v1`, `client.cases.v1.update`) and CLI (`incydr watchlists …`) against a
server that speaks those APIs, reading back what they change.

Run by tests/watchlists-conformance.sh with the conformance kit's virtualenv:

    python watchlists_conformance.py URL [CLIENT_ID SECRET]

Prints `PASS name` or `FAIL name: reason` per check, then `N passed, M failed`; exit 0
only when nothing failed. It puts one actor on a watchlist and takes it off again, and
creates a case and closes it."""

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

import requests
import incydr
from _incydr_sdk.actors.client import ActorNotFoundError

URL = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else os.environ.get("C42K_URL", "")
CLIENT_ID = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("C42K_CLIENT_ID", "demo-client")
SECRET = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("C42K_SECRET", "demo-secret")
INCYDR = os.path.join(os.path.dirname(sys.executable), "incydr")
TYPES = ["DEPARTING_EMPLOYEE", "HIGH_IMPACT_EMPLOYEE", "FLIGHT_RISK", "NEW_EMPLOYEE",
         "CONTRACT_EMPLOYEE", "CUSTOM"]

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


def cli(*args):
    home = ctx.setdefault("home", tempfile.mkdtemp(prefix="t42w-home-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INCYDR_")}
    env.update(HOME=home, INCYDR_URL=URL, INCYDR_API_CLIENT_ID=CLIENT_ID,
               INCYDR_API_CLIENT_SECRET=SECRET, INCYDR_USE_RICH="false", COLUMNS="4000",
               PYTHONWARNINGS="ignore")
    p = subprocess.run([INCYDR, *args], cwd=home, env=env, capture_output=True,
                       text=True, timeout=300)
    expect(p.returncode == 0, f"incydr {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return p.stdout


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


c = incydr.Client(url=URL, api_client_id=CLIENT_ID, api_client_secret=SECRET, log_stderr=False)
w2 = c.watchlists.v2


@check("iter_all and get_page: every type, pages of 4 add up, ids are uuids")
def _lists():
    lists = list(w2.iter_all())
    expect(sorted(w.list_type for w in lists) == sorted(TYPES), f"types {[w.list_type for w in lists]}")
    small = list(w2.iter_all(page_size=4))
    expect([w.watchlist_id for w in small] == [w.watchlist_id for w in lists], "iter_all(4) differs")
    first = w2.get_page(page_num=1, page_size=4)
    expect(first.total_count == len(lists) and len(first.watchlists) == 4,
           f"page 1: {len(first.watchlists)} of {first.total_count}")
    second = w2.get_page(page_num=2, page_size=4)
    expect(len(second.watchlists) == len(lists) - 4, f"page 2: {len(second.watchlists)}")
    for w in lists:
        expect(len(w.watchlist_id) == 36 and w.watchlist_id.count("-") == 4, f"id {w.watchlist_id}")
        expect(w.stats is not None and w.stats.included_actors_count is not None, f"stats {w.stats}")
    custom = next(w for w in lists if w.list_type == "CUSTOM")
    expect(custom.title, "a custom list without a title")
    ctx["lists"] = lists


@check("get, get_id_by_name (type and custom title), unknown id")
def _get():
    lists = ctx["lists"]
    flight = next(w for w in lists if w.list_type == "FLIGHT_RISK")
    expect(w2.get(flight.watchlist_id) == flight, "get differs from the listed one")
    expect(w2.get_id_by_name("FLIGHT_RISK") == flight.watchlist_id, "by type")
    custom = next(w for w in lists if w.list_type == "CUSTOM")
    expect(w2.get_id_by_name(custom.title) == custom.watchlist_id, "by title")
    try:
        w2.get("00000000-0000-4000-8000-000000000000")
        raise CheckFailed("an unknown id was found")
    except requests.HTTPError as err:
        expect(err.response.status_code == 404, f"HTTP {err.response.status_code}")
    ctx["flight"] = flight


@check("add_included_actors, list_included_actors reads it back, counts follow")
def _add():
    flight = ctx["flight"]
    on = {a.actor_id for a in w2.iter_all_included_actors(flight.watchlist_id)}
    actor = next(a for a in c.actors.v1.iter_all() if a.actor_id not in on)
    w2.add_included_actors(flight.watchlist_id, actor.actor_id)
    page = w2.list_included_actors(flight.watchlist_id)
    mine = [a for a in page.included_actors if a.actor_id == actor.actor_id]
    expect(len(mine) == 1, "the added actor is not listed")
    expect(mine[0].actor_name == actor.name and mine[0].added_time is not None, f"member {mine[0]}")
    expect(page.total_count == len(on) + 1, f"totalCount {page.total_count}")
    expect(w2.get(flight.watchlist_id).stats.included_actors_count == len(on) + 1, "count")
    expect(w2.get_included_actor(flight.watchlist_id, actor.actor_id).actor_id == actor.actor_id,
           "get_included_actor")
    member = w2.get_member(flight.watchlist_id, actor.actor_id)
    expect(member.actor_id == actor.actor_id, "get_member")
    theirs = [w.watchlist_id for w in w2.iter_all(actor_id=actor.actor_id)]
    expect(flight.watchlist_id in theirs, "iter_all(actor_id) misses the list")
    members = list(w2.iter_all_members(flight.watchlist_id, page_size=2))
    expect(actor.actor_id in [m.actor_id for m in members], "iter_all_members misses the actor")
    ctx["actor"] = actor
    ctx["count"] = len(on)


@check("remove_included_actors: gone, counts back")
def _remove():
    flight, actor = ctx["flight"], ctx["actor"]
    w2.remove_included_actors(flight.watchlist_id, [actor.actor_id])
    ids = [a.actor_id for a in w2.iter_all_included_actors(flight.watchlist_id)]
    expect(actor.actor_id not in ids, "still listed")
    expect(w2.get(flight.watchlist_id).stats.included_actors_count == ctx["count"], "count")
    try:
        w2.get_included_actor(flight.watchlist_id, actor.actor_id)
        raise CheckFailed("the removed actor is still found")
    except requests.HTTPError as err:
        expect(err.response.status_code == 404, f"HTTP {err.response.status_code}")


@check("departments, directory groups and excluded actors list")
def _parts():
    custom = next(w for w in ctx["lists"] if w.list_type == "CUSTOM")
    deps = list(w2.iter_all_departments(custom.watchlist_id))
    expect(len(deps) == custom.stats.included_departments_count and deps, f"departments {deps}")
    expect(list(w2.iter_all_directory_groups(custom.watchlist_id)) == [], "groups")
    excluded = list(w2.iter_all_excluded_actors(custom.watchlist_id))
    expect(len(excluded) == (custom.stats.excluded_actors_count or 0), f"excluded {excluded}")


@check("actors.v1 family by member id and by member name; incydr actors show-family")
def _family():
    actor = ctx["actor"]
    family = c.actors.v1.get_family_by_member_id(actor.actor_id)
    expect(family.parent.actor_id == actor.actor_id and family.children == [], f"family {family}")
    by_name = c.actors.v1.get_family_by_member_name(actor.name)
    expect(by_name == family, "by name differs")
    try:
        c.actors.v1.get_family_by_member_id("no-such-actor")
        raise CheckFailed("no ActorNotFoundError")
    except ActorNotFoundError:
        pass
    shown = json_lines(cli("actors", "show-family", "--name", actor.name, "-f", "json-lines"))
    expect(shown and shown[-1]["parent"]["actorId"] == actor.actor_id, f"CLI family {shown}")


@check("cases.v1.update of a fetched case: findings and CLOSED, read back")
def _case_update():
    made = c.cases.v1.create(name=f"wl conformance {int(time.time() * 1000) % 10**9}",
                             description="watchlists conformance")
    case = c.cases.v1.get_case(made.number)
    case.findings = "Confirmed by the conformance run."
    case.status = "CLOSED"
    answer = c.cases.v1.update(case)
    expect(answer.status == "CLOSED" and answer.findings == case.findings, f"answer {answer}")
    back = c.cases.v1.get_case(made.number)
    expect(back.status == "CLOSED" and back.findings == case.findings, f"read back {back}")
    expect(back.name == made.name and back.description == "watchlists conformance", "fields lost")


@check("CLI: incydr watchlists list, show, list-members, list-included-actors")
def _cli():
    listed = json_lines(cli("watchlists", "list", "-f", "json-lines"))
    expect(sorted(w["listType"] for w in listed) == sorted(TYPES), f"listed {listed}")
    shown = json_lines(cli("watchlists", "show", "FLIGHT_RISK"))
    expect(shown and shown[-1]["watchlistId"] == ctx["flight"].watchlist_id, f"shown {shown}")
    members = json_lines(cli("watchlists", "list-members", "FLIGHT_RISK", "-f", "json-lines"))
    expect(len(members) == ctx["count"], f"{len(members)} members")
    included = json_lines(cli("watchlists", "list-included-actors", ctx["flight"].watchlist_id,
                              "-f", "json-lines"))
    expect([m["actorId"] for m in included] == [m["actorId"] for m in members], "included differs")
    actor = ctx["actor"]
    mine = json_lines(cli("watchlists", "list", "--actor", actor.name, "-f", "json-lines"))
    expect(all(w["watchlistId"] != ctx["flight"].watchlist_id for w in mine), "removed, yet listed")


@check("CLI: incydr watchlists add and remove --actors by name")
def _cli_change():
    actor = ctx["actor"]
    cli("watchlists", "add", "FLIGHT_RISK", "--actors", actor.name)
    ids = [a.actor_id for a in w2.iter_all_included_actors(ctx["flight"].watchlist_id)]
    expect(actor.actor_id in ids, "not added")
    cli("watchlists", "remove", "FLIGHT_RISK", "--actors", actor.name)
    ids = [a.actor_id for a in w2.iter_all_included_actors(ctx["flight"].watchlist_id)]
    expect(actor.actor_id not in ids, "not removed")


print(f"{results['pass']} passed, {results['fail']} failed")
sys.exit(1 if results["fail"] else 0)
