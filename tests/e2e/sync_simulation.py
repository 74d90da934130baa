#!/usr/bin/python3
"""Randomized simulation of `collab sync` (issue 14, SPEC §7c): N clones of one bare remote,
random writes in each (new meeting/task, set, done, delay, rm, a hand edit + `collab commit`,
sync), then a final sync round everywhere and the invariants:

  - every clone has the same HEAD tree, the remote's;
  - `collab lint` passes, no id is given twice, `git status` is clean;
  - no `<<<<<<<` anywhere in `git log -p --all`, `git fsck` clean;
  - every acknowledged write (exit 0) is present unless a later write overwrote it: a model keeps
    each field's writes with a vector clock; the final value must be one of the writes that no
    other write to that field happened after, and two such writes with different values must
    have been reported as a conflict (which the harness settled with `collab set`/`done`/`delay`);
  - refs stay right through renumbering and merged items: a meeting's `follow_up` names the
    record it was made from, each `previous_actions` ref the action it copied.

Records are known by a uid in `notes` (`sim:c1-7`) and actions by a uid at the start of their
text (`act-c1-9`): sync may renumber both. Exit 0 when every invariant holds, 1 on a failure,
77 (skipped) when the binary has no `sync` command yet.

usage: sync_simulation.py --collab BIN [--clones N] [--ops N] [--seed S] [--keep] [--strict-ours]

Settling a conflict picks ours or theirs at random; when keeping ours (writing our value again)
brings the same conflict back, the harness counts it (ours_repeated) and takes theirs, unless
--strict-ours makes that a failure.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

TODAY = "2024-05-10"
NAMES = ["王芳", "李雷", "赵六", "孙七", "周八"]
CONFLICT = re.compile(r'^conflict: (\S+) (\S+): ours "(.*)" \(([^()]*)\), theirs "(.*)" \(([^()]*)\)$')


class Failure(Exception):
    pass


def dominated(a, b):
    """Vector clock a happened before b."""
    return a != b and all(a.get(k, 0) <= b.get(k, 0) for k in a)


class Sim:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.tmp = tempfile.mkdtemp(prefix="sync_sim.")
        self.remote = os.path.join(self.tmp, "remote.git")
        self.clones = [os.path.join(self.tmp, f"c{i}") for i in range(args.clones)]
        self.clock = [dict() for _ in self.clones]  # vector clock of each clone's branch
        self.remote_clock = {}
        self.writes = {}  # (uid, item uid or None, field) -> [(clock, value, clone)]
        self.refs = []  # (meeting uid, field, position, target uid, target item uid or None)
        self.conflicted = set()  # keys reported in a conflict
        self.counter = 0
        self.stats = {"ops": 0, "acked": 0, "refused": 0, "syncs": 0, "conflicts": 0, "settled": 0,
                      "ours_repeated": 0, "renumbered": 0}
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        self.env = dict(os.environ, HOME=home, GIT_CONFIG_NOSYSTEM="1", COLLAB_TODAY=TODAY, LANG="C.UTF-8",
                        LC_ALL="C.UTF-8", GIT_TERMINAL_PROMPT="0", EDITOR="false", VISUAL="false")
        for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR",
                  "GIT_WORK_TREE", "COLLAB_PAGER", "PAGER"):
            self.env.pop(k, None)
        self.log = []
        self.before = {}  # the records of the clone being written, as they were before the write

    # --- processes ---------------------------------------------------------------------------
    def run(self, cwd, argv, check=True):
        p = subprocess.run(argv, cwd=cwd, env=self.env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.log.append(f"[{os.path.basename(cwd)}] {' '.join(argv)} -> {p.returncode}")
        if check and p.returncode != 0:
            raise Failure(f"{' '.join(argv)} in {cwd} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        return p

    def git(self, cwd, *argv, check=True):
        return self.run(cwd, ["git", *argv], check)

    def collab(self, i, *argv):
        return self.run(self.clones[i], [self.args.collab, *argv], check=False)

    def write_cmd(self, i, *argv):
        """A write command of clone i, its records read first (see ack)."""
        self.before = self.records(i)
        return self.collab(i, *argv)

    # --- state of a clone ----------------------------------------------------------------------
    def records(self, i):
        """uid -> {id, path, data, items: {item uid: 1-based index}} of clone i."""
        out = {}
        root = self.clones[i]
        for folder in ("meetings", "tasks"):
            d = os.path.join(root, folder)
            if not os.path.isdir(d):
                continue
            for name in sorted(os.listdir(d)):
                if not name.endswith(".yaml"):
                    continue
                path = os.path.join(d, name)
                with open(path, encoding="utf-8") as f:
                    data = yaml.load(f, Loader=yaml.BaseLoader)
                notes = data.get("notes", "") if isinstance(data, dict) else ""
                if not isinstance(notes, str) or not notes.startswith("sim:"):
                    continue
                items = {}
                for n, a in enumerate(data.get("actions", []) or [], 1):
                    if isinstance(a, dict) and str(a.get("action", "")).startswith("act-"):
                        items[a["action"].split()[0]] = n
                out[notes[4:]] = {"id": data.get("id"), "path": path, "data": data, "items": items, "kind": folder}
        return out

    def uid(self, i):
        self.counter += 1
        return f"c{i}-{self.counter}"

    def value(self, field):
        if field in ("owner", "host"):
            return self.rng.choice(NAMES)
        if field == "progress":
            return str(self.rng.randrange(0, 101))
        self.counter += 1
        return f"{field}-{self.counter}"

    def date(self):
        return f"2024-{self.rng.randrange(5, 13):02d}-{self.rng.randrange(1, 29):02d}"

    def before_value(self, uid, item, field):
        """The field's value in the clone before the write (self.before), None when absent."""
        rec = self.before.get(uid)
        if rec is None:
            return None
        data = rec["data"]
        if item is not None:
            if item not in rec["items"]:
                return None
            data = data["actions"][rec["items"][item] - 1]
        return data.get(field)

    def ack(self, i, writes):
        """Clone i acknowledged `writes` [(uid, item uid, field, value)]: one tick of its clock.
        A field written with the value it had is no change (`set` commits nothing for it, and a
        merge sees only the other side's change): it is not counted as a write."""
        self.clock[i][i] = self.clock[i].get(i, 0) + 1
        stamp = dict(self.clock[i])
        for uid, item, field, value in writes:
            if field != "__exists__" and self.before_value(uid, item, field) == value:
                continue
            self.writes.setdefault((uid, item, field), []).append((stamp, value, i))
        self.stats["acked"] += 1

    def outcome(self, i, p, writes):
        """Counts a write command's result; self.before must hold the clone's records before it."""
        if p.returncode == 0:
            self.ack(i, writes)
            return True
        if p.returncode in (1, 2):
            self.stats["refused"] += 1
            return False
        raise Failure(f"clone {i}: a write exited {p.returncode}:\n{p.stdout}{p.stderr}")

    # --- operations ----------------------------------------------------------------------------
    def op_new_meeting(self, i, recs):
        uid = self.uid(i)
        title, host = self.value("title"), self.rng.choice(NAMES)
        argv = ["new", "meeting", "--title", title, "--host", host, "--recorder", host, "--attendees",
                ",".join(self.rng.sample(NAMES, 2)), "--set", f"notes=sim:{uid}"]
        prev = [u for u, r in recs.items() if r["kind"] == "meetings"]
        target = self.rng.choice(prev) if prev and self.rng.random() < 0.5 else None
        if target:
            argv += ["--follow-up", recs[target]["id"]]
        p = self.collab(i, *argv)
        writes = [(uid, None, "__exists__", True), (uid, None, "title", title), (uid, None, "host", host)]
        if self.outcome(i, p, writes) and target:
            new = self.records(i)[uid]["data"]
            self.refs.append((uid, "follow_up", None, target, None))
            # The open actions of the meeting followed up, and those it carried itself.
            by_id = {r["id"]: u for u, r in recs.items()}
            for pos, ref in enumerate(new.get("previous_actions", []) or []):
                rid, _, n = ref.partition("#")
                named = by_id.get(rid)
                items = {k: item for item, k in recs[named]["items"].items()} if named else {}
                if n.isdigit() and int(n) in items:
                    self.refs.append((uid, "previous_actions", pos, named, items[int(n)]))

    def op_new_task(self, i, recs):
        uid = self.uid(i)
        title, owner, deadline, deliverable = self.value("title"), self.rng.choice(NAMES), self.date(), self.value(
            "deliverable")
        p = self.collab(i, "new", "task", "--title", title, "--owner", owner, "--deadline", deadline,
                        "--deliverable", deliverable, "--set", f"notes=sim:{uid}")
        self.outcome(i, p, [(uid, None, "__exists__", True), (uid, None, "title", title), (uid, None, "owner", owner),
                            (uid, None, "deadline", deadline), (uid, None, "deliverable", deliverable)])

    def pick_item(self, recs):
        """A task, or a meeting's action: (uid, item uid or None, ref)."""
        choices = []
        for uid, r in recs.items():
            if r["kind"] == "tasks":
                choices.append((uid, None, r["id"]))
            for item, n in r["items"].items():
                choices.append((uid, item, f"{r['id']}#{n}"))
        return self.rng.choice(choices) if choices else None

    def op_set(self, i, recs):
        picked = self.pick_item(recs)
        if not picked:
            return
        uid, item, ref = picked
        fields = ["owner", "deliverable"] + ([] if item else ["title", "progress"])
        chosen = self.rng.sample(fields, self.rng.randrange(1, 3))
        values = [(f, self.value(f)) for f in chosen]
        p = self.collab(i, "set", ref, *[f"{f}={v}" for f, v in values])
        self.outcome(i, p, [(uid, item, f, v) for f, v in values])

    def op_done(self, i, recs):
        picked = self.pick_item(recs)
        if not picked:
            return
        uid, item, ref = picked
        evidence = self.value("evidence")
        p = self.collab(i, "done", ref, "--evidence", evidence)
        self.outcome(i, p, [(uid, item, "status", "done"), (uid, item, "completed", TODAY),
                            (uid, item, "evidence", evidence)])

    def op_delay(self, i, recs):
        picked = self.pick_item(recs)
        if not picked:
            return
        uid, item, ref = picked
        to, reason = self.date(), self.value("reason")
        p = self.collab(i, "delay", ref, "--to", to, "--reason", reason)
        self.outcome(i, p, [(uid, item, "status", "delayed"), (uid, item, "deadline", to),
                            (uid, item, "delay_reason", reason)])

    def op_rm(self, i, recs):
        if not recs or self.rng.random() < 0.5:  # deletes are rarer than the rest
            return
        uid = self.rng.choice(sorted(recs))
        p = self.collab(i, "rm", recs[uid]["id"])
        self.outcome(i, p, [(uid, None, "__exists__", False)])

    def op_hand_edit(self, i, recs):
        meetings = [u for u, r in recs.items() if r["kind"] == "meetings"]
        tasks = [u for u, r in recs.items() if r["kind"] == "tasks"]
        if meetings and self.rng.random() < 0.6:
            uid = self.rng.choice(meetings)
            path = recs[uid]["path"]
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if self.rng.random() < 0.6:
                item = f"act-{self.uid(i)}"
                owner, deadline, deliverable = self.rng.choice(NAMES), self.date(), self.value("deliverable")
                new = append_action(text, [("action", f"{item} follow the plan"), ("owner", owner),
                                           ("deadline", deadline), ("deliverable", deliverable)])
                if new is None:
                    return
                writes = [(uid, item, "__exists__", True), (uid, item, "owner", owner),
                          (uid, item, "deadline", deadline), (uid, item, "deliverable", deliverable)]
            else:
                location = self.value("location")
                new, writes = set_line(text, "location", location), [(uid, None, "location", location)]
        elif tasks:
            uid = self.rng.choice(tasks)
            path = recs[uid]["path"]
            with open(path, encoding="utf-8") as f:
                text = f.read()
            goal = self.value("goal")
            new, writes = set_line(text, "goal", goal), [(uid, None, "goal", goal)]
        else:
            return
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        p = self.collab(i, "commit", os.path.relpath(path, self.clones[i]), "-m", "hand edit")
        if not self.outcome(i, p, writes):
            self.git(self.clones[i], "checkout", "--", os.path.relpath(path, self.clones[i]))

    # --- sync ----------------------------------------------------------------------------------
    def sync(self, i, rounds=6):
        """Syncs clone i, settling conflicts as a user would, until it exits 0."""
        settled_with_ours = set()
        for _ in range(rounds):
            self.stats["syncs"] += 1
            before_remote = dict(self.remote_clock)
            p = self.collab(i, "sync")
            if p.returncode == 0:
                merged = {k: max(self.clock[i].get(k, 0), before_remote.get(k, 0))
                          for k in set(self.clock[i]) | set(before_remote)}
                self.clock[i] = merged
                self.remote_clock = dict(merged)
                if "renumber" in (p.stdout + p.stderr).lower():
                    self.stats["renumbered"] += 1
                return
            if p.returncode != 1:
                raise Failure(f"clone {i}: collab sync exited {p.returncode}:\n{p.stdout}{p.stderr}")
            lines = [m for m in (CONFLICT.match(l) for l in (p.stdout + p.stderr).splitlines()) if m]
            if not lines:
                raise Failure(f"clone {i}: collab sync exited 1 without a conflict line:\n{p.stdout}{p.stderr}")
            self.stats["conflicts"] += len(lines)
            self.settle(i, lines, settled_with_ours)
        raise Failure(f"clone {i}: still in conflict after {rounds} syncs")

    def settle(self, i, lines, settled_with_ours):
        recs = self.records(i)
        by_id = {r["id"]: u for u, r in recs.items()}
        per_ref = {}
        for m in lines:
            ref, field, ours, ours_who, theirs, theirs_who = m.groups()
            # `M-2024-001 actions#2.deadline` or `M-2024-001#2 deadline`
            fm = re.match(r"^(\w+)#(\d+)\.(.+)$", field)
            if fm:
                ref, field = f"{ref.split('#')[0]}#{fm.group(2)}", fm.group(3)
            per_ref.setdefault(ref, []).append((field, ours, theirs))
        for ref, fields in per_ref.items():
            rid, _, n = ref.partition("#")
            uid = by_id.get(rid)
            rec = recs.get(uid)
            if not rec:
                raise Failure(f"clone {i}: a conflict on {ref}, which the clone does not have")
            item_data = rec["data"]
            item = None
            if n:
                item_data = rec["data"]["actions"][int(n) - 1]
                item = item_data["action"].split()[0]
            for field, _, _ in fields:
                self.conflicted.add((uid, item, field))
            # Ours once per conflict: if it comes back the same, theirs (see the report).
            key = (ref, tuple(fields))
            side = 1 if key in settled_with_ours or self.rng.random() < 0.5 else 0
            if side == 0:
                settled_with_ours.add(key)
            elif key in settled_with_ours:
                self.stats["ours_repeated"] += 1
                self.log.append(f"[c{i}] keeping ours did not settle {ref} {fields}; taking theirs")
                if self.args.strict_ours:
                    raise Failure(f"clone {i}: keeping ours ({fields}) did not settle the conflict on {ref}")
            chosen = {f: (vals[side] if vals[side] else vals[1 - side]) for f, *vals in fields}
            self.apply_settlement(i, ref, uid, item, item_data, chosen)
            self.stats["settled"] += 1

    def apply_settlement(self, i, ref, uid, item, current, chosen):
        """Writes the chosen values as a user would: `set`, or `delay`/`done` for the fields only
        they write; where those refuse, by hand (the item's status fields taken from the
        remote's version, as a user taking theirs would) and `collab commit`."""
        if self.settle_with_commands(i, ref, uid, item, current, chosen):
            return
        recs = self.records(i)
        rec = recs[uid]
        rel = os.path.relpath(rec["path"], self.clones[i])
        n = rec["items"].get(item) if item else None
        values = dict(chosen)
        theirs = self.git(self.clones[i], "show", f"@{{upstream}}:{rel}", check=False)
        if theirs.returncode == 0:
            data = yaml.load(theirs.stdout, Loader=yaml.BaseLoader)
            if isinstance(data, dict) and data.get("notes") == f"sim:{uid}":
                if item:
                    data = next((a for a in data.get("actions", []) or []
                                 if str(a.get("action", "")).startswith(item + " ")), {})
                for f in ("status", "deadline", "delay_reason", "completed", "evidence", "original_deadline"):
                    if f in data and f not in values and data.get(f) != (rec["data"] if not item else
                                                                           rec["data"]["actions"][n - 1]).get(f):
                        values[f] = data[f]
        with open(rec["path"], encoding="utf-8") as f:
            text = f.read()
        new = set_fields_by_hand(text, n, values)
        if new is None:
            raise Failure(f"clone {i}: cannot settle {ref} by hand (a flow list?)")
        with open(rec["path"], "w", encoding="utf-8") as f:
            f.write(new)
        self.before = recs  # as they were before the hand edit
        p = self.collab(i, "commit", rel, "-m", "settle a sync conflict")
        if not self.outcome(i, p, [(uid, item, f, v) for f, v in values.items()]):
            self.git(self.clones[i], "checkout", "--", rel)
            raise Failure(f"clone {i}: cannot settle {ref} by hand either:\n{p.stdout}{p.stderr}")

    def settle_with_commands(self, i, ref, uid, item, current, chosen):
        """False as soon as a command refuses (what the earlier ones wrote stays committed)."""
        chosen = dict(chosen)
        status = chosen.pop("status", None)
        if status == "delayed" or "deadline" in chosen or "delay_reason" in chosen:
            to = chosen.pop("deadline", current.get("deadline", TODAY))
            reason = chosen.pop("delay_reason", current.get("delay_reason") or "settled after a sync conflict")
            if current.get("status") in ("done", "cancelled"):  # a closed item is reopened first
                if not self.outcome(i, self.write_cmd(i, "set", ref, "status=doing"), [(uid, item, "status", "doing")]):
                    return False
            p = self.write_cmd(i, "delay", ref, "--to", to, "--reason", reason)
            if not self.outcome(i, p, [(uid, item, "status", "delayed"), (uid, item, "deadline", to),
                                       (uid, item, "delay_reason", reason)]):
                return False
        if status == "done" or "completed" in chosen:
            argv = ["done", ref, "--date", chosen.pop("completed", TODAY)]
            ev = chosen.pop("evidence", None)
            if ev:
                argv += ["--evidence", ev]
            writes = [(uid, item, "status", "done"), (uid, item, "completed", argv[3])]
            if ev:
                writes.append((uid, item, "evidence", ev))
            if not self.outcome(i, self.write_cmd(i, *argv), writes):
                return False
        elif status and status != "delayed":
            chosen["status"] = status
        if chosen:
            p = self.write_cmd(i, "set", ref, *[f"{f}={v}" for f, v in chosen.items()])
            if not self.outcome(i, p, [(uid, item, f, v) for f, v in chosen.items()]):
                return False
        return True

    # --- the run -------------------------------------------------------------------------------
    def setup(self):
        self.git(self.tmp, "init", "-q", "--bare", "-b", "main", self.remote)
        first = self.clones[0]
        self.git(self.tmp, "clone", "-q", self.remote, first)
        self.git(first, "symbolic-ref", "HEAD", "refs/heads/main")
        for i, c in enumerate(self.clones):
            if i > 0:  # cloned once the first has pushed: each tracks origin/main
                self.git(self.tmp, "clone", "-q", self.remote, c)
            self.git(c, "config", "user.name", f"clone{i}")
            self.git(c, "config", "user.email", f"clone{i}@example.com")
            if i == 0:
                self.run(first, [self.args.collab, "init", "."])
                self.git(first, "push", "-q", "-u", "origin", "main")

    def step(self):
        i = self.rng.randrange(len(self.clones))
        recs = self.before = self.records(i)
        ops = [(self.op_new_meeting, 10), (self.op_new_task, 10), (self.op_set, 20), (self.op_done, 8),
               (self.op_delay, 8), (self.op_rm, 6), (self.op_hand_edit, 12), (None, 20)]
        op = self.rng.choices([o for o, _ in ops], [w for _, w in ops])[0]
        self.stats["ops"] += 1
        if op is None:
            self.sync(i)
        else:
            op(i, recs)

    def final_round(self):
        for _ in range(4):
            for i in range(len(self.clones)):
                self.sync(i)
            heads = {self.git(c, "rev-parse", "HEAD").stdout.strip() for c in self.clones}
            if len(heads) == 1:
                return
        raise Failure("the clones still differ after four rounds of sync everywhere")

    def check(self):
        trees = {self.git(c, "rev-parse", "HEAD^{tree}").stdout.strip() for c in self.clones}
        trees.add(self.git(self.remote, "rev-parse", "main^{tree}").stdout.strip())
        if len(trees) != 1:
            raise Failure(f"the clones and the remote hold different trees: {sorted(trees)}")
        c0 = self.clones[0]
        for c in self.clones:
            if self.git(c, "status", "--porcelain").stdout.strip():
                raise Failure(f"{c}: git status is not clean:\n{self.git(c, 'status', '--porcelain').stdout}")
        lint = self.run(c0, [self.args.collab, "lint"], check=False)
        if lint.returncode != 0:
            raise Failure(f"collab lint exited {lint.returncode}:\n{lint.stdout}{lint.stderr}")
        for repo in [self.remote] + self.clones:
            log = self.git(repo, "log", "-p", "--all")
            if "<<<<<<<" in log.stdout:
                raise Failure(f"{repo}: a conflict marker in the history")
            fsck = self.git(repo, "fsck", "--no-progress", check=False)
            if fsck.returncode != 0 or "error" in fsck.stderr.lower():
                raise Failure(f"{repo}: git fsck:\n{fsck.stdout}{fsck.stderr}")
        ids, stems = {}, set()
        for root, dirs, files in os.walk(c0):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.endswith((".yaml", ".yml")) and name != ".collab.yaml":
                    with open(os.path.join(root, name), encoding="utf-8") as f:
                        data = yaml.load(f, Loader=yaml.BaseLoader)
                    rid = data.get("id")
                    if rid in ids:
                        raise Failure(f"id {rid} twice: {ids[rid]} and {name}")
                    ids[rid] = name
                    stem = os.path.splitext(name)[0]
                    if stem in stems:
                        raise Failure(f"file name {stem} twice")
                    stems.add(stem)
        self.check_model(self.records(0))

    def check_model(self, recs):
        problems = []
        deleted = set()
        removals = {}  # uid -> stamps of its acknowledged `rm`s
        for (uid, item, field), ws in self.writes.items():
            if field == "__exists__" and item is None:
                removals[uid] = [w[0] for w in ws if w[1] is False]
        for (uid, item, field), ws in sorted(self.writes.items(), key=lambda kv: repr(kv[0])):
            if field != "__exists__" or item is not None:
                # A delete overwrites what happened before it: if an edit made elsewhere at the same
                # time keeps the record, the fields and actions written before the delete may read
                # either way.
                ws = [w for w in ws if not any(dominated(w[0], r) for r in removals.get(uid, []))]
                if not ws:
                    continue
            top = [w for w in ws if not any(dominated(w[0], o[0]) for o in ws)]
            values = {w[1] for w in top}
            rec = recs.get(uid)
            if field == "__exists__" and item is None:
                if rec is None and False not in values:
                    problems.append(f"{uid}: created (acknowledged) but gone, never removed")
                if rec is not None and True not in values:
                    # Kept only when a write raced the delete (an edit against a delete).
                    rm = [w for w in top if w[1] is False]
                    raced = any(not any(dominated(w[0], r[0]) for r in rm)
                                for (u, _, f), other in self.writes.items() if u == uid and f != "__exists__"
                                for w in other)
                    if not raced:
                        problems.append(f"{uid} ({rec['id']}): removed (acknowledged) but still there")
                if rec is None:
                    deleted.add(uid)
                continue
            if rec is None:
                continue  # its record was removed
            data = rec["data"]
            if item is not None:
                if item not in rec["items"]:
                    problems.append(f"{uid} ({rec['id']}): action {item} (acknowledged) is gone")
                    continue
                data = data["actions"][rec["items"][item] - 1]
                if field == "__exists__":
                    continue
            actual = data.get(field)
            if actual not in values:
                who = ", ".join(f"clone{w[2]}={w[1]!r}" for w in top)
                problems.append(f"{uid} ({rec['id']}) {item or ''} {field}: {actual!r}, but the last writes were {who}")
            elif len(values) > 1 and (uid, item, field) not in self.conflicted:
                who = ", ".join(f"clone{w[2]}={w[1]!r} at {w[0]}" for w in top)
                problems.append(f"{uid} ({rec['id']}) {item or ''} {field}: concurrent writes merged without a "
                                f"conflict: {who}")
        for uid, field, pos, target, target_item in self.refs:
            rec, tgt = recs.get(uid), recs.get(target)
            if rec is None or tgt is None:
                continue
            value = rec["data"].get(field)
            if pos is None:
                if value != tgt["id"]:
                    problems.append(f"{rec['id']} {field}: {value!r}, but the record it names is {tgt['id']}")
            else:
                want = f"{tgt['id']}#{tgt['items'].get(target_item)}"
                got = value[pos] if isinstance(value, list) and pos < len(value) else None
                if target_item in tgt["items"] and got != want:
                    problems.append(f"{rec['id']} {field}[{pos}]: {got!r}, but the action it names is {want}")
        if problems:
            raise Failure("acknowledged writes or refs not as expected:\n  " + "\n  ".join(problems))


def append_action(text, fields):
    """text with an action entry added by hand: after the last line of a block `actions:` list,
    or a new list at the end; None for a flow list."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((n for n, l in enumerate(lines) if re.match(r"^actions:\s*(#.*)?$", l)), None)
    if start is None:
        if any(l.startswith("actions:") for l in lines):
            return None
        entry = ["actions:\n"] + [f"  {'- ' if k == 0 else '  '}{f}: {v}\n" for k, (f, v) in enumerate(fields)]
        return "".join(lines + entry)
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    first = next((l for l in lines[start + 1:end] if l.lstrip().startswith("- ")), "  - ")
    indent = " " * (len(first) - len(first.lstrip()))
    entry = [f"{indent}{'- ' if k == 0 else '  '}{f}: {v}\n" for k, (f, v) in enumerate(fields)]
    return "".join(lines[:end] + entry + lines[end:])


def yaml_scalar(value):
    """value as a YAML scalar: plain where that reads back as the same string."""
    if re.fullmatch(r"[\w][\w .-]*", value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def set_fields_by_hand(text, item, values):
    """text with `values` written into the record (item None) or into entry `item` (1-based) of
    its block `actions:` list, line by line as a person would; None when there is no such entry."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if item is None:
        start, end, indent, first_prefix = 0, len(lines), "", None
    else:
        at = next((n for n, l in enumerate(lines) if re.match(r"^actions:\s*(#.*)?$", l)), None)
        if at is None:
            return None
        entries, n = [], at + 1
        while n < len(lines) and (lines[n].startswith((" ", "-")) or not lines[n].strip()):
            if re.match(r"^\s*- ", lines[n]) and (not entries or lines[n].index("-") == entries[0][1]):
                entries.append((n, lines[n].index("-")))
            n += 1
        if item > len(entries):
            return None
        start = entries[item - 1][0]
        end = entries[item][0] if item < len(entries) else n
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        dash = entries[item - 1][1]
        indent, first_prefix = " " * (dash + 2), " " * dash + "- "
    for key, value in values.items():
        line = f"{key}: {yaml_scalar(value)}\n"
        for n in range(start, end):
            if lines[n].startswith(indent + key + ":") or (first_prefix and n == start and
                                                              lines[n].startswith(first_prefix + key + ":")):
                lines[n] = (first_prefix if n == start and first_prefix else indent) + line
                break
        else:
            lines.insert(end, indent + line)
            end += 1
    return "".join(lines)


def set_line(text, key, value):
    """text with the top-level `key: value` line replaced, or added at the end."""
    pattern = re.compile(rf"^{key}:.*$", re.M)
    if pattern.search(text):
        return pattern.sub(f"{key}: {value}", text, count=1)
    return text + ("" if text.endswith("\n") else "\n") + f"{key}: {value}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--collab", required=True)
    ap.add_argument("--clones", type=int, default=3)
    ap.add_argument("--ops", type=int, default=30, help="operations per clone")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--strict-ours", action="store_true",
                    help="fail when keeping our value (a write of it, as sync's help says) does not settle a "
                         "conflict, instead of taking theirs")
    args = ap.parse_args()
    args.collab = os.path.abspath(args.collab)
    helptext = subprocess.run([args.collab, "--help"], capture_output=True, text=True).stdout
    if not re.search(r"^\s+sync\s", helptext, re.M):
        print(f"skipped: {args.collab} has no `sync` command")
        return 77
    sim = Sim(args)
    try:
        sim.setup()
        for _ in range(args.clones * args.ops):
            sim.step()
        sim.final_round()
        sim.check()
    except Failure as e:
        print("\n".join(sim.log[-30:]))
        print(f"FAIL (seed {args.seed}, kept in {sim.tmp}): {e}")
        return 1
    finally:
        print(" ".join(f"{k}={v}" for k, v in sim.stats.items()))
    print(f"ok: {args.clones} clones x {args.ops} operations, seed {args.seed}: identical, lint clean, "
          f"no id twice, no marker, fsck clean, every acknowledged write accounted for")
    if not args.keep:
        shutil.rmtree(sim.tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
