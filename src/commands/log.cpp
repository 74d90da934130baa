#include "commands/common.h"

#include "collab/error.h"
#include "collab/fsutil.h"
#include "collab/json.h"
#include "collab/record_diff.h"

#include <ctime>
#include <fmt/format.h>

namespace collab::cli {

namespace {

/// The record's file; a removed record is found in the kind folders' history.
fs::path path_with_history(const Workspace& ws, const Repo& repo, const std::string& id)
{
  if (auto p = find_record_file(ws, id))
    return *p;
  bool complete = false;
  for (const char* folder : {"meetings", "tasks", "issues", "requests"}) {
    const fs::path p = ws.root / folder / (id + ".yaml");
    if (!repo.history(p, 1, complete).empty())
      return p;
  }
  throw usage_error(fmt::format("no record `{}` below {}, now or in its history", id, ws.root.string()));
}

std::string when(const Revision& r)
{
  const std::time_t t = static_cast<std::time_t>(r.time + r.offset_minutes * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

} // namespace

int run_log(const GlobalOptions& g, const LogOptions& o)
{
  const auto ref = parse_ref(o.id);
  if (!ref)
    throw usage_error(fmt::format("`{}` is not a record id", o.id));
  const Workspace ws = load_workspace(g);
  auto repo = open_repo(ws);
  const fs::path path = path_with_history(ws, *repo, ref->id);
  bool complete = false;
  const auto revs = repo->history(path, o.all ? 0 : o.limit, complete);
  const std::string format = g.format.empty() ? "text" : g.format;
  if (format != "text" && format != "json")
    throw usage_error(fmt::format("unknown format `{}` for log; use text or json", format));
  std::string out = format == "json" ? "[" : "";
  for (size_t i = 0; i < revs.size(); ++i) {
    const Revision& r = revs[i];
    const std::string version = complete ? fmt::format("v{}", revs.size() - i) : "v?";
    if (format == "json")
      out += fmt::format("{}\n  {{\"version\": {}, \"commit\": \"{}\", \"date\": \"{}\", \"author\": {}, \"email\": {}, "
                         "\"message\": {}}}",
                         i ? "," : "", complete ? std::to_string(revs.size() - i) : "null", r.commit, when(r),
                         json_quote(r.author), json_quote(r.email), json_quote(first_line(r.message)));
    else
      out += fmt::format("{:<4} {}  {}  {}  {}\n", version, r.commit.substr(0, 7), when(r), r.author,
                         first_line(r.message));
  }
  if (format == "json")
    out += revs.empty() ? "]\n" : "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!complete && !g.quiet)
    fmt::print(stderr, "collab: showing the {} most recent revisions; `collab log --all {}` numbers them from v1\n",
               revs.size(), ref->id);
  if (revs.empty() && !g.quiet)
    fmt::print(stderr, "collab: {} has no committed revision yet\n", ref->id);
  return k_exit_ok;
}

int run_diff(const GlobalOptions& g, const DiffOptions& o)
{
  const auto ref = parse_ref(o.id);
  if (!ref)
    throw usage_error(fmt::format("`{}` is not a record id", o.id));
  const Workspace ws = load_workspace(g);
  auto repo = open_repo(ws);
  const fs::path path = path_with_history(ws, *repo, ref->id);
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
        throw usage_error(fmt::format("{} has {} revisions; there is no {}", ref->id, revs.size(), rev));
      return {repo->read_at(revs[revs.size() - n].commit, path), rev};
    }
    return {repo->read_at(rev, path), rev};
  };
  if (!o.rev.empty()) {
    std::tie(before, from_label) = by_version(o.rev);
    after = current;
    to_label = "working tree";
  } else {
    const auto head = repo->read_at("HEAD", path);
    if (head != current) {
      before = head;
      after = current;
      from_label = "HEAD";
      to_label = "working tree";
    } else {
      bool complete = false;
      const auto revs = repo->history(path, 2, complete);
      if (revs.empty())
        throw usage_error(fmt::format("{} has no committed revision", ref->id));
      after = repo->read_at(revs[0].commit, path);
      before = revs.size() > 1 ? repo->read_at(revs[1].commit, path) : std::nullopt;
      from_label = revs.size() > 1 ? revs[1].commit.substr(0, 7) : "nothing";
      to_label = revs[0].commit.substr(0, 7) + " " + first_line(revs[0].message);
    }
  }
  const SourceFile a("before", before.value_or("")), b("after", after.value_or(""));
  const ParsedYaml pa = parse_yaml(a), pb = parse_yaml(b);
  const auto changes = diff_records(pa.doc ? pa.doc->root() : nullptr, pb.doc ? pb.doc->root() : nullptr);
  std::string out = fmt::format("{}: {} → {}\n", ref->id, from_label, to_label);
  for (const auto& c : changes) {
    if (c.added)
      out += fmt::format("+ {}: {}\n", c.field, c.after);
    else if (c.removed)
      out += fmt::format("- {}: {}\n", c.field, c.before);
    else
      out += fmt::format("  {}: {} → {}\n", c.field, c.before, c.after);
  }
  if (changes.empty())
    out += "  (no field changed)\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace collab::cli
