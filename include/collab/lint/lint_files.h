#pragma once

#include "collab/lint/rules.h"
#include "collab/store/workspace.h"

#include <memory>
#include <vector>

namespace collab::lint {

/// The lint result of one file.
struct FileResult {
  std::string path; ///< as shown to the user
  RecordInfo info;
  std::vector<util::Diagnostic> diags;
  std::shared_ptr<const yaml::SourceFile> src; ///< kept only when there are findings (for source lines)
};

/// Reads, parses and lints files in parallel over the available cores, then checks
/// ids across them. Results keep the order of `files`. Throws Error(3) on an unreadable file.
std::vector<FileResult> lint_files(const store::Workspace& ws, const std::vector<fs::path>& files);

/// Lints one file's text as a record (no cross-file checks).
FileResult lint_text(const store::Workspace& ws, const std::string& display_path, std::string text, std::string_view stem);

/// Counts of findings by severity.
struct Tally {
  size_t errors = 0;
  size_t warnings = 0;
  size_t records = 0;
};
Tally tally(const std::vector<FileResult>& results);

} // namespace collab::lint
