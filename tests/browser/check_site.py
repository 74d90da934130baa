#!/usr/bin/python3
"""`collab site` on a copy of examples/, loaded by headless Chromium (issue 13, point 6):

- the index as Chromium builds it (--dump-dom) holds the overdue table of
  `collab overdue --format json`: the same refs, in the same order, with the same days late;
- every link of every page (as Chromium parsed it) resolves to a file of the site;
- at 390px (a phone) no page scrolls sideways and no table sticks out of the viewport or
  needs scrolling inside its box;
- screenshots of the pages at 390px and 1280px are kept in SCREENSHOT_DIR.

A page is laid out in an iframe of the width under test (headless Chromium makes no window
narrower than 500px); the frame's document is the page's text (srcdoc) in a file beside the
page, so the page's relative links (its style sheet) resolve as they do in the page itself.
Exit 77 (skipped) without /usr/bin/chromium.

usage: check_site.py COLLAB_BIN [SCREENSHOT_DIR]
"""
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = "2024-06-01"

FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="page" style="border:0;width:{width}px;height:{height}px" srcdoc="{srcdoc}"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {{
  var win = this.contentWindow, doc = this.contentDocument, W = win.innerWidth;
  var out = {{width: W, scrollWidth: doc.documentElement.scrollWidth, tables: [],
             styled: win.getComputedStyle(doc.body).maxWidth}};
  doc.querySelectorAll('table').forEach(function (t) {{
    var r = t.getBoundingClientRect(), box = t.parentElement;
    out.tables.push({{id: t.id, left: r.left, right: r.right, boxScroll: box.scrollWidth, boxClient: box.clientWidth}});
  }});
  var pre = document.createElement('pre');
  pre.id = 'verdict';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script></body></html>
"""


def run(argv, cwd, **kw):
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(argv)} exited {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout


def chromium(args, tmp):
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile"] + args


class Links(html.parser.HTMLParser):
    """The href of every <a> and <link>, and the overdue table's rows (data-ref, days late)."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.overdue = [], []
        self.table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("a", "link") and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "table":
            self.table = a.get("id")
        if tag == "tr" and self.table == "overdue" and "data-ref" in a:
            self.overdue.append((a["data-ref"], int(a["data-days-late"])))

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None


def main():
    if not os.path.exists(CHROMIUM):
        print(f"SKIP: {CHROMIUM} is absent (apt-get install chromium; .ci/setup installs it)")
        return 77
    collab = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp(prefix="collab-site-browser-")
    failures = []
    try:
        env = dict(os.environ, GIT_AUTHOR_NAME="孙七", GIT_AUTHOR_EMAIL="sun@example.com", GIT_COMMITTER_NAME="孙七",
                   GIT_COMMITTER_EMAIL="sun@example.com", LANG="C.UTF-8", COLLAB_TODAY=AS_OF)
        repo = os.path.join(tmp, "records")
        shutil.copytree(os.path.join(SOURCE, "examples"), repo, ignore=shutil.ignore_patterns("bad"))
        run(["git", "init", "-q"], repo, env=env)
        run(["git", "add", "-A"], repo, env=env)
        run(["git", "commit", "-q", "-m", "records"], repo, env=env)
        site = os.path.join(tmp, "public")
        run([collab, "site", site], repo, env=env)
        expected = [(i["ref"], i["days_late"]) for i in json.loads(run([collab, "overdue", "--format", "json"], repo, env=env))]
        assert expected, "examples/ has overdue items on " + AS_OF

        # The index as Chromium parsed it: its overdue table is `collab overdue`'s.
        index_dom = run(chromium(["--dump-dom", "file://" + os.path.join(site, "index.html")], tmp), tmp)
        parsed = Links()
        parsed.feed(index_dom)
        if parsed.overdue != expected:
            failures.append(f"index.html: overdue table {parsed.overdue}, `collab overdue` says {expected}")
        print(f"index.html: {len(parsed.overdue)} overdue rows, as `collab overdue --format json`")

        # Every link of every page resolves to a file of the site; every page is reachable.
        pages = sorted(os.path.relpath(os.path.join(d, f), site) for d, _, fs in os.walk(site) for f in fs
                       if f.endswith(".html"))
        reached, links = {"index.html"}, 0
        for page in pages:
            p = Links()
            with open(os.path.join(site, page), encoding="utf-8") as f:
                p.feed(f.read())
            for href in p.hrefs:
                links += 1
                target = urllib.parse.urlsplit(href)
                if target.scheme or target.netloc or href.startswith("/"):
                    failures.append(f"{page}: link {href} is not relative")
                    continue
                path = os.path.normpath(os.path.join(os.path.dirname(os.path.join(site, page)),
                                                     urllib.parse.unquote(target.path)))
                if not os.path.isfile(path) or os.path.relpath(path, site).startswith(".."):
                    failures.append(f"{page}: link {href} leads nowhere")
                else:
                    reached.add(os.path.relpath(path, site))
        for page in pages:
            if page not in reached:
                failures.append(f"{page}: no page links to it")
        print(f"{len(pages)} pages, {links} links, every one resolves")

        # Phone width: nothing sticks out. The pages of each shape: summaries and a record of each kind.
        shaped = ["index.html", "records.html", "week.html", "month.html"] + \
                 [p for p in pages if p.startswith(("dept/", "owner/"))][:2] + [p for p in pages if p.startswith("r/")]
        for page in shaped:
            with open(os.path.join(site, page), encoding="utf-8") as f:
                text = f.read()
            for width in (390, 1280):
                frame = os.path.join(site, os.path.dirname(page), f"_frame-{width}.html")
                with open(frame, "w", encoding="utf-8") as f:
                    f.write(FRAME.format(width=width, height=3000, srcdoc=html.escape(text, quote=True)))
                dom = run(chromium([f"--window-size={max(width, 500) + 20},900", "--virtual-time-budget=3000",
                                    "--dump-dom", "file://" + frame], tmp), tmp)
                m = re.search(r'<pre id="verdict"[^>]*>(.*?)</pre>', dom, re.S)
                if not m:
                    failures.append(f"{page} at {width}px: the page wrote no verdict")
                    continue
                v = json.loads(html.unescape(m.group(1)))
                w = v["width"]
                if abs(w - width) > 20:
                    failures.append(f"{page} at {width}px: the viewport is {w}px wide")
                if v["styled"] == "none":
                    failures.append(f"{page} at {width}px: the style sheet did not load")
                if v["scrollWidth"] > w:
                    failures.append(f"{page} at {width}px: the page scrolls sideways ({v['scrollWidth']}px > {w}px)")
                for t in v["tables"]:
                    if t["right"] > w + 0.5 or t["left"] < -0.5:
                        failures.append(f"{page} at {width}px: table {t['id']} spans {t['left']}..{t['right']}px")
                    if t["boxScroll"] > t["boxClient"]:
                        failures.append(f"{page} at {width}px: table {t['id']} needs sideways scrolling")
                if shots and (width == 390 or page in ("index.html", "r/M-2024-007.html")):
                    os.makedirs(shots, exist_ok=True)
                    shot = os.path.join(shots, "site-" + page.replace("/", "-").replace(".html", "") + f"-{width}.png")
                    run(chromium([f"--window-size={width},2400", f"--screenshot={shot}", "--virtual-time-budget=3000",
                                  "file://" + frame], tmp), tmp)
                os.remove(frame)
            print(f"{page}: fits 390px and 1280px")
        for f in failures:
            print("FAIL:", f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
