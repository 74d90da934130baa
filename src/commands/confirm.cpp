#include "commands/context.h"
#include "commands/minutes_version.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/model/confirmations.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/text.h"
#include "collab/yaml/emit.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

/// The attendees as a message lists them.
std::string listed(const std::vector<std::string>& names)
{
  return fmt::format("{}", fmt::join(names, ", "));
}

/// `text` with the `confirmed` entry `index` set to `date` and `version` (a new confirmation of
/// newer minutes replaces the person's older one: one entry per attendee).
std::string update_entry(const std::string& text, const std::string& path, size_t index, const std::string& date,
                         const std::string& version)
{
  std::string t = text;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"date", date}, {"version", version}}) {
    const SourceFile src(path, t);
    const ParsedYaml parsed = parse_yaml(src);
    if (parsed.error || !parsed.doc || !parsed.doc->root())
      throw usage_error(tr("the edit produced invalid YAML; nothing was written"));
    const Node* list = parsed.doc->root()->get("confirmed");
    t = set_field(t, *list->items.at(index), key, value);
  }
  return t;
}

} // namespace

int run_confirm(const GlobalOptions& g, const ConfirmOptions& o)
{
  const Ref ref = require_ref(o.id, true, tr("confirm takes a meeting's id"));
  const Workspace ws = load_workspace(g);
  WriteSession session(ws); // before reading: see WriteSession
  const LoadedRecord rec = load_record(ws, ref.id);
  if (!rec.kind || rec.kind->name != "meeting")
    throw usage_error(trf("{} is not a meeting; only the minutes of a meeting are confirmed", ref.id));
  const Date now = today(g);
  const Date date = o.date.empty() ? now : require(read_friendly_date(o.date, now), "--date");
  if (now < date)
    throw usage_error(trf("--date {} is in the future (today is {}); confirm on the day you do", date.str(), now.str()));
  const auto held = parse_iso_date(util::trim(rec.root().text_of("date")));
  if (held && date < *held)
    throw usage_error(trf("--date {} is before the meeting ({}); the minutes are confirmed after it", date.str(),
                          held->str()));

  const ConfirmationState state = confirmation_state(rec.root(), ws.config);
  const Identity& me = session.author();
  const std::string who = o.as.empty() ? person_for(ws.config, me.name, me.email) : std::string(util::trim(o.as));
  if (who.empty())
    throw usage_error(tr("--as needs a name"));
  const auto attendee = attendee_named(state, ws.config, who);
  if (!attendee) {
    const std::string msg =
      state.attendees.empty()
        ? trf("{} has no `attendees`; add them (`collab edit {}`) before the minutes are confirmed", ref.id, ref.id)
        : trf("{} did not attend {}, and only attendees confirm its minutes; its attendees are {}", who, ref.id,
              listed(state.attendees));
    throw usage_error(msg, o.as.empty() ? trf("(you are {} <{}> to git; to confirm for an attendee: `collab confirm "
                                              "{} --as NAME`)\n",
                                              me.name, me.email, ref.id)
                                        : std::string());
  }

  // What is confirmed is what was sent: the committed minutes, whose version the history tells.
  const MinutesVersion version = minutes_version(g, ref.id, rec.text);
  if (!version.committed)
    throw repo_error(trf("the minutes of {} have changes not committed (they would be {}); commit them first "
                         "(`collab commit`) and send them, then confirm what was sent",
                         ref.id, version.str()));
  const std::string v = version.str();
  std::string text;
  if (const Confirmation* c = confirmation_of(state, ws.config, who)) {
    if (c->version == v) {
      if (!g.quiet)
        fmt::print(stderr, "collab: {}\n",
                   trf("{} already confirmed {} {} on {}; nothing to commit", *attendee, ref.id, v, c->date));
      return k_exit_ok;
    }
    try {
      text = update_entry(rec.text, rec.src->path(), c->index, date.str(), v);
    } catch (const EditError& e) {
      throw usage_error(trf("cannot change {} in place ({}); use `collab edit {}`", ref.id, e.what(), ref.id));
    }
  } else {
    try {
      text = append_styled_entry(rec.text, rec.root(), "confirmed",
                                 {{"name", emit_scalar(*attendee)}, {"date", date.str()}, {"version", v}});
    } catch (const EditError& e) {
      throw usage_error(trf("cannot change {} in place ({}); use `collab edit {}`", ref.id, e.what(), ref.id));
    }
  }
  // The warning about who is still missing is this command's own summary below.
  const lint::Record checked = require_valid(ws, rec.path, text, ref.id,
                                             trf("the change would leave {} invalid; nothing was written",
                                                 rec.src->path()),
                                             Warnings{false, &rec.text});
  const std::string title(util::trim(rec.root().text_of("title")));
  commit_change(g, ws, session, {FileChange{rec.path, text}},
                title.empty() ? fmt::format("confirm {} {}\n", ref.id, v)
                              : fmt::format("confirm {} {}: {}\n", ref.id, v, title));
  if (!g.quiet && checked.root()) {
    const ConfirmationState after = confirmation_state(*checked.root(), ws.config);
    if (after.missing.empty())
      fmt::print("{}\n", trf("every attendee has confirmed {}", ref.id));
    else
      fmt::print("{}\n", trf("still to confirm {}: {}", ref.id, listed(after.missing)));
  }
  return k_exit_ok;
}

} // namespace collab::commands
