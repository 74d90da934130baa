#!/usr/bin/python3
"""action.yml is a valid composite action: YAML that loads, every run step parses as bash, inputs
reach the scripts only through env, and the build-from-source step installs every library
.ci/setup installs for the build (a new -dev dependency must be added to both).
Usage: check_action.py SOURCE_DIR. Skipped (77) without python3-yaml."""
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("python3-yaml is not installed: skipped")
    sys.exit(77)

source = sys.argv[1]
action = yaml.safe_load(open(f"{source}/action.yml", encoding="utf-8"))
assert action["runs"]["using"] == "composite", action["runs"]
steps = action["runs"]["steps"]
failures = []
for step in steps:
    run = step.get("run")
    if run is None:
        continue
    if "${{" in run:
        failures.append(f"step {step.get('name')!r} writes an expression into its script (use env)")
    check = subprocess.run(["bash", "-n"], input=run, text=True, capture_output=True)
    if check.returncode != 0:
        failures.append(f"step {step.get('name')!r} is not valid bash: {check.stderr.strip()}")

setup = open(f"{source}/.ci/setup", encoding="utf-8").read()
array = re.search(r"pkgs=\((.*?)\)", setup, re.S).group(1)
words = [w for line in array.splitlines() for w in line.split("#", 1)[0].split()]
build_libs = {w for w in words if w.endswith("-dev") and w not in ("doctest-dev", "libclang-rt-14-dev")}
build_libs |= {"cmake", "g++", "ninja-build", "pkg-config", "gettext"}
build_step = next(s for s in steps if "cmake" in s.get("run", "") and "apt-get install" in s.get("run", ""))
installed = set(build_step["run"].replace("\\\n", " ").split())
missing = sorted(build_libs - installed)
if missing:
    failures.append(f"the build step does not install {', '.join(missing)} (listed in .ci/setup)")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print(f"OK: action.yml, {len(steps)} steps; the build installs {', '.join(sorted(build_libs))}")
