#include "collab/lint/lint_files.h"

#include "collab/lint/read_record.h"
#include "collab/store/record_files.h"
#include "collab/util/files.h"
#include "collab/util/parallel.h"
#include "collab/yaml/source_check.h"

#include <map>

namespace collab::lint {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::store;

namespace {

/// The lint result of a record read with every rule; its text is kept for quoting findings.
FileResult result_of(Record&& rec)
{
  FileResult r;
  r.path = std::move(rec.path);
  r.info = std::move(rec.info);
  r.diags = std::move(rec.findings);
  if (!r.diags.empty())
    r.src = std::move(rec.src);
  return r;
}

} // namespace

FileResult lint_text(const Workspace& ws, const std::string& display_path, std::string text, std::string_view stem)
{
  return result_of(read_record_text(ws, display_path, std::move(text), stem));
}

std::vector<FileResult> lint_files(const Workspace& ws, const std::vector<fs::path>& files)
{
  std::vector<FileResult> results(files.size());
  parallel_for(files.size(), [&](size_t i) { results[i] = result_of(read_record(ws, files[i])); });

  std::vector<IdSite> sites;
  sites.reserve(results.size());
  for (const auto& r : results)
    sites.push_back(IdSite{r.info.id, r.path, r.info.id_pos});
  // Refs to other records: those linted here, else the record file of that id (a lint of a
  // few paths still knows the whole root).
  std::map<std::string, RefTarget> known;
  for (const auto& r : results)
    if (!r.info.id.empty())
      known.emplace(r.info.id, RefTarget{r.info.kind, r.info.items});
  const auto find = [&](const std::string& id) -> std::optional<RefTarget> {
    if (const auto it = known.find(id); it != known.end())
      return it->second;
    const auto file = find_record_file(ws, id);
    if (!file)
      return std::nullopt;
    const Record rec = read_record(ws, *file, ReadOptions{true, false});
    const RefTarget t{rec.info.kind, rec.info.items};
    known.emplace(id, t);
    return t;
  };
  auto across = check_duplicate_ids(sites);
  for (const auto& r : results)
    for (auto& d : check_refs(r.path, r.info, find))
      across.push_back(std::move(d));
  apply_severities(across, ws.config);
  for (auto& d : across) {
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].path != d.path)
        continue;
      if (!results[i].src) {
        size_t size = 0;
        results[i].src = std::make_shared<SourceFile>(results[i].path, read_file_prefix(files[i], k_max_record_bytes, size));
      }
      results[i].diags.push_back(d);
      sort_by_position(results[i].diags);
      break;
    }
  }
  return results;
}

Tally tally(const std::vector<FileResult>& results)
{
  Tally t;
  t.records = results.size();
  for (const auto& r : results)
    for (const auto& d : r.diags)
      (d.severity == Severity::Error ? t.errors : t.warnings)++;
  return t;
}

} // namespace collab::lint
