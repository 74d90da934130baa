// `collab remind`: one digest per owner of their overdue and due-soon items (the guides'
// warning two days before a deadline), as Markdown or as one .eml per owner for cron.

#include "commands/context.h"
#include "commands/values.h"
#include "commands/view_runner.h"

#include "collab/model/confirmations.h"
#include "collab/model/departments.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/mime.h"
#include "collab/util/text.h"
#include "collab/views/document.h"
#include "collab/views/item_cache.h"
#include "collab/views/select.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <cctype>
#include <system_error>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace {

/// One owner's digest: their overdue items (most late first) and those due soon (by deadline).
struct Digest {
  std::string owner; ///< the registered name (aliases folded), else the name as written
  std::vector<ViewRow> overdue, due;
};

/// The digest's headline counts, one sentence.
std::string counts_line(const Digest& d, int within)
{
  return trf("{} overdue, {} due within {} days.", d.overdue.size(), d.due.size(), within);
}

/// The digest as Markdown: a heading with the owner and the day, the counts, a table per part.
std::string digest_md(const Digest& d, int within, const std::string& lang, const Date& now)
{
  // A name is the records' text: no control character reaches a terminal, no `*` or `_` a heading.
  const std::string owner = markdown_escape(util::escape_controls(d.owner, false));
  std::string out = fmt::format("# {}\n\n{}\n", trf("Reminder for {} ({})", owner, now.str()), counts_line(d, within));
  if (!d.overdue.empty())
    out += fmt::format("\n## {}\n\n{}", tr("Overdue"), render_md(items_table(d.overdue, View::Overdue, lang, now)));
  if (!d.due.empty())
    out += fmt::format("\n## {}\n\n{}", trf("Due within {} days", within),
                       render_md(items_table(d.due, View::Due, lang, now)));
  return out;
}

/// A table as plain HTML (the mail's HTML part; mail clients render tables, not Markdown).
std::string table_html(const Table& t)
{
  std::string out = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" style=\"border-collapse:collapse\">\n<tr>";
  for (const auto& c : t.columns)
    out += "<th align=\"left\">" + html_escape(c.header) + "</th>";
  out += "</tr>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const auto& cell : row)
      out += "<td>" + html_escape(cell) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

/// The digest as an HTML document, the same content as digest_md.
std::string digest_html(const Digest& d, int within, const std::string& lang, const Date& now)
{
  std::string out = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
  out += "<h1>" + html_escape(trf("Reminder for {} ({})", util::escape_controls(d.owner, false), now.str())) + "</h1>\n";
  out += "<p>" + html_escape(counts_line(d, within)) + "</p>\n";
  if (!d.overdue.empty())
    out += "<h2>" + html_escape(tr("Overdue")) + "</h2>\n" + table_html(items_table(d.overdue, View::Overdue, lang, now));
  if (!d.due.empty())
    out += "<h2>" + html_escape(trf("Due within {} days", within)) + "</h2>\n" +
           table_html(items_table(d.due, View::Due, lang, now));
  return out + "</body></html>\n";
}

/// A file name for an address: the address itself (unique per person, stable across runs),
/// every byte but letters, digits and `.@+-_` as `_`, so no name can climb out of DIR or
/// trouble a shell.
std::string eml_name(std::string_view email)
{
  std::string out;
  for (const char c : email)
    out += (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) ||
               std::string_view(".@+-_").find(c) != std::string_view::npos
             ? c
             : '_';
  if (out.empty() || out[0] == '.')
    out.insert(0, "_");
  return out + ".eml";
}

} // namespace

int run_remind(const GlobalOptions& g, const RemindOptions& o)
{
  const Workspace ws = load_workspace(g); // first: the messages below speak the root's language
  const Config& cfg = ws.config;
  const Date now = today(g);
  const int within = o.within.empty() ? cfg.due_soon_days : require(read_duration_days(o.within), "--within");

  const ItemLoad load = load_items(ws, item_cache_path(ws));
  warn_unreadable(g, load.unreadable); // a record that cannot be read could hide an overdue item
  const DeptResolver depts(cfg);
  ItemQuery q;
  q.dept = o.dept;
  q.within_days = within;
  const std::string only_owner = o.owner.empty() ? std::string() : std::string(person_key(cfg, o.owner));

  // Owners in name order (byte order: stable whatever the locale), each with both lists in
  // the views' own order.
  std::map<std::string, Digest> digests;
  const auto add = [&](const std::vector<ViewRow>& rows, bool overdue) {
    for (const ViewRow& r : rows) {
      std::string key(person_key(cfg, r.item->owner));
      if (key.empty())
        key = tr("(no owner)");
      if (!only_owner.empty() && key != only_owner)
        continue;
      Digest& d = digests[key];
      d.owner = key;
      (overdue ? d.overdue : d.due).push_back(r);
    }
  };
  add(select_items(load.items, q, View::Overdue, now, depts), true);
  add(select_items(load.items, q, View::Due, now, depts), false);
  const std::string& lang = cfg.lang;

  if (o.eml.empty()) {
    std::string out;
    for (const auto& [owner, d] : digests)
      out += (out.empty() ? "" : "\n") + digest_md(d, within, lang, now);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return o.fail && !digests.empty() ? k_exit_findings : k_exit_ok;
  }

  // One message per owner with an address; the sender is the git identity, as for `mail`.
  const Identity me = open_repo(ws)->identity();
  if (!util::is_mail_address(me.email))
    throw repo_error(trf("the git identity's email `{}` is no mail address for From:; set one with `git config "
                         "user.email NAME@DOMAIN`",
                         me.email));
  const fs::path dir = o.eml;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw repo_error(trf("cannot write to {}: {}", o.eml, ec ? ec.message() : tr("not a directory")));
  const size_t at = me.email.rfind('@');
  const std::string domain = me.email.substr(at + 1);
  std::vector<std::string> unknown, invalid;
  std::map<std::string, std::string> written; // file name -> owner: two people sharing one address share a file
  for (const auto& [owner, d] : digests) {
    const Person* person = cfg.find_person(owner);
    const std::string email(person ? util::trim(person->email) : std::string_view());
    if (email.empty()) {
      unknown.push_back(owner);
      continue;
    }
    if (!util::is_mail_address(email)) { // never let a line break or a second address into a header
      invalid.push_back(owner);
      continue;
    }
    MailMessage m;
    m.from = {person_for(cfg, me.name, me.email), me.email};
    m.to = {{owner, email}};
    m.subject = trf("Reminder: {} overdue, {} due within {} days ({})", d.overdue.size(), d.due.size(), within,
                    now.str());
    m.date = rfc5322_date(std::time(nullptr));
    m.message_id = make_message_id(domain);
    m.text = digest_md(d, within, lang, now);
    m.html = digest_html(d, within, lang, now);
    const std::string base = eml_name(email);
    std::string name = base;
    for (int n = 2; written.count(name); ++n) // never overwrite this run's own message
      name = base.substr(0, base.size() - 4) + "-" + std::to_string(n) + ".eml";
    written[name] = owner;
    util::write_file_atomic(dir / name, to_eml(m), false); // a half-written mail is never sent
  }
  for (auto* names : {&unknown, &invalid})
    for (std::string& name : *names)
      name = util::escape_controls(name, false);
  if (!unknown.empty())
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trnf("no address for {1} in the `people` registry (add `email:`); no reminder written for them",
                    "no address for {1} in the `people` registry (add `email:`); no reminder written for them",
                    unknown.size(), fmt::join(unknown, ", ")));
  if (!invalid.empty())
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trf("the `email:` of {} in the `people` registry is no address (write NAME@DOMAIN, without a name, "
                   "spaces or line breaks); no reminder written for them",
                   fmt::join(invalid, ", ")));
  if (!g.quiet)
    fmt::print("{}\n", trnf("wrote {} reminder to {}", "wrote {} reminders to {}", written.size(), o.eml));
  return o.fail && !digests.empty() ? k_exit_findings : k_exit_ok;
}

} // namespace collab::commands
