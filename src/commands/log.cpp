#include "commands/context.h"
#include "commands/history.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/files.h"
#include "collab/util/json.h"
#include "collab/util/i18n.h"

#include <ctime>
#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using util::i18n::trnf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

std::string when(const Revision& r)
{
  const std::time_t t = static_cast<std::time_t>(r.time + r.offset_minutes * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}


} // namespace

int run_log(const GlobalOptions& g, const LogOptions& o)
{
  const RecordHistory h = open_history(g, o.id);
  const Ref& ref = h.ref;
  bool complete = false;
  const auto revs = h.repo->history(h.path, o.all ? 0 : o.limit, complete);
  const bool json = g.format == Format::Json;
  std::string out = json ? "[" : "";
  for (size_t i = 0; i < revs.size(); ++i) {
    const Revision& r = revs[i];
    const std::string version = complete ? fmt::format("v{}", revs.size() - i) : "v?";
    if (json)
      out += fmt::format("{}\n  {{\"version\": {}, \"commit\": \"{}\", \"date\": \"{}\", \"author\": {}, \"email\": {}, "
                         "\"message\": {}}}",
                         i ? "," : "", complete ? std::to_string(revs.size() - i) : "null", r.commit, when(r),
                         json_quote(r.author), json_quote(r.email), json_quote(first_line(r.message)));
    else
      out += fmt::format("{:<4} {}  {}  {}  {}\n", version, r.commit.substr(0, 7), when(r), r.author,
                         first_line(r.message));
  }
  if (json)
    out += revs.empty() ? "]\n" : "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!complete && !g.quiet)
    fmt::print(stderr, "collab: {}\n",
               trnf("showing the {} most recent revision; `collab log --all {}` numbers them from v1",
                    "showing the {} most recent revisions; `collab log --all {}` numbers them from v1", revs.size(),
                    ref.id));
  if (revs.empty() && !g.quiet)
    fmt::print(stderr, "collab: {}\n", trf("{} has no committed revision yet", ref.id));
  return k_exit_ok;
}

} // namespace collab::commands
