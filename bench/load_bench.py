#!/usr/bin/env python3
"""Load benchmark: concurrent users doing a day's work over JSON-RPC against a running Odoo.

Collectors open "My Calls Today", open a payer and log a call; finance opens the open bills
and registers a (partial) payment; managers open the dunning list and the approvals. Every
client logs in once (session cookie, as the web client does), then loops until the duration
is over, pausing between two requests as a person reads the screen (--think, default 0.5–2 s;
--think 0 0 turns the run into a stress test). Only 127.0.0.1 is contacted; the run is
bounded in time and in requests.

Last line: RESULT requests=<n> errors=<n> p50_ms=<x> p95_ms=<y>
"""

import argparse
import itertools
import random
import statistics
import sys
import threading
import time
from urllib.parse import urlparse

import requests

MAX_REQUESTS_PER_CLIENT = 5000
ROLES = ["collector1", "collector2", "finance", "manager"]
# 20 clients: 10 collectors, 5 finance, 5 managers
MIX = ["collector1", "collector2"] * 5 + ["finance"] * 5 + ["manager"] * 5

STATE_FIELDS = {
    "partner_id": {"fields": {"display_name": {}}},
    "phone": {},
    "project_id": {"fields": {"display_name": {}}},
    "unit_ids": {"fields": {"display_name": {}}},
    "level_id": {"fields": {"display_name": {}}},
    "overdue_amount": {},
    "oldest_due_date": {},
    "last_action_date": {},
    "next_level_id": {"fields": {"display_name": {}}},
    "next_action_date": {},
    "last_outcome": {},
    "collector_id": {"fields": {"display_name": {}}},
    "pause_reason": {},
    "currency_id": {"fields": {}},
}
BILL_FIELDS = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "invoice_date_due": {},
    "amount_total_signed": {},
    "amount_residual_signed": {},
    "payment_state": {},
    "currency_id": {"fields": {}},
}


class Client:
    def __init__(self, url, database, login, stats, deadline, think=(0.0, 0.0)):
        self.url, self.database, self.login = url, database, login
        self.think = think
        self.http = requests.Session()
        self.stats, self.deadline = stats, deadline
        self.rng = random.Random(hash(login) ^ threading.get_ident())
        self.uid = None
        self.requests = 0

    # === JSON-RPC ===
    def _post(self, path, params, timed=True):
        started = time.perf_counter()
        error = None
        result = None
        try:
            response = self.http.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
                timeout=60,
            )
            body = response.json() if response.ok else None
            if not response.ok:
                error = f"HTTP {response.status_code}"
            elif body.get("error"):
                error = body["error"].get("data", {}).get("message") or body["error"]["message"]
            else:
                result = body["result"]
        except (requests.RequestException, ValueError) as exc:
            error = str(exc)
        if timed:
            label = params.get("method") and f"{params['model']}.{params['method']}" or path
            self.stats.add((time.perf_counter() - started) * 1000.0, error, label)
            if self.think[1]:
                time.sleep(self.rng.uniform(*self.think))  # a person reads the screen
        self.requests += 1
        return result

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "zh_CN"})
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def authenticate(self):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.database, "login": self.login, "password": self.login},
            timed=False,
        )
        self.uid = result and result.get("uid")
        return bool(self.uid)

    # === A day's work ===
    def collector_round(self):
        today = time.strftime("%Y-%m-%d")
        states = self.call(
            "property.dunning.state",
            "web_search_read",
            domain=[
                ("activity_ids.user_id", "=", self.uid),
                ("activity_ids.date_deadline", "<=", today),
            ],
            specification=STATE_FIELDS,
            limit=80,
        ) or {"records": []}
        if not states["records"]:
            states = self.call(
                "property.dunning.state",
                "web_search_read",
                domain=[("collector_id", "=", self.uid)],
                specification=STATE_FIELDS,
                limit=80,
            ) or {"records": []}
        if not states["records"]:
            return
        state = self.rng.choice(states["records"])
        self.call(
            "property.dunning.state",
            "web_read",
            [state["id"]],
            specification=dict(
                STATE_FIELDS,
                activity_log_ids={"fields": {"date": {}, "outcome": {}, "note": {}}},
                promise_ids={"fields": {"promise_date": {}, "amount": {}, "state": {}}},
            ),
        )
        self.call(
            "property.collection.activity",
            "create",
            [
                {
                    "state_id": state["id"],
                    "partner_id": state["partner_id"]["id"],
                    "project_id": state["project_id"]["id"],
                    "activity_type": "call",
                    "outcome": self.rng.choice(["b_no_date", "c_unreachable", "d_away"]),
                    "note": "bench-load",
                }
            ],
        )

    def finance_round(self):
        bills = self.call(
            "account.move",
            "web_search_read",
            domain=[
                ("property_project_id", "!=", False),
                ("state", "=", "posted"),
                ("payment_state", "in", ["not_paid", "partial"]),
            ],
            specification=BILL_FIELDS,
            limit=80,
            order="invoice_date_due asc",
        ) or {"records": []}
        if not bills["records"]:
            return
        bill = self.rng.choice(bills["records"])
        context = {"lang": "zh_CN", "active_model": "account.move", "active_ids": [bill["id"]]}
        wizard = self.call(
            "account.payment.register",
            "create",
            [{"amount": 1.0, "payment_date": time.strftime("%Y-%m-%d")}],
            context=context,
        )
        if wizard:
            self.call("account.payment.register", "action_create_payments", wizard, context=context)

    def manager_round(self):
        self.call(
            "property.dunning.state",
            "web_search_read",
            domain=[("overdue_amount", ">", 0)],
            specification=STATE_FIELDS,
            limit=80,
            order="overdue_amount desc",
        )
        self.call(
            "property.dunning.state",
            "web_read_group",
            domain=[("overdue_amount", ">", 0)],
            groupby=["level_id"],
            aggregates=["overdue_amount:sum"],
        )
        self.call(
            "property.dunning.action",
            "web_search_read",
            domain=[("approval_state", "=", "to_approve")],
            specification={
                "date": {},
                "partner_id": {"fields": {"display_name": {}}},
                "level_id": {"fields": {"display_name": {}}},
                "amount": {},
            },
            limit=80,
        )

    def run(self):
        if not self.authenticate():
            self.stats.add(0.0, f"login failed for {self.login}", "/web/session/authenticate")
            return
        work = {
            "collector1": self.collector_round,
            "collector2": self.collector_round,
            "finance": self.finance_round,
            "manager": self.manager_round,
        }[self.login]
        while time.monotonic() < self.deadline and self.requests < MAX_REQUESTS_PER_CLIENT:
            work()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.by_call = {}
        self.errors = {}

    def add(self, ms, error, path):
        with self.lock:
            self.latencies.append(ms)
            self.by_call.setdefault(path, []).append(ms)
            if error:
                key = f"{path}: {error[:120]}"
                self.errors[key] = self.errors.get(key, 0) + 1


def wait_for_server(url, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/web/login", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8079")
    parser.add_argument("--database", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 2.0),
        metavar=("MIN", "MAX"),
        help="seconds a user pauses between two requests (uniform)",
    )
    args = parser.parse_args()
    if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench-load only talks to a server on this machine (127.0.0.1)")
    if not wait_for_server(args.url):
        sys.exit(f"Odoo did not answer on {args.url}")
    # warm-up: one round per role, not measured
    warm = Stats()
    for login in ROLES:
        client = Client(args.url, args.database, login, warm, time.monotonic() + 1)
        if client.authenticate():
            {"finance": client.finance_round, "manager": client.manager_round}.get(
                login, client.collector_round
            )()
    stats = Stats()
    deadline = time.monotonic() + args.duration
    logins = list(itertools.islice(itertools.cycle(MIX), args.clients))
    clients = [
        Client(args.url, args.database, login, stats, deadline, tuple(args.think))
        for login in logins
    ]
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 120)
    elapsed = time.monotonic() - started
    latencies = sorted(stats.latencies)
    errors = sum(stats.errors.values())
    for message, count in sorted(stats.errors.items(), key=lambda kv: -kv[1])[:10]:
        print(f"error x{count}: {message}")
    for label, values in sorted(stats.by_call.items()):
        values.sort()
        print(
            f"{label}: n={len(values)} p50_ms={statistics.median(values):.0f} "
            f"p95_ms={values[int(0.95 * (len(values) - 1))]:.0f}"
        )
    p50 = statistics.median(latencies) if latencies else 0.0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(
        f"clients={args.clients} think_s={args.think[0]:g}-{args.think[1]:g} seconds={elapsed:.1f} "
        f"requests_per_s={len(latencies) / elapsed:.1f} warmup_errors={sum(warm.errors.values())}"
    )
    print(f"RESULT requests={len(latencies)} errors={errors} p50_ms={p50:.0f} p95_ms={p95:.0f}")


if __name__ == "__main__":
    main()
