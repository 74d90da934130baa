#pragma once

#include "collab/model/config.h"
#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <string>
#include <vector>

namespace collab::lint {

/// What lint learns about a record for checks across files.
struct RecordInfo {
  std::string id;
  std::string kind;
  util::Position id_pos;
};

/// Lints one parsed record against its kind's schema and the lint rules.
/// Findings carry their rules' default severities; see apply_severities.
std::vector<util::Diagnostic> lint_record(const yaml::SourceFile& src, const yaml::Node* root, const model::Config& cfg,
                                    std::string_view file_stem, RecordInfo& info);

/// Applies the configured severities: drops findings of rules set to off.
void apply_severities(std::vector<util::Diagnostic>& diags, const model::Config& cfg);

/// One record's id and where it is, for duplicate-id.
struct IdSite {
  std::string id;
  std::string path;
  util::Position pos;
};

/// duplicate-id findings: one per record whose id another record also has.
std::vector<util::Diagnostic> check_duplicate_ids(const std::vector<IdSite>& sites);

} // namespace collab::lint
