#include "commands/context.h"
#include "commands/history.h"
#include "commands/record_edit.h"
#include "commands/values.h"

#include "collab/lint/read_record.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/files.h"
#include "collab/model/date.h"
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

/// One side of a diff: the file's text (nullopt: absent) and how the first line names it.
struct Side {
  std::optional<std::string> text;
  std::string label;
};

/// The revision a REV names: `vN` (as log numbers them), a date (the revision current at the
/// end of that day, in each commit's own time zone) or a commit (any rev spec git knows).
Side revision_side(const RecordHistory& h, const std::string& rev)
{
  const auto& revs = h.revisions;
  const auto at = [&](const HistoryEntry& r, std::string label) {
    return Side{HistoryIndex::read_at(*h.repo, r.commit, r.path), std::move(label)};
  };
  if (rev.size() > 1 && rev[0] == 'v' && rev.find_first_not_of("0123456789", 1) == std::string::npos) {
    const size_t n = std::stoul(rev.substr(1));
    if (n < 1 || n > revs.size())
      throw usage_error(trf("{} has {} revisions; there is no {}", h.ref.id, revs.size(), rev));
    return at(revs[revs.size() - n], rev);
  }
  if (const auto date = parse_iso_date(rev)) {
    for (size_t i = 0; i < revs.size(); ++i)
      if (revision_time(revs[i]).substr(0, 10) <= date->str())
        return at(revs[i], fmt::format("{} (v{})", rev, revs.size() - i));
    throw usage_error(trf("{} has no revision on or before {}; its first is from {}", h.ref.id, rev,
                          revs.empty() ? "-" : revision_time(revs.back()).substr(0, 10)));
  }
  const auto commit = h.repo->resolve_commit(rev);
  if (!commit)
    throw usage_error(trf("unknown revision `{}`", rev));
  // The record's name at that commit: the newest name it had (renames are followed).
  std::optional<std::string> text = HistoryIndex::read_at(*h.repo, *commit, h.rel);
  for (size_t i = 0; !text && i < revs.size(); ++i)
    if (revs[i].path != h.rel)
      text = HistoryIndex::read_at(*h.repo, *commit, revs[i].path);
  return Side{std::move(text), rev};
}

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
  if (!o.rev.empty()) {
    std::tie(before, from_label) = [&] { auto s = revision_side(h, o.rev); return std::pair{s.text, s.label}; }();
    if (!o.rev2.empty()) {
      std::tie(after, to_label) = [&] { auto s = revision_side(h, o.rev2); return std::pair{s.text, s.label}; }();
    } else {
      after = current;
      to_label = tr("working tree");
    }
  } else {
    const auto head = repo->read_at("HEAD", path);
    if (head != current) {
      before = head;
      after = current;
      from_label = "HEAD";
      to_label = tr("working tree");
    } else {
      const auto& revs = h.revisions;
      if (revs.empty())
        throw usage_error(trf("{} has no committed revision", ref.id));
      after = HistoryIndex::read_at(*repo, revs[0].commit, revs[0].path);
      before = revs.size() > 1 ? HistoryIndex::read_at(*repo, revs[1].commit, revs[1].path) : std::nullopt;
      from_label = revs.size() > 1 ? revs[1].commit.hex().substr(0, 7) : tr("nothing");
      to_label = revs[0].commit.hex().substr(0, 7) + " " + revs[0].subject;
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
