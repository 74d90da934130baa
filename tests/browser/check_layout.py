#!/usr/bin/python3
"""The guides' worked example (618活动协同推进会) entered with `collab new meeting`, completed,
confirmed by two of its three attendees, rendered with `show --format html` and laid out by
headless Chromium at phone (375px) and desktop (1280px) widths: no table may overflow the
viewport and every action's deliverable must be visible (issue 12, "Done means").

The page measures itself: a script appended to the rendered file writes its verdict into the
DOM, which `chromium --dump-dom` prints. Exit 77 (skipped) without /usr/bin/chromium.

usage: check_layout.py COLLAB_BIN [SCREENSHOT_DIR]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"
LONG_DELIVERABLE = ("按品类的备货清单(含SKU编码、备货数量、库位)与大促发货预案："
                    "订单48小时内发货，爆品单独分拣线，每日17:00前同步发货进度到协同群，"
                    "https://wiki.example.com/warehouse/618/shipping-plan-v2-final-approved")

RECORD = """id: {id}
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
time: "14:00-16:00"
mode: online
location: 腾讯会议
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, {{name: 周八, dept: 仓储部, title: 主管}}]
agenda:
  - topic: 活动页面开发排期
    points:
      - {{dept: 技术部, text: 5月15日前完成前端开发，5月18日测试上线}}
    decisions: [市场部5月12日前提交设计稿]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    dept: 市场部
    deadline: 2024-05-12
    deliverable: 最终版设计稿(含移动端适配)
    status: done
    completed: 2024-05-11
    evidence: 设计稿链接已发群
  - action: 完成活动页面前端开发
    owner: 孙七
    dept: 技术部
    deadline: 2024-05-15
    deliverable: 可测试的活动页面(测试环境地址)
  - action: 完成618备货并提交发货预案
    owner: 周八
    dept: 仓储部
    deadline: 2024-06-05
    deliverable: "{long}"
"""

# Headless Chromium will not make a window narrower than 500px, so the minutes are laid out in
# an iframe of the width under test (its own viewport: media queries and innerWidth are the
# iframe's). The srcdoc frame has the page's origin, so the page measures the frame after it
# loaded and writes its verdict into itself.
FRAME = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="minutes" style="border:0;width:{width}px;height:{height}px" srcdoc="{srcdoc}"></iframe>
<script>
document.getElementById('minutes').addEventListener('load', function () {{
  var win = this.contentWindow, doc = this.contentDocument, W = win.innerWidth;
  var out = {{width: W, scrollWidth: doc.documentElement.scrollWidth, tables: [], deliverables: []}};
  doc.querySelectorAll('table').forEach(function (t) {{
    var r = t.getBoundingClientRect(), box = t.parentElement;
    out.tables.push({{left: r.left, right: r.right, boxScroll: box.scrollWidth, boxClient: box.clientWidth}});
  }});
  doc.querySelectorAll('td.deliverable').forEach(function (td) {{
    var r = td.getBoundingClientRect();
    out.deliverables.push({{text: td.textContent, left: r.left, right: r.right, width: r.width, height: r.height,
                            scrollWidth: td.scrollWidth, clientWidth: td.clientWidth}});
  }});
  var pre = document.createElement('pre');
  pre.id = 'verdict';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script></body></html>
"""


def attr(text):
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


def run(argv, cwd, **kw):
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(argv)} exited {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout


def chromium(args, tmp):
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile"] + args


def main():
    if not os.path.exists(CHROMIUM):
        print(f"SKIP: {CHROMIUM} is absent (apt-get install chromium; .ci/setup installs it)")
        return 77
    collab = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp(prefix="collab-browser-")
    try:
        env = dict(os.environ, GIT_AUTHOR_NAME="孙七", GIT_AUTHOR_EMAIL="sun@example.com",
                   GIT_COMMITTER_NAME="孙七", GIT_COMMITTER_EMAIL="sun@example.com", LANG="C.UTF-8")
        repo = os.path.join(tmp, "records")
        os.makedirs(repo)
        run(["git", "init", "-q"], repo, env=env)
        with open(os.path.join(repo, ".collab.yaml"), "w") as f:
            f.write("lang: zh\n")
        run(["git", "add", "-A"], repo, env=env)
        run(["git", "commit", "-q", "-m", "init"], repo, env=env)
        # The recorder enters the meeting, then completes the minutes and commits them.
        run([collab, "new", "meeting", "--title", "618活动协同推进会", "--date", "2024-05-10", "--host", "赵六",
             "--recorder", "孙七", "--attendees", "赵六,孙七,周八"], repo, env=env)
        files = os.listdir(os.path.join(repo, "meetings"))
        assert len(files) == 1, files
        mid = files[0][:-len(".yaml")]
        with open(os.path.join(repo, "meetings", files[0]), "w") as f:
            f.write(RECORD.format(id=mid, long=LONG_DELIVERABLE))
        run([collab, "commit", "-m", "minutes"], repo, env=env)
        # Two of the three attendees confirm: the recorder as the git identity, the host by name.
        run([collab, "confirm", mid, "--date", "2024-05-11", "--as", "孙七"], repo, env=env)
        run([collab, "confirm", mid, "--date", "2024-05-11", "--as", "赵六"], repo, env=env)
        log = run(["git", "log", "--format=%s"], repo, env=env).splitlines()
        assert len(log) == 5 and log[0].startswith("confirm " + mid), log
        html = run([collab, "show", mid, "--format", "html", "--as-of", "2024-05-13"], repo, env=env)
        assert html.count('<td class="deliverable"') == 3, "three actions, three deliverables"
        tail = html[html.rindex("确认情况"):]
        assert tail.count("V1.1") == 2 and "周八" in tail, "two confirmations of V1.1, 周八 still missing"
        failures = []
        for width in (375, 1280):
            page = os.path.join(tmp, f"frame-{width}.html")
            with open(page, "w") as f:
                f.write(FRAME.format(width=width, height=2400, srcdoc=attr(html)))
            dom = run(chromium([f"--window-size={max(width, 500) + 20},900", "--virtual-time-budget=3000",
                                "--dump-dom", "file://" + page], tmp), tmp)
            m = re.search(r'<pre id="verdict"[^>]*>(.*?)</pre>', dom, re.S)
            if not m:
                failures.append(f"{width}px: the page wrote no verdict")
                continue
            v = json.loads(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                           .replace("&quot;", '"'))
            w = v["width"]
            if abs(w - width) > 20:
                failures.append(f"{width}px: the viewport is {w}px wide, not the window's width")
            if v["scrollWidth"] > w:
                failures.append(f"{width}px: the page scrolls sideways ({v['scrollWidth']}px > {w}px)")
            for i, t in enumerate(v["tables"]):
                if t["right"] > w + 0.5 or t["left"] < -0.5:
                    failures.append(f"{width}px: table {i + 1} spans {t['left']}..{t['right']}px, beyond {w}px")
                if t["boxScroll"] > t["boxClient"]:
                    failures.append(f"{width}px: table {i + 1} needs sideways scrolling inside its box")
            if len(v["deliverables"]) != 3:
                failures.append(f"{width}px: {len(v['deliverables'])} deliverables laid out, not 3")
            for d in v["deliverables"]:
                name = d["text"][:20]
                if d["width"] <= 0 or d["height"] <= 0:
                    failures.append(f"{width}px: deliverable {name}… is not laid out")
                if d["left"] < -0.5 or d["right"] > w + 0.5:
                    failures.append(f"{width}px: deliverable {name}… lies outside the viewport")
                if d["scrollWidth"] > d["clientWidth"]:
                    failures.append(f"{width}px: deliverable {name}… is cut ({d['scrollWidth']} > {d['clientWidth']})")
            if LONG_DELIVERABLE not in [d["text"] for d in v["deliverables"]]:
                failures.append(f"{width}px: the long deliverable is not shown whole")
            print(f"{width}px: viewport {w}px, page {v['scrollWidth']}px, {len(v['tables'])} tables, "
                  f"deliverables {[round(d['width']) for d in v['deliverables']]}px wide")
            if shots:
                os.makedirs(shots, exist_ok=True)
                shot = os.path.join(shots, f"minutes-{width}.png")
                run(chromium([f"--window-size={width},2400", f"--screenshot={shot}", "--virtual-time-budget=3000",
                              "file://" + page], tmp), tmp)
                print(f"  screenshot: {shot}")
        for f in failures:
            print("FAIL:", f)
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
