#pragma once

#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <memory>
#include <optional>

namespace collab::yaml {

/// Bounds on the work one file may cause.
struct ParseLimits {
  int max_depth = 64;                    ///< nesting of collections
  size_t max_expanded_nodes = 1'000'000; ///< nodes counted with every alias expanded
  bool positions = true;                 ///< compute line:col of every node (views need none)
};

/// The result of parsing one file: a document, or a `syntax` finding.
struct ParsedYaml {
  std::unique_ptr<yaml::Document> doc; ///< null when the file held no document or failed
  std::optional<util::Diagnostic> error;    ///< a fatal `syntax` finding
  std::vector<util::Diagnostic> findings;   ///< non-fatal findings (duplicate-key)
};

/// Parses the single YAML document in src, with positions for every node.
/// Several documents, excessive nesting and alias bombs are `syntax` findings.
/// Uses the fast parser for the plain subset records are written in, yaml-cpp for the rest.
ParsedYaml parse_yaml(const SourceFile& src, const ParseLimits& limits = {});

/// Always yaml-cpp: the reference the fast parser is tested against.
ParsedYaml parse_yaml_cpp(const SourceFile& src, const ParseLimits& limits = {});

} // namespace collab::yaml
