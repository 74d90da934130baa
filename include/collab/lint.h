#pragma once

#include "collab/config.h"
#include "collab/diagnostic.h"
#include "collab/yaml_tree.h"

#include <string>
#include <vector>

namespace collab {

/// What lint learns about a record for checks across files.
struct RecordInfo {
  std::string id;
  std::string kind;
  Position id_pos;
};

/// Lints one parsed record against the schema and rules of SPEC §3–4.
/// Findings carry their rules' default severities; see apply_severities.
std::vector<Diagnostic> lint_record(const SourceFile& src, const yml::Node* root, const Config& cfg,
                                    std::string_view file_stem, RecordInfo& info);

/// Applies the configured severities: drops findings of rules set to off.
void apply_severities(std::vector<Diagnostic>& diags, const Config& cfg);

/// One record's id and where it is, for duplicate-id.
struct IdSite {
  std::string id;
  std::string path;
  Position pos;
};

/// duplicate-id findings: one per record whose id another record also has.
std::vector<Diagnostic> check_duplicate_ids(const std::vector<IdSite>& sites);

} // namespace collab
