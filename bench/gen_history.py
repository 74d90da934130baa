#!/usr/bin/python3
"""Writes a `git fast-import` stream of a records repository's history.

    gen_history.py --records 10000 --commits 20000 | git fast-import --quiet
    gen_history.py --records 10000 --extend 100 --first 20000 | git fast-import --quiet

The first commit holds `.collab.yaml`; each later commit creates one record (until all
`--records` exist) or edits one, as `collab new` / `collab set` do. Edits favour a few busy
records (a Zipf-like choice), so some records have tens of commits and most one or two.
Records: 45% meetings, 25% tasks, 15% issues, 15% requests, one file each under meetings/,
tasks/, issues/, requests/. Authors are ten people in +0800; a commit every 20 minutes from
2024-01-01. `--merge-every M` makes every M-th commit a merge of a two-commit side branch.
The same arguments give the same stream (random.Random(seed)).

    gen_records DIR 10000 && gen_history.py --from-dir DIR --commits 20000 --end 1717203600

`--from-dir DIR` takes the records from a folder made by gen_records (its `.collab.yaml` and
every record, in name order) instead of the built-in text: each creation adds one file as it
is, each edit appends a comment line `# rev N` (the records' fields stay as gen_records wrote
them, so the views see realistic items). `--end EPOCH` dates the last commit at EPOCH (the
others 20 minutes apart before it) instead of starting at 2024-01-01.
"""
import os
import argparse
import random
import zlib
import sys

KINDS = [("meetings", "M", 45), ("tasks", "T", 25), ("issues", "I", 15), ("requests", "R", 15)]
PEOPLE = ["张三", "李四", "王五", "赵六", "周八", "吴九", "郑十", "孙七", "钱一", "陈二"]
STATUSES = ["todo", "doing", "delayed", "done"]
START = 1704067200  # 2024-01-01 00:00 UTC


def record_id(n, records):
    """The n-th record (0-based): its folder and id, kinds interleaved by quota."""
    slot = n % 100
    acc = 0
    for folder, letter, share in KINDS:
        if slot < acc + share:
            seq = (n // 100) * share + (slot - acc) + 1
            return folder, f"{letter}-2024-{seq:06d}"
        acc += share
    raise AssertionError


def record_text(folder, rid, rev, rnd):
    owner = PEOPLE[zlib.crc32(rid.encode()) % len(PEOPLE)]
    status = STATUSES[rev % len(STATUSES)]
    lines = [f"id: {rid}", f"title: 第{rev}版 协同推进 {rid}", f"owner: {owner}", f"dept: 技术部",
             f"created: 2024-01-{1 + zlib.crc32(rid.encode()) % 28:02d}", f"deadline: 2024-{1 + rev % 12:02d}-15",
             f"status: {status}", "tags: [协同, 推进]", "notes: |"]
    lines += [f"  第{i}条 记录 {rid} 修订 {rev} 说明文字 用于撑起常见的记录大小" for i in range(1, 8)]
    return ("\n".join(lines) + "\n").encode()


def blob_cmd(path, data):
    return b"M 100644 inline " + path.encode() + b"\ndata " + str(len(data)).encode() + b"\n" + data + b"\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=20000)
    ap.add_argument("--extend", type=int, default=0, help="append this many edit commits to refs/heads/main")
    ap.add_argument("--first", type=int, default=0, help="with --extend: the number of commits already made")
    ap.add_argument("--merge-every", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--from-dir", default="")
    ap.add_argument("--end", type=int, default=0, help="the last commit's time (seconds since the epoch)")
    a = ap.parse_args()
    files = []
    if a.from_dir:
        for top, dirs, names in os.walk(a.from_dir):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files += [os.path.relpath(os.path.join(top, n), a.from_dir) for n in sorted(names) if n.endswith(".yaml") and not n.startswith(".")]
        files.sort()
        a.records = len(files)
    rnd = random.Random(a.seed + a.first)
    out = sys.stdout.buffer
    revs = {}
    created = a.records if a.extend else 0
    first = a.first
    mark = 0

    def commit(n, message, changes, branch="refs/heads/main", parent=None, merge=None):
        nonlocal mark
        mark += 1
        when = (a.end - (end - 1 - n) * 1200) if a.end else START + n * 1200
        who = PEOPLE[n % len(PEOPLE)]
        msg = message.encode()
        out.write(f"commit {branch}\nmark :{mark}\n".encode())
        out.write(f"author {who} <p{n % len(PEOPLE)}@example.com> {when} +0800\n".encode())
        out.write(f"committer {who} <p{n % len(PEOPLE)}@example.com> {when} +0800\n".encode())
        out.write(b"data " + str(len(msg)).encode() + b"\n" + msg + b"\n")
        if parent:
            out.write(f"from {parent}\n".encode())
        if merge:
            out.write(f"merge {merge}\n".encode())
        for c in changes:
            out.write(c)
        out.write(b"\n")
        return mark

    def change(n):
        nonlocal created
        # Creations spread evenly over the commits: each is as likely as the records left to make
        # over the commits left.
        if created < a.records and (created == 0 or rnd.random() < (a.records - created) / max(1, end - n)):
            if files:
                path = files[created]
                created += 1
                revs[path] = 0
                return f"new {os.path.basename(path)[:-5]}", [blob_cmd(path, given_text(path, 0))]
            folder, rid = record_id(created, a.records)
            created += 1
            revs[rid] = 0
            return f"new {rid}", [blob_cmd(f"{folder}/{rid}.yaml", record_text(folder, rid, 0, rnd))]
        # An edit: busy records are chosen far more often than quiet ones.
        k = min(created - 1, int(created * rnd.random() ** 3))
        if files:
            path = files[k]
            revs[path] = revs.get(path, 0) + 1
            return f"set {os.path.basename(path)[:-5]}", [blob_cmd(path, given_text(path, revs[path] + first))]
        folder, rid = record_id(k, a.records)
        revs[rid] = revs.get(rid, 0) + 1
        return f"set {rid}", [blob_cmd(f"{folder}/{rid}.yaml", record_text(folder, rid, revs[rid] + first, rnd))]

    def given_text(path, rev):
        with open(os.path.join(a.from_dir, path), "rb") as f:
            data = f.read()
        return data + (f"# rev {rev}\n".encode() if rev else b"")

    end = (a.first + a.extend) if a.extend else a.commits
    if not a.extend:
        config = b"lang: zh\n"
        if files:
            with open(os.path.join(a.from_dir, ".collab.yaml"), "rb") as f:
                config = f.read()
        commit(0, "init: collab records root", [blob_cmd(".collab.yaml", config)])
        n = 1
    else:
        n = first
    parent = "refs/heads/main^0" if a.extend else None
    while n < end:
        if a.merge_every and n % a.merge_every == 0 and n + 3 <= end:
            base = mark
            m1, c1 = change(n)
            s1 = commit(n, m1 + " (side)", c1, "refs/heads/side", f":{base}")
            m2, c2 = change(n + 1)
            commit(n + 1, m2 + " (side)", c2, "refs/heads/side", f":{s1}")
            m3, c3 = change(n + 2)
            commit(n + 2, m3, c3, "refs/heads/main", f":{base}")
            commit(n + 3, "merge side", [], "refs/heads/main", f":{mark}", f":{mark - 1}")
            n += 4
            continue
        msg, ch = change(n)
        commit(n, msg, ch, parent=parent)
        parent = None
        n += 1


if __name__ == "__main__":
    main()
