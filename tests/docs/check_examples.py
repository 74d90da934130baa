#!/usr/bin/python3
"""Runs every example of README.md and man/collab.1 and compares its output with the text.

usage: check_examples.py COLLAB_BINARY SOURCE_DIR

Which blocks are examples:
  - README.md: every fenced block (```...```);
  - man/collab.1: every .EX/.EE block of the EXAMPLES section.
A block is run when it holds console lines (`$ command`); the lines below a command, up to the
next `$ ` line, are its output as the text shows it. A block that cannot run (package
installation, a CI configuration, mail) carries a skip marker with its reason; a block with
neither fails the test, so no example is left unchecked by accident.

Markers are comments above the block (anywhere between the previous block and this one):
README `<!-- example: WORDS -->`, man page `.\\" example: WORDS`, where WORDS is
  skip REASON   the block is not run (counted and listed);
  empty         the block starts in an empty directory instead of the usual sandbox;
  continue      the block goes on in the previous block's shell (directory, exported variables);
  setup NAME    run the shell function NAME of example_setups.sh first (output not shown).

Each block (unless `continue`) starts in a fresh sandbox: /tmp/demo (a temporary directory,
shown as /tmp/demo), a git repository holding a copy of examples/ committed, as in a clone of
collab; HOME with a git identity, LANG=C.UTF-8, no COLLAB_TODAY. Each command runs under bash
on a pseudo-terminal 100 columns wide (so views print tables, as on a terminal), stdout and
stderr together. Checks, per command:
  - it exits 0, unless the next command is `echo $?` (whose shown output then states the status);
  - no command-line complaint (unknown option, command or format);
  - its output equals the shown output, after normalising: colour codes dropped, runs of blanks
    as one space, trailing blanks and blank lines dropped, commit ids (7 hex digits) and commit
    times (YYYY-MM-DD HH:MM) as placeholders; a line `...` stands for any number of lines.
It also checks that README.md stays within 250 lines and opens with its two commands.
"""

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

COLUMNS = 100
TIMEOUT = 60  # seconds a command may take

MARKER_README = re.compile(r"^<!--\s*example:\s*(.*?)\s*-->\s*$")
MARKER_MAN = re.compile(r"""^\.\\"\s*example:\s*(.*?)\s*$""")
COMPLAINTS = re.compile(
    r"unknown (option|command|format)|not expected|was not expected|Run `collab --help`|command not found|"
    r"requires? (an? )?argument",
    re.IGNORECASE,
)


class Block:
    """One example block: where it is, its markers and its lines (as plain text)."""

    def __init__(self, doc, line, markers, lines):
        self.doc = doc
        self.line = line
        self.markers = markers
        self.lines = lines

    def where(self):
        return f"{self.doc}:{self.line}"


# --- reading the documents ---------------------------------------------------------------

def readme_blocks(path, name):
    blocks, markers = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = MARKER_README.match(lines[i])
        if m:
            markers.append(m.group(1))
        elif lines[i].startswith("```"):
            start = i
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            blocks.append(Block(name, start + 1, markers, body))
            markers = []
        i += 1
    return blocks


ROFF_NAMED = {
    "->": "\u2192", "<-": "\u2190", "ga": "`", "aq": "'", "dq": '"', "lq": "\u201c", "rq": "\u201d",
    "oq": "\u2018", "cq": "\u2019", "em": "\u2014", "en": "\u2013", "bu": "\u2022", "hy": "-",
    "mi": "-", "co": "\u00a9", "at": "@", "sh": "#", "rs": "\\", "ti": "~", "ha": "^", "lB": "[",
    "rB": "]", "lC": "{", "rC": "}", "ba": "|", "pl": "+", "eq": "=", "sl": "/", "dg": "\u2020",
}


def unroff(text):
    """The characters a roff line in .EX shows: escapes decoded, font changes dropped."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        i += 2
        if e in "-e\\":
            out.append("-" if e == "-" else "\\")
        elif e in "&/,:)|^%":
            pass  # zero-width
        elif e == " " or e == "~":
            out.append(" ")
        elif e == ".":
            out.append(".")
        elif e == "'":
            out.append("\u00b4")
        elif e == "`":
            out.append("`")
        elif e == "f":  # \fB, \f(CW, \f[B]
            if text[i] == "(":
                i += 3
            elif text[i] == "[":
                i = text.index("]", i) + 1
            else:
                i += 1
        elif e in "([":  # \(xx, \[name]
            if e == "(":
                name, i = text[i:i + 2], i + 2
            else:
                end = text.index("]", i)
                name, i = text[i:end], end + 1
            if re.fullmatch(r"u[0-9A-F]{4,6}", name):
                out.append(chr(int(name[1:], 16)))
            elif name in ROFF_NAMED:
                out.append(ROFF_NAMED[name])
            else:
                raise ValueError(f"unknown roff character \\[{name}] in {text!r}")
        else:
            raise ValueError(f"unknown roff escape \\{e} in {text!r}")
    return "".join(out)


def man_blocks(path, name):
    blocks, markers = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    in_examples = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(".SH"):
            in_examples = line.split(None, 1)[1:] == ["EXAMPLES"]
        elif in_examples and MARKER_MAN.match(line):
            markers.append(MARKER_MAN.match(line).group(1))
        elif in_examples and line == ".EX":
            start = i
            body = []
            i += 1
            while i < len(lines) and lines[i] != ".EE":
                if not lines[i].startswith('.\\"'):
                    body.append(unroff(lines[i]))
                i += 1
            blocks.append(Block(name, start + 1, markers, body))
            markers = []
        i += 1
    return blocks


README_MAX_LINES = 250


def readme_shape(path, blocks):
    """The README stays short and opens with the two commands: set up and build, set up and test."""
    problems = []
    lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
    if len(lines) > README_MAX_LINES:
        problems.append(f"README.md: {len(lines)} lines, more than {README_MAX_LINES}: the details belong in man/collab.1")
    first = [b for b in blocks if b.doc == "README.md"][:2]
    wanted = ("cmake --build build && build/collab -C examples lint", "ctest --test-dir build")
    if len(first) < 2 or any(len(b.lines) != 1 or not b.lines[0].startswith("bash .ci/setup && ") or w not in b.lines[0]
                             for b, w in zip(first, wanted)):
        problems.append("README.md: the first two blocks are no longer the one-line set-up + build + lint and "
                        "set-up + ctest commands")
    return problems


def commands_of(block):
    """[(command, [shown output lines])] of a console block."""
    cmds = []
    lines = block.lines
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            if not cmds:
                raise ValueError(f"{block.where()}: `{lines[i]}` comes before the first `$ ` command")
            cmds[-1][1].append(lines[i])
            i += 1
            continue
        cmd = lines[i][2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd += "\n" + lines[i]
        cmds.append((cmd, []))
        i += 1
    return cmds


# --- running --------------------------------------------------------------------------------

class Session:
    """A shell whose directory and exported variables carry over from command to command."""

    def __init__(self, top, collab, source, empty):
        self.top = top
        self.demo = os.path.join(top, "demo")
        home = os.path.join(top, "home")
        os.makedirs(home)
        with open(os.path.join(home, ".gitconfig"), "w", encoding="utf-8") as f:
            f.write("[user]\n\tname = Doc Example\n\temail = doc@example.com\n[init]\n\tdefaultBranch = main\n")
        env = {k: v for k, v in os.environ.items()
               if not re.match(r"GIT_|LC_|LANGUAGE$|COLUMNS$|LINES$|COLLAB_|NO_COLOR$|CLICOLOR|EMAIL$|VISUAL$"
                               r"|EDITOR$|TERM$|HOME$|XDG_|PAGER$|LESS$", k)}
        env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), LANG="C.UTF-8",
                   GIT_CONFIG_NOSYSTEM="1", EDITOR="false", TERM="xterm",
                   # The text as printed: less -F would show the same on a screen, drawn with its own codes.
                   PAGER="cat",
                   PATH=os.path.dirname(os.path.abspath(collab)) + os.pathsep + env.get("PATH", "/usr/bin:/bin"))
        self.env = env
        self.status = 0
        os.makedirs(self.demo)
        self.cwd = self.demo
        if not empty:
            shutil.copytree(os.path.join(source, "examples"), os.path.join(self.demo, "examples"), symlinks=True)
            for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "examples"]):
                subprocess.run(["git", *args], cwd=self.demo, env=env, check=True, stdout=subprocess.DEVNULL)

    def run(self, command, setups):
        """(status, output) of one command line, on a terminal; the shell's state is kept."""
        state = os.path.join(self.top, "state")
        script = (f". {sh_quote(setups)}\n"
                  f"(exit {self.status})\n"
                  f"{command}\n"
                  f"__status=$?\n"
                  f"pwd > {sh_quote(state + '.pwd')}; env -0 > {sh_quote(state + '.env')}\n"
                  f"exit $__status\n")
        status, output = run_on_terminal(["bash", "--noprofile", "--norc", "-c", script], self.cwd, self.env)
        try:
            with open(state + ".pwd", encoding="utf-8") as f:
                self.cwd = f.read().rstrip("\n")
            with open(state + ".env", encoding="utf-8", errors="surrogateescape") as f:
                self.env = dict(entry.split("=", 1) for entry in f.read().split("\0") if "=" in entry)
            for name in ("_", "SHLVL", "OLDPWD", "PWD"):
                self.env.pop(name, None)
            os.remove(state + ".pwd")
            os.remove(state + ".env")
        except FileNotFoundError:
            pass  # the command ended the shell: keep the state as it was
        self.status = status
        return status, output.replace(self.top, "/tmp")


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def run_on_terminal(argv, cwd, env):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + TIMEOUT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            chunks.append(b"\n[killed after %d s]\n" % TIMEOUT)
            break
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    status = proc.wait()
    return status, b"".join(chunks).decode("utf-8", errors="replace")


# --- comparing ------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HASH = re.compile(r"\b[0-9a-f]{7}\b")
TIME = re.compile(r"\b\d{4}-\d\d-\d\d \d\d:\d\d\b")


def normalise(lines):
    out = []
    for line in lines:
        line = ANSI.sub("", line.replace("\r", ""))
        line = TIME.sub("<time>", HASH.sub("<commit>", line))
        out.append(re.sub(r"[ \t]+", " ", line).rstrip())
    while out and out[-1] == "":
        out.pop()
    return out


def matches(shown, actual):
    """Whether actual equals shown, where a shown line `...` stands for any number of lines."""
    if not shown:
        return not actual
    if shown[0] == "...":
        return any(matches(shown[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and shown[0] == actual[0] and matches(shown[1:], actual[1:])


def main():
    collab, source = sys.argv[1], os.path.abspath(sys.argv[2])
    setups = os.path.join(os.path.dirname(os.path.abspath(__file__)), "example_setups.sh")
    blocks = readme_blocks(os.path.join(source, "README.md"), "README.md") + \
        man_blocks(os.path.join(source, "man", "collab.1"), "man/collab.1")
    failures = readme_shape(os.path.join(source, "README.md"), blocks)
    ran = commands_run = 0
    skipped = []
    session = None
    tmp = tempfile.mkdtemp(prefix="collab-examples-")
    try:
        for n, block in enumerate(blocks):
            words = [m.split(None, 1) for m in block.markers]
            kinds = [w[0] for w in words]
            unknown = [k for k in kinds if k not in ("skip", "empty", "continue", "setup")]
            if unknown:
                failures.append(f"{block.where()}: unknown example marker `{unknown[0]}`")
                continue
            if "skip" in kinds:
                reason = next(w for w in words if w[0] == "skip")[1:] or [""]
                if not reason[0]:
                    failures.append(f"{block.where()}: `example: skip` needs a reason")
                skipped.append(f"{block.where()}: {reason[0]}")
                continue
            if not any(line.startswith("$ ") for line in block.lines):
                failures.append(f"{block.where()}: a block with no `$ ` command line: mark it "
                                f"`example: skip REASON` if it cannot run, or write it as a console session")
                continue
            if "continue" not in kinds or session is None:
                if "continue" in kinds:
                    failures.append(f"{block.where()}: `example: continue` on the first block run")
                top = os.path.join(tmp, f"block{n}")
                os.makedirs(top)
                session = Session(top, collab, source, "empty" in kinds)
            ran += 1
            for w in words:
                if w[0] == "setup":
                    status, output = session.run(w[1], setups)
                    if status != 0:
                        failures.append(f"{block.where()}: set-up `{w[1]}` exited {status}:\n{output}")
            cmds = commands_of(block)
            for k, (cmd, shown) in enumerate(cmds):
                commands_run += 1
                status, output = session.run(cmd, setups)
                actual = normalise(output.split("\n"))
                wanted = normalise(shown)
                problems = []
                if COMPLAINTS.search(output):
                    problems.append("the command line is refused")
                status_shown = k + 1 < len(cmds) and cmds[k + 1][0].strip() == "echo $?"
                if status != 0 and not status_shown:
                    problems.append(f"exit status {status}, not 0 (follow it with `$ echo $?` and the "
                                    f"status when it is meant to fail)")
                if not matches(wanted, actual):
                    problems.append("the output differs from the text")
                if problems:
                    # Both as they print (not normalised), so the text can be corrected from this.
                    printed = ANSI.sub("", output.replace("\r", "")).rstrip("\n").split("\n")
                    failures.append(f"{block.where()}: `$ {cmd}`: " + "; ".join(problems) +
                                    "\n  shown:\n" + "".join(f"    |{l}\n" for l in shown) +
                                    f"  actual (exit status {status}):\n" + "".join(f"    |{l}\n" for l in printed))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for f in failures:
        print(f"FAIL {f}")
    print(f"{ran} example blocks run ({commands_run} commands), {len(skipped)} skipped:")
    for s in skipped:
        print(f"  skipped {s}")
    if failures:
        print(f"{len(failures)} examples do not run as shown")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
