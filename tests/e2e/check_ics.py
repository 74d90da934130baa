#!/usr/bin/python3
"""Checks `collab export ics` output against the records, with python3-icalendar as the parser.

usage: check_ics.py CALENDAR.ics ITEMS.json RECORDS_DIR AS_OF

ITEMS.json is what `collab list --format json` printed for the same day (the open items);
RECORDS_DIR is the records root, whose meeting records are read with PyYAML. Every VTODO
must be one of the items and every item must have one; every VEVENT must be one meeting or
one meeting's next_meeting, and each of them must have one. Also checks the raw text: CRLF
line ends, at most 75 octets a line, each line valid UTF-8 on its own (no character split by
the folding). Prints `OK <todos> <events>` or fails with an assertion.
"""

import datetime
import json
import os
import sys
import urllib.parse

import icalendar
import yaml


def uid(ref, suffix=""):
    return urllib.parse.quote(ref, safe="-._~") + suffix + "@collab"


def main():
    ics_path, items_path, root, as_of = sys.argv[1:5]
    raw = open(ics_path, "rb").read()
    assert raw.endswith(b"\r\n"), "the calendar must end with CRLF"
    for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        assert b"\n" not in line and b"\r" not in line, f"line {n}: a bare LF or CR"
        assert len(line) <= 75, f"line {n}: {len(line)} octets"
        line.decode("utf-8")  # raises when the folding split a character

    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//collab//")
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(as_of), datetime.time(0, 0), datetime.timezone.utc)

    todos = {str(c["UID"]): c for c in cal.walk("VTODO")}
    events = {str(c["UID"]): c for c in cal.walk("VEVENT")}
    assert len(todos) == len(cal.walk("VTODO")), "a UID twice among the VTODOs"
    assert len(events) == len(cal.walk("VEVENT")), "a UID twice among the VEVENTs"

    status = {"todo": "NEEDS-ACTION", "doing": "IN-PROCESS", "delayed": "IN-PROCESS", "done": "COMPLETED",
              "cancelled": "CANCELLED"}
    items = json.load(open(items_path, encoding="utf-8"))
    for it in items:
        t = todos.pop(uid(it["ref"]), None)
        assert t is not None, f"no VTODO for {it['ref']}"
        assert str(t["SUMMARY"]) == f"{it['ref']} {it['title']}", (t["SUMMARY"], it)
        assert t["DTSTAMP"].dt == stamp, t["DTSTAMP"].dt
        if it["deadline"]:
            due = t["DUE"].dt
            assert type(due) is datetime.date, f"{it['ref']}: DUE is a DATE, not {type(due)}"
            assert due.isoformat() == it["deadline"], (due, it["deadline"])
        assert str(t["STATUS"]) == status[it["status"]], (t["STATUS"], it["status"])
        desc = str(t["DESCRIPTION"])
        assert it["owner"] in desc, (desc, it["owner"])
        if it["deliverable"]:
            assert it["deliverable"] in desc, (desc, it["deliverable"])
    assert not todos, f"VTODOs of no item: {sorted(todos)}"

    meetings = 0
    for folder, _, files in os.walk(root):
        if "/." in folder or folder.endswith("/bad") or "/bad/" in folder:
            continue
        for name in files:
            if not name.endswith(".yaml") or name.startswith("."):
                continue
            rec = yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8"))
            if not isinstance(rec, dict) or rec.get("kind") != "meeting":
                continue
            meetings += 1
            e = events.pop(uid(rec["id"]), None)
            assert e is not None, f"no VEVENT for {rec['id']}"
            assert str(e["SUMMARY"]) == f"{rec['id']} {rec['title']}"
            day = rec["date"] if isinstance(rec["date"], datetime.date) else datetime.date.fromisoformat(rec["date"])
            time = str(rec.get("time", ""))
            if "-" in time:
                start, end = (datetime.time.fromisoformat(t) for t in time.split("-"))
                assert e["DTSTART"].dt == datetime.datetime.combine(day, start), (e["DTSTART"].dt, time)
                assert e["DTSTART"].dt.tzinfo is None, "a floating time: the records carry no time zone"
                assert e["DTEND"].dt == datetime.datetime.combine(day, end), (e["DTEND"].dt, time)
            else:
                assert e["DTSTART"].dt == day and type(e["DTSTART"].dt) is datetime.date
            if rec.get("location"):
                assert str(e["LOCATION"]) == rec["location"], (e["LOCATION"], rec["location"])
            if rec.get("next_meeting"):
                n = events.pop(uid(rec["id"], "-next"), None)
                assert n is not None, f"no VEVENT for the next meeting of {rec['id']}"
                when = datetime.datetime.strptime(str(rec["next_meeting"]), "%Y-%m-%d %H:%M")
                assert n["DTSTART"].dt == when, (n["DTSTART"].dt, when)
                assert rec["title"] in str(n["SUMMARY"]) and rec["id"] in str(n["SUMMARY"])
                meetings += 1
    assert not events, f"VEVENTs of no meeting: {sorted(events)}"
    print("OK", len(items), meetings)


if __name__ == "__main__":
    main()
