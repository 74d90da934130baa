#pragma once

#include "collab/model/config.h"
#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace collab::lint {

/// A ref a record holds that must name another record: a meeting's `follow_up` (a meeting)
/// or a `previous_actions` entry (a meeting's action).
struct RefSite {
  std::string ref;       ///< as written, already checked to be a well-formed ref
  std::string key;       ///< follow_up, previous_actions
  util::Position pos;
};

/// What lint learns about a record for checks across files.
struct RecordInfo {
  std::string id;
  std::string kind;
  util::Position id_pos;
  size_t items = 0;          ///< entries of its item list (a meeting's actions)
  std::vector<RefSite> refs; ///< refs to check against the other records
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

/// A record a ref names, as check_refs needs it.
struct RefTarget {
  std::string kind;
  size_t items = 0;
};

/// broken-ref findings for the refs of the record at `path`: `find(id)` gives the record of
/// an id, nullopt when there is none.
std::vector<util::Diagnostic> check_refs(const std::string& path, const RecordInfo& info,
                                         const std::function<std::optional<RefTarget>(const std::string&)>& find);

} // namespace collab::lint
