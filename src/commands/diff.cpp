#include "commands/context.h"
#include "commands/history.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/lint/read_record.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/files.h"
#include "collab/model/record_diff.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {


} // namespace

int run_diff(const GlobalOptions& g, const DiffOptions& o)
{
  const RecordHistory h = open_history(g, o.id);
  const Ref& ref = h.ref;
  const auto& repo = h.repo;
  const fs::path& path = h.path;
  std::error_code ec;
  const std::optional<std::string> current =
    fs::exists(path, ec) ? std::optional(read_file(path)) : std::nullopt;

  std::optional<std::string> before, after;
  std::string from_label, to_label;
  const auto by_version = [&](const std::string& rev) -> std::pair<std::optional<std::string>, std::string> {
    if (rev.size() > 1 && rev[0] == 'v' && rev.find_first_not_of("0123456789", 1) == std::string::npos) {
      bool complete = false;
      const auto revs = repo->history(path, 0, complete);
      const size_t n = std::stoul(rev.substr(1));
      if (n < 1 || n > revs.size())
        throw usage_error(trf("{} has {} revisions; there is no {}", ref.id, revs.size(), rev));
      return {repo->read_at(revs[revs.size() - n].commit, path), rev};
    }
    return {repo->read_at(rev, path), rev};
  };
  if (!o.rev.empty()) {
    std::tie(before, from_label) = by_version(o.rev);
    after = current;
    to_label = tr("working tree");
  } else {
    const auto head = repo->read_at("HEAD", path);
    if (head != current) {
      before = head;
      after = current;
      from_label = "HEAD";
      to_label = tr("working tree");
    } else {
      bool complete = false;
      const auto revs = repo->history(path, 2, complete);
      if (revs.empty())
        throw usage_error(trf("{} has no committed revision", ref.id));
      after = repo->read_at(revs[0].commit, path);
      before = revs.size() > 1 ? repo->read_at(revs[1].commit, path) : std::nullopt;
      from_label = revs.size() > 1 ? revs[1].commit.substr(0, 7) : tr("nothing");
      to_label = revs[0].commit.substr(0, 7) + " " + std::string(first_line(revs[0].message));
    }
  }
  const lint::ReadOptions no_rules{false, false};
  const lint::Record a = lint::read_record_text(h.ws, "before", before.value_or(""), ref.id, no_rules);
  const lint::Record b = lint::read_record_text(h.ws, "after", after.value_or(""), ref.id, no_rules);
  const auto changes = diff_records(a.root(), b.root());
  std::string out = fmt::format("{}: {} → {}\n", ref.id, from_label, to_label);
  out += format_changes(changes);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::commands
