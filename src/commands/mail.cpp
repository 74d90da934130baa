#include "commands/context.h"
#include "commands/document.h"
#include "commands/record_edit.h"

#include "collab/model/confirmations.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/mime.h"
#include "collab/util/text.h"

#include <algorithm>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace collab::commands {

using namespace collab::util;
using namespace collab::model;
using namespace collab::store;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

namespace {

/// The addresses of a mail, and the names no address was found for.
struct Recipients {
  std::vector<MailAddress> to, cc;
  std::vector<std::string> unknown;
  std::vector<std::string> invalid; ///< `name` whose `email:` is no address

  /// Adds a person by name through the registry (aliases too); records who has no address.
  void add(const Config& cfg, std::string_view name, std::vector<MailAddress>& list)
  {
    const Person* person = cfg.find_person(name);
    const std::string key(person ? std::string_view(person->name) : util::trim(name));
    if (!person || util::trim(person->email).empty()) {
      if (std::find(unknown.begin(), unknown.end(), key) == unknown.end())
        unknown.push_back(key);
      return;
    }
    const std::string email(util::trim(person->email));
    if (!util::is_mail_address(email)) { // never let a line break or a second address into a header
      if (std::find(invalid.begin(), invalid.end(), key) == invalid.end())
        invalid.push_back(key);
      return;
    }
    const auto same = [&](const MailAddress& a) { return a.email == email; };
    // One address once: an attendee also in cc stays in To only.
    if (std::none_of(to.begin(), to.end(), same) && std::none_of(cc.begin(), cc.end(), same))
      list.push_back({key, email});
  }
};

/// The names of a list field (a string, or a mapping's `name`), trimmed, the empty ones left out.
std::vector<std::string> names_in(const yaml::Node* list)
{
  std::vector<std::string> out;
  if (!list || !list->is_seq())
    return out;
  for (const yaml::Node* n : list->items) {
    const std::string_view name =
      util::trim(n->is_map() ? n->text_of("name") : n->is_scalar() ? std::string_view(n->value) : std::string_view());
    if (!name.empty())
      out.emplace_back(name);
  }
  return out;
}

} // namespace

int run_mail(const GlobalOptions& g, const MailOptions& o)
{
  const Ref ref = require_ref(o.id, true, tr("mail sends a meeting's minutes"));
  const Workspace ws = load_workspace(g);
  const LoadedRecord rec = load_record(ws, ref.id);
  if (!rec.kind || rec.kind->name != "meeting")
    throw usage_error(trf("{} is not a meeting; mail sends the minutes of a meeting", ref.id));
  const Config& cfg = ws.config;
  const yaml::Node& root = rec.root();

  Recipients r;
  for (const std::string& a : names_in(root.get("attendees")))
    r.add(cfg, a, r.to);
  // A department in cc is its people (the registry's `dept`).
  for (const std::string& c : names_in(root.get("cc"))) {
    const std::vector<std::string> members = cfg.is_department(c) ? cfg.people_of(c) : std::vector<std::string>{};
    if (members.empty())
      r.add(cfg, c, r.cc);
    for (const std::string& m : members)
      r.add(cfg, m, r.cc);
  }

  const Identity me = open_repo(ws)->identity();
  if (!util::is_mail_address(me.email))
    throw repo_error(trf("the git identity's email `{}` is no mail address for From:; set one with `git config "
                         "user.email NAME@DOMAIN`",
                         me.email));
  MailMessage m;
  m.from = {person_for(cfg, me.name, me.email), me.email};
  m.to = r.to;
  m.cc = r.cc;
  const std::string title(util::trim(root.text_of("title")));
  const std::string date(util::trim(root.text_of("date")));
  m.subject = trf("Minutes: {} ({})", title, date);
  m.date = rfc5322_date(std::time(nullptr));
  const size_t at = me.email.rfind('@');
  m.message_id = make_message_id(at == std::string::npos ? std::string_view() : std::string_view(me.email).substr(at + 1));
  auto parts = render_documents(g, ref.id, {views::DocFormat::Text, views::DocFormat::Html});
  m.text = std::move(parts[0]);
  m.html = std::move(parts[1]);
  const std::string eml = to_eml(m);

  if (o.output.empty() || o.output == "-") {
    std::fwrite(eml.data(), 1, eml.size(), stdout);
  } else {
    std::FILE* f = std::fopen(o.output.c_str(), "wb");
    if (!f)
      throw repo_error(trf("cannot write {}: {}", o.output, std::strerror(errno)));
    const bool ok = std::fwrite(eml.data(), 1, eml.size(), f) == eml.size();
    if (std::fclose(f) != 0 || !ok)
      throw repo_error(trf("cannot write {}: {}", o.output, std::strerror(errno)));
  }
  if (!r.unknown.empty())
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trnf("no address for {1} in the `people` registry (add `email:`); left out of the mail",
                    "no address for {1} in the `people` registry (add `email:`); left out of the mail",
                    r.unknown.size(), fmt::join(r.unknown, ", ")));
  if (!r.invalid.empty())
    fmt::print(stderr, "collab: {}: {}\n", tr("warning"),
               trf("the `email:` of {} in the `people` registry is no address (write NAME@DOMAIN, without a name, "
                   "spaces or line breaks); left out of the mail",
                   fmt::join(r.invalid, ", ")));
  if (!o.output.empty() && o.output != "-" && !g.quiet)
    fmt::print("{}\n", trf("wrote {}: {} to, {} cc; open it in a mail client to send it", o.output, m.to.size(),
                           m.cc.size()));
  return k_exit_ok;
}

} // namespace collab::commands
