#include "collab/lint/lint_files.h"

#include "collab/yaml/flow_check.h"
#include "collab/util/files.h"
#include "collab/util/parallel.h"
#include "collab/yaml/source_check.h"
#include "collab/yaml/parse.h"

#include <algorithm>
#include <tuple>
#include <fmt/format.h>

namespace collab::lint {

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

void sort_by_position(std::vector<Diagnostic>& diags)
{
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.line, a.pos.column) < std::tie(b.pos.line, b.pos.column);
  });
}

FileResult lint_one(const Workspace& ws, const fs::path& p)
{
  size_t size = 0;
  std::string text = read_file_prefix(p, k_max_record_bytes + 1, size);
  if (size > k_max_record_bytes) {
    FileResult r;
    r.path = ws.display(p);
    r.diags.push_back(Diagnostic{"not-a-record", Severity::Error, r.path, Position{1, 1},
                                 fmt::format("file is {} bytes; a record is at most 1 MiB ({} bytes), so this is not "
                                             "a record (move it out of the records root or into a hidden folder)",
                                             size, k_max_record_bytes)});
    apply_severities(r.diags, ws.config);
    return r;
  }
  return lint_text(ws, ws.display(p), std::move(text), p.stem().string());
}

} // namespace

FileResult lint_text(const Workspace& ws, const std::string& display_path, std::string text, std::string_view stem)
{
  FileResult r;
  r.path = display_path;
  auto src = std::make_shared<SourceFile>(display_path, std::move(text));
  if (auto bad = check_source(*src)) {
    r.diags.push_back(*bad);
  } else {
    ParsedYaml parsed = parse_yaml(*src);
    if (!parsed.error && parsed.doc)
      parsed.error = check_flow_and_quotes(*src, parsed.doc->root());
    if (parsed.error) {
      r.diags.push_back(*parsed.error);
    } else {
      r.diags = std::move(parsed.findings);
      auto found = lint_record(*src, parsed.doc ? parsed.doc->root() : nullptr, ws.config, stem, r.info);
      r.diags.insert(r.diags.end(), found.begin(), found.end());
    }
  }
  apply_severities(r.diags, ws.config);
  sort_by_position(r.diags);
  if (!r.diags.empty())
    r.src = std::move(src);
  return r;
}

std::vector<FileResult> lint_files(const Workspace& ws, const std::vector<fs::path>& files)
{
  std::vector<FileResult> results(files.size());
  parallel_for(files.size(), [&](size_t i) { results[i] = lint_one(ws, files[i]); });

  std::vector<IdSite> sites;
  sites.reserve(results.size());
  for (const auto& r : results)
    sites.push_back(IdSite{r.info.id, r.path, r.info.id_pos});
  auto dups = check_duplicate_ids(sites);
  apply_severities(dups, ws.config);
  for (auto& d : dups) {
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
