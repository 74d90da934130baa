#!/usr/bin/python3
"""The editor schemas (`collab schema`) against the example records, with python3-jsonschema.

Every record of examples/ (examples/bad aside) passes its kind's schema and the combined one;
every record of examples/bad that lint rejects for a missing key, a wrong shape or an unknown
status (rules missing-field, type, unknown-status) fails them; the schemas themselves pass the
draft 2020-12 metaschema. Records are read as yaml-language-server reads them, YAML 1.2: dates
stay strings (python3-yaml without its YAML 1.1 timestamp resolver).

usage: check_schema.py COLLAB SOURCE_DIR     (exit 77, skipped, without jsonschema or yaml)
"""
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"skipped: /usr/bin/python3 lacks {e.name} (apt-get install python3-jsonschema python3-yaml)")
    sys.exit(77)

if not hasattr(jsonschema, "Draft202012Validator"):
    print("skipped: python3-jsonschema is older than 4.0 (no draft 2020-12)")
    sys.exit(77)

collab, source = sys.argv[1], sys.argv[2]
examples = os.path.join(source, "examples")
bad_root = os.path.join(examples, "bad")
KINDS = ["meeting", "task", "issue", "request"]
REJECTED_RULES = {"missing-field", "type", "unknown-status"}


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2024-05-10` stays a string, as in YAML 1.2."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def run(args, root):
    p = subprocess.run([collab, "-C", root] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def schemas(root):
    """The kinds' schemas and the combined one, as collab prints them in `root`."""
    out = {}
    for kind in KINDS + [None]:
        status, text, err = run(["schema"] + ([kind] if kind else []), root)
        if status != 0:
            sys.exit(f"FAIL: collab schema {kind or ''} exited {status}: {err}")
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)  # raises SchemaError
        out[kind or "record"] = jsonschema.Draft202012Validator(schema)
    return out


def records(root, skip=None):
    """Record files below root, hidden folders and `skip` aside."""
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.join(top, d) != skip)
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and name != ".collab.yaml":
                yield os.path.join(top, name)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def errors_of(validators, doc):
    kind = doc.get("kind") if isinstance(doc, dict) else None
    own = validators.get(kind) if isinstance(kind, str) else None
    combined = [e.message for e in validators["record"].iter_errors(doc)]
    return ([e.message for e in own.iter_errors(doc)] if own else ["no schema for this kind"]), combined


failures = []

good = schemas(examples)
checked = 0
for path in records(examples, skip=bad_root):
    own, combined = errors_of(good, load(path))
    checked += 1
    for message in own + combined:
        failures.append(f"{os.path.relpath(path, source)}: rejected by the schema: {message}")
if checked < 5:
    failures.append(f"only {checked} example records found below {examples}")

# The rules lint reports for each bad record (errors only: warnings are no rejection).
status, text, err = run(["lint", "--format", "json", "."], bad_root)
rules = {}
for d in json.loads(text):  # one object per finding: path (from the root), rule, severity...
    if d["severity"] == "error":
        rules.setdefault(os.path.normpath(os.path.join(bad_root, d["path"])), set()).add(d["rule"])

bad = schemas(bad_root)
rejected = 0
for path in records(bad_root):
    wanted = rules.get(os.path.normpath(path), set()) & REJECTED_RULES
    if not wanted:
        continue
    try:
        doc = load(path)
    except yaml.YAMLError as e:
        failures.append(f"{os.path.relpath(path, source)}: lint says {sorted(wanted)} but it is no YAML: {e}")
        continue
    own, combined = errors_of(bad, doc)
    rejected += 1
    if not own or not combined:
        failures.append(f"{os.path.relpath(path, source)}: lint reports {sorted(wanted)}, the schema accepts it")
if rejected == 0:
    failures.append("no record of examples/bad is reported as missing-field, type or unknown-status")

# Values lint reads alike in any spelling pass; values lint refuses as errors fail.
task = load(os.path.join(examples, "tasks", sorted(os.listdir(os.path.join(examples, "tasks")))[0]))
for key, value, passes in [
    ("status", "Done", True), ("status", "in progress", True), ("status", "已闭环", True),
    ("status", "finished", False), ("progress", "50", True), ("progress", 100, True),
    ("progress", 150, False), ("progress", "45%", False), ("owner", ["赵六", "孙七"], False),
    ("deadline", "2024/06/30", False), ("notes", None, True), ("deadline", None, False),
    ("budget", "10k", True),  # unknown-field is a warning
]:
    doc = dict(task, **{key: value})
    own, combined = errors_of(good, doc)
    if bool(own) == passes or bool(combined) == passes:
        failures.append(f"{key}: {value!r} should {'pass' if passes else 'fail'}: {own or combined}")

for f in failures:
    print("FAIL:", f)
print(f"{checked} example records pass the schemas; {rejected} bad records (missing-field, type, unknown-status) "
      "fail them")
sys.exit(1 if failures else 0)
