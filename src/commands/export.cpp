// `collab export ics`: the open items as VTODOs and the meetings (and their next meetings) as
// VEVENTs of one RFC 5545 calendar, which calendar apps import or subscribe to.

#include "commands/context.h"
#include "commands/meeting_cache.h"
#include "commands/view_runner.h"

#include "collab/model/departments.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/ics.h"
#include "collab/util/text.h"
#include "collab/util/version.h"
#include "collab/views/item_cache.h"
#include "collab/views/select.h"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <optional>
#include <set>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// What a meeting record gives the calendar.
struct Meeting {
  std::string id, title, location, mode, host, time_text, next_meeting, follow_up;
  Date date;
  std::optional<std::pair<TimeOfDay, TimeOfDay>> span; ///< `time: "14:00-16:00"`
  std::optional<TimeOfDay> start;                      ///< `time: "14:00"`
};

/// A UID from an id or ref: stable across runs and clones, ASCII whatever the id (ids may be
/// Chinese: `2024-市场-001#2`): bytes other than letters, digits and `-._~` percent-encoded.
std::string uid_of(std::string_view ref, std::string_view suffix = "")
{
  std::string out;
  for (const char ch : ref) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x80 && std::isalnum(c)) || std::string_view("-._~").find(ch) != std::string_view::npos)
      out += ch;
    else
      out += fmt::format("%{:02X}", c);
  }
  return out + std::string(suffix) + "@collab";
}

/// A DATE value: 20240510.
std::string ics_date(const Date& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

/// A floating DATE-TIME value (records carry no time zone: the meeting is at that local time
/// wherever the calendar is): 20240510T140000.
std::string ics_datetime(const Date& d, TimeOfDay t)
{
  return fmt::format("{}T{:02}{:02}00", ics_date(d), t.minutes / 60, t.minutes % 60);
}

/// Appends one folded content line `name:value` (value already escaped where it is TEXT).
void line(std::string& out, std::string_view name, std::string_view value)
{
  thread_local std::string l; // one buffer for every line of the calendar
  l.assign(name);
  l += ':';
  l.append(value);
  ics_fold_append(out, l);
}

/// The words of the descriptions, looked up in the catalogue once rather than per item.
struct Labels {
  std::string deliverable = tr("Deliverable: {}");
  std::string owner = tr("Owner: {}");
  std::string owner_dept = tr("Owner: {} ({})");
};

/// `text` (a translation of a message with these placeholders) formatted; the English
/// `msgid` when a broken translation does not take them.
template <typename... Args>
std::string format_label(const std::string& text, const char* msgid, const Args&... args)
{
  try {
    return fmt::format(fmt::runtime(text), args...);
  } catch (const fmt::format_error&) {
    return fmt::format(fmt::runtime(msgid), args...);
  }
}

/// The VTODO STATUS of a collab status: todo waits (NEEDS-ACTION), doing and delayed are
/// under way (IN-PROCESS: delayed is still being worked on, to a new deadline), done
/// COMPLETED, cancelled CANCELLED.
std::string_view todo_status(Status s)
{
  switch (s) {
  case Status::Todo: return "NEEDS-ACTION";
  case Status::Doing:
  case Status::Delayed: return "IN-PROCESS";
  case Status::Done: return "COMPLETED";
  case Status::Cancelled: return "CANCELLED";
  }
  return "NEEDS-ACTION";
}

void add_todo(std::string& out, const ViewRow& r, const std::string& stamp, const Labels& labels)
{
  const Item& it = *r.item;
  const ItemDetails d = it.details();
  out += "BEGIN:VTODO\r\n";
  line(out, "UID", uid_of(it.ref));
  line(out, "DTSTAMP", stamp);
  line(out, "SUMMARY", ics_escape(fmt::format("{} {}", it.ref, util::trim(it.title))));
  if (const auto due = it.deadline_date())
    line(out, "DUE;VALUE=DATE", ics_date(*due));
  line(out, "STATUS", todo_status(it.status));
  if (it.status == Status::Done)
    if (const auto completed = parse_iso_date(util::trim(d.completed)))
      line(out, "COMPLETED", ics_date(*completed) + "T000000Z"); // COMPLETED is a UTC DATE-TIME
  if (const int progress = whole_progress(d.progress); progress >= 0)
    line(out, "PERCENT-COMPLETE", std::to_string(progress));
  std::string desc;
  if (const std::string_view deliverable = util::trim(d.deliverable); !deliverable.empty())
    desc += format_label(labels.deliverable, "Deliverable: {}", deliverable) + "\n";
  const std::string_view owner = util::trim(it.owner);
  desc += r.dept.empty() ? format_label(labels.owner, "Owner: {}", owner)
                         : format_label(labels.owner_dept, "Owner: {} ({})", owner, r.dept);
  line(out, "DESCRIPTION", ics_escape(desc));
  out += "END:VTODO\r\n";
}

void add_event(std::string& out, const Meeting& m, const std::string& stamp)
{
  out += "BEGIN:VEVENT\r\n";
  line(out, "UID", uid_of(m.id));
  line(out, "DTSTAMP", stamp);
  if (m.span) {
    line(out, "DTSTART", ics_datetime(m.date, m.span->first));
    if (m.span->first < m.span->second) // an end before the start (past midnight?) is left out, not invented
      line(out, "DTEND", ics_datetime(m.date, m.span->second));
  } else if (m.start) {
    line(out, "DTSTART", ics_datetime(m.date, *m.start));
  } else { // no time known: an all-day event on the meeting's day
    line(out, "DTSTART;VALUE=DATE", ics_date(m.date));
    line(out, "DTEND;VALUE=DATE", ics_date(m.date.plus_days(1)));
  }
  line(out, "SUMMARY", ics_escape(fmt::format("{} {}", m.id, m.title)));
  if (!m.location.empty())
    line(out, "LOCATION", ics_escape(m.location));
  std::string desc;
  if (!m.host.empty())
    desc += trf("Host: {}", m.host) + "\n";
  if (!m.mode.empty())
    desc += trf("Mode: {}", m.mode) + "\n";
  if (!m.span && !m.start && !m.time_text.empty())
    desc += trf("Time: {}", m.time_text) + "\n";
  if (!desc.empty()) {
    desc.pop_back();
    line(out, "DESCRIPTION", ics_escape(desc));
  }
  out += "END:VEVENT\r\n";
}

/// The event of a meeting's `next_meeting`, when it reads as a date (with a time or not).
void add_next_event(std::string& out, const Meeting& m, const std::string& stamp)
{
  const auto when = guess_datetime(m.next_meeting, m.date.year);
  if (!when)
    return; // "待定" and the like: nothing to put in a calendar
  out += "BEGIN:VEVENT\r\n";
  line(out, "UID", uid_of(m.id, "-next"));
  line(out, "DTSTAMP", stamp);
  if (when->second) {
    line(out, "DTSTART", ics_datetime(when->first, *when->second));
  } else {
    line(out, "DTSTART;VALUE=DATE", ics_date(when->first));
    line(out, "DTEND;VALUE=DATE", ics_date(when->first.plus_days(1)));
  }
  line(out, "SUMMARY", ics_escape(trf("{} next meeting: {}", m.id, m.title)));
  out += "END:VEVENT\r\n";
}

/// The meetings below the root with a valid date, by date and id.
std::vector<Meeting> read_meetings(const Workspace& ws, size_t& unreadable)
{
  std::vector<Meeting> meetings;
  for (MeetingFields& f : load_meetings(ws, unreadable)) {
    const auto date = parse_iso_date(f.date);
    if (!date)
      continue; // lint reports it; a calendar cannot place it
    Meeting m;
    m.id = std::move(f.id);
    m.title = std::move(f.title);
    m.location = std::move(f.location);
    m.mode = std::move(f.mode);
    m.host = std::move(f.host);
    m.time_text = std::move(f.time);
    m.next_meeting = std::move(f.next_meeting);
    m.follow_up = std::move(f.follow_up);
    m.date = *date;
    m.span = parse_time_range(m.time_text);
    if (!m.span)
      m.start = parse_time(m.time_text);
    meetings.push_back(std::move(m));
  }
  std::stable_sort(meetings.begin(), meetings.end(), [](const Meeting& a, const Meeting& b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
  });
  return meetings;
}

} // namespace

int run_export(const GlobalOptions& g, const ExportOptions& o)
{
  const Workspace ws = load_workspace(g); // first: the messages below speak the root's language
  if (o.what != "ics")
    throw usage_error(trf("export `{}`: use ics (an RFC 5545 calendar)", o.what));
  const Date now = today(g);
  // DTSTAMP says when the calendar was made; midnight UTC of today (or --as-of) rather than
  // the clock, so that two runs on one day give the same file (a subscribed or committed
  // calendar changes only when the records do).
  const std::string stamp = ics_date(now) + "T000000Z";

  const ItemLoad load = load_items(ws, item_cache_path(ws));
  size_t unreadable = 0;
  const std::vector<Meeting> meetings = read_meetings(ws, unreadable);
  warn_unreadable(g, std::max(load.unreadable, unreadable));
  ItemQuery q;
  q.all = o.all;
  q.within_days = ws.config.due_soon_days;
  const auto rows = select_items(load.items, q, View::List, now, DeptResolver(ws.config));

  std::string out;
  out.reserve(rows.size() * 400 + meetings.size() * 600 + 256);
  out += "BEGIN:VCALENDAR\r\n";
  line(out, "VERSION", "2.0");
  line(out, "PRODID", fmt::format("-//collab//collab {}//EN", util::k_version));
  line(out, "CALSCALE", "GREGORIAN");
  line(out, "METHOD", "PUBLISH");
  const Labels labels;
  for (const ViewRow& r : rows)
    add_todo(out, r, stamp, labels);
  // A meeting some other meeting follows up has taken place: its `next_meeting` is that one's event.
  std::set<std::string, std::less<>> followed;
  for (const Meeting& m : meetings)
    if (!m.follow_up.empty())
      followed.insert(m.follow_up);
  for (const Meeting& m : meetings) {
    add_event(out, m, stamp);
    if (!m.next_meeting.empty() && !followed.count(m.id))
      add_next_event(out, m, stamp);
  }
  out += "END:VCALENDAR\r\n";

  if (o.output.empty() || o.output == "-") {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
  }
  // Replaced whole: a calendar app polling the file never reads half of it (Error(3) when it cannot).
  util::write_file_atomic(o.output, out, false);
  return k_exit_ok;
}

} // namespace collab::commands
