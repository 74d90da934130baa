#include "commands/context.h"
#include "commands/values.h"
#include "commands/view_runner.h"

#include "collab/lint/read_record.h"
#include "collab/model/confirmations.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/parallel.h"
#include "collab/util/terminal.h"
#include "collab/util/text.h"
#include "collab/views/unconfirmed.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trnf;

namespace {

/// The department of an attendee: its own `dept` in the record, else the registry's.
std::string attendee_dept(const yaml::Node& root, const Config& cfg, const std::string& name)
{
  if (const yaml::Node* attendees = root.get("attendees"); attendees && attendees->is_seq())
    for (const yaml::Node* a : attendees->items)
      if (a->is_map() && util::trim(a->text_of("name")) == name && !util::trim(a->text_of("dept")).empty())
        return std::string(util::trim(a->text_of("dept")));
  const Person* p = cfg.find_person(name);
  return p ? p->dept : std::string();
}

/// True when the record has the tag.
bool has_tag(const yaml::Node& root, std::string_view tag)
{
  const yaml::Node* tags = root.get("tags");
  if (!tags || !tags->is_seq())
    return false;
  return std::any_of(tags->items.begin(), tags->items.end(),
                     [&](const yaml::Node* t) { return t->is_scalar() && util::trim(t->value) == tag; });
}

} // namespace

int run_unconfirmed(const GlobalOptions& g, const UnconfirmedOptions& o)
{
  const bool tty = is_terminal(STDOUT_FILENO);
  const Format format = g.format != Format::Default ? g.format : tty ? Format::Table : Format::Tsv;
  const Workspace ws = load_workspace(g); // first: the messages below speak the root's language
  const Date now = today(g);
  std::optional<Date> before, after;
  if (!o.before.empty())
    before = require(read_friendly_date(o.before, now), "--before");
  if (!o.after.empty())
    after = require(read_friendly_date(o.after, now), "--after");
  const std::string grep = util::ascii_lower(o.grep);
  const Config& cfg = ws.config;

  // Read in parallel (the views' item cache holds no attendees): one slot per file.
  const auto files = scan_record_files(ws.root);
  std::vector<std::optional<UnconfirmedRow>> found(files.size());
  std::vector<char> bad(files.size(), 0);
  util::parallel_for(files.size(), [&](size_t i) {
    const RecordFile& f = files[i];
    const lint::Record rec = lint::read_record(ws, ws.root / f.rel, f.rel, lint::ReadOptions{false, false});
    if (rec.unreadable || !rec.root()) {
      bad[i] = 1;
      return;
    }
    if (!rec.kind || rec.kind->name != "meeting")
      return;
    const yaml::Node& root = *rec.root();
    const auto date = parse_iso_date(util::trim(root.text_of("date")));
    if (!date || !confirmation_due(*date, now))
      return;
    if ((before && !(*date < *before)) || (after && !(*after < *date)) || (!o.tag.empty() && !has_tag(root, o.tag)))
      return;
    const ConfirmationState state = confirmation_state(root, cfg);
    if (state.missing.empty())
      return;
    if (!o.owner.empty() && std::none_of(state.missing.begin(), state.missing.end(), [&](const std::string& m) {
          return person_key(cfg, m) == person_key(cfg, o.owner);
        }))
      return;
    if (!o.dept.empty() && std::none_of(state.missing.begin(), state.missing.end(), [&](const std::string& m) {
          return attendee_dept(root, cfg, m) == util::trim(o.dept);
        }))
      return;
    UnconfirmedRow row;
    row.id = util::trim(root.text_of("id"));
    row.title = util::trim(root.text_of("title"));
    row.date = date->str();
    row.path = f.rel;
    row.days = now.days() - date->days();
    row.attendees = state.attendees.size();
    row.confirmed = state.attendees.size() - state.missing.size();
    row.missing = state.missing;
    if (!grep.empty() &&
        util::ascii_lower(fmt::format("{} {} {}", row.id, row.title, fmt::join(row.missing, " "))).find(grep) ==
          std::string::npos)
      return;
    found[i] = std::move(row);
  });
  std::vector<UnconfirmedRow> rows;
  for (auto& r : found)
    if (r)
      rows.push_back(std::move(*r));
  const size_t unreadable = static_cast<size_t>(std::count(bad.begin(), bad.end(), 1));
  // Longest waiting first: who to chase.
  std::stable_sort(rows.begin(), rows.end(), [](const UnconfirmedRow& a, const UnconfirmedRow& b) {
    return a.days != b.days ? a.days > b.days : a.id < b.id;
  });
  warn_unreadable(g, unreadable);

  std::string out;
  const Table table = unconfirmed_table(rows);
  if (format == Format::Json)
    out = unconfirmed_json(rows);
  else if (format == Format::Tsv)
    out = render_tsv(table);
  else if (format == Format::Csv || format == Format::CsvPlain)
    out = render_csv(table, format == Format::Csv ? CsvDialect::Excel : CsvDialect::Plain);
  else if (format == Format::Md)
    out = render_md(table);
  else
    out = render_table(table, output_width(g), use_color(g.color, STDOUT_FILENO));
  std::fwrite(out.data(), 1, out.size(), stdout);
  return o.fail && !rows.empty() ? k_exit_findings : k_exit_ok;
}

} // namespace collab::commands
