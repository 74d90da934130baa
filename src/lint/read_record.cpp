#include "collab/lint/read_record.h"

#include "collab/util/files.h"
#include "collab/util/text.h"
#include "collab/yaml/block_check.h"
#include "collab/yaml/flow_check.h"
#include "collab/yaml/fullwidth_check.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/source_check.h"
#include "collab/util/i18n.h"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace collab::lint {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

bool any_error(const std::vector<Diagnostic>& diags)
{
  return std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace

const Node* Record::root() const
{
  const Node* r = doc ? doc->root() : nullptr;
  return r && r->is_map() ? r : nullptr;
}

bool Record::has_errors() const { return any_error(findings); }

namespace {

/// Full-width colons and spaces where YAML needs ASCII ones, at the configured severities.
std::vector<Diagnostic> fullwidth_findings(const Workspace& ws, const SourceFile& src)
{
  // Where a line may be text, only a key of the schemas is taken for a mistyped key.
  std::vector<Diagnostic> found = check_fullwidth(src, is_field_name);
  apply_severities(found, ws.config);
  return found;
}

/// A record refused before it is read, with the one finding that says why.
Record refused(const Workspace& ws, std::string display_path, std::string_view rule, std::string message)
{
  Record r;
  r.path = std::move(display_path);
  r.unreadable = true;
  r.findings.push_back(Diagnostic{std::string(rule), Severity::Error, r.path, Position{1, 1}, std::move(message)});
  apply_severities(r.findings, ws.config);
  return r;
}

/// A file over the size cap is not read further: no record is that large.
Record too_large(const Workspace& ws, std::string display_path, size_t size)
{
  return refused(ws, std::move(display_path), "not-a-record",
                 trf("file is {} bytes; a record is at most 1 MiB ({} bytes), so this is not a record (move it out "
                     "of the records root or into a hidden folder)",
                     size, k_max_record_bytes));
}

/// A link (the file, or a folder on its way from the root) is never followed: it could lead
/// anywhere, and its target would be printed or written as if it were a record.
Record symlinked(const Workspace& ws, const fs::path& file, std::string display_path, const std::string& link)
{
  return refused(ws, std::move(display_path), "symlink", symlink_message(ws, file, link));
}

} // namespace

Record read_record(const Workspace& ws, const fs::path& file, const ReadOptions& options)
{
  return read_record(ws, file, ws.display(file), options);
}

Record read_record(const Workspace& ws, const fs::path& file, std::string display_path, const ReadOptions& options)
{
  if (const auto link = symlink_below(ws.root, file))
    return symlinked(ws, file, std::move(display_path), *link);
  size_t size = 0;
  // O_NOFOLLOW too: a link made between the check and the open is not followed either.
  std::string text = read_file_prefix(file, k_max_record_bytes + 1, size, false);
  if (size > k_max_record_bytes)
    return too_large(ws, std::move(display_path), size);
  return read_record_text(ws, std::move(display_path), std::move(text), file.stem().string(), options);
}

Record read_record_text(const Workspace& ws, std::string display_path, std::string text, std::string_view stem,
                        const ReadOptions& options)
{
  if (text.size() > k_max_record_bytes)
    return too_large(ws, std::move(display_path), text.size());
  Record r;
  r.path = std::move(display_path);
  auto src = std::make_shared<SourceFile>(r.path, std::move(text));
  r.src = src;
  bool parsed_ok = false; // the rules run on a parsed file only
  std::vector<Diagnostic> typed; // fullwidth-syntax: errors stop the read, as syntax errors do
  if (auto bad = check_source(*src)) {
    r.findings.push_back(*bad);
  } else if (typed = fullwidth_findings(ws, *src); any_error(typed)) {
    // Not parsed: the parser would report the line after the mistake, as something else.
  } else {
    ParseLimits limits;
    limits.positions = options.positions;
    ParsedYaml parsed = parse_yaml(*src, limits);
    if (!parsed.error && parsed.doc)
      parsed.error = check_flow_and_quotes(*src, parsed.doc->root());
    if (!parsed.error && parsed.doc)
      parsed.error = check_properties_and_blocks(*src, parsed.doc->root());
    if (parsed.error) {
      r.findings.push_back(*parsed.error);
    } else {
      r.findings = std::move(parsed.findings);
      r.doc = std::move(parsed.doc);
      parsed_ok = true;
    }
  }
  r.findings.insert(r.findings.end(), typed.begin(), typed.end());
  apply_severities(r.findings, ws.config);
  r.unreadable = !r.doc || any_error(r.findings);
  if (const Node* root = r.root())
    r.kind = find_kind(util::trim(root->text_of("kind")));
  if (options.rules && parsed_ok) {
    auto found = lint_record(*src, r.doc ? r.doc->root() : nullptr, ws.config, stem, r.info);
    apply_severities(found, ws.config);
    r.findings.insert(r.findings.end(), found.begin(), found.end());
  }
  sort_by_position(r.findings);
  return r;
}

} // namespace collab::lint
