#pragma once

// The one way every command reads a record file: the same size cap, source checks,
// parser limits and flow checks for lint, the views, show and the write commands, so a
// file gets the same verdict whichever command looks at it.

#include "collab/lint/rules.h"
#include "collab/model/kinds.h"
#include "collab/store/workspace.h"
#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace collab::lint {

/// How much of a record to check.
struct ReadOptions {
  bool rules = true;     ///< run the lint rules too (views need only the parse verdict)
  bool positions = true; ///< line:col of every node (views need none)
};

/// A record as read from its file: its tree and kind, or the findings that make it unreadable.
struct Record {
  std::string path;                            ///< as shown to the user
  std::shared_ptr<const yaml::SourceFile> src; ///< the text, for source lines and edits
  std::shared_ptr<const yaml::Document> doc;   ///< null when unreadable
  const model::Kind* kind = nullptr;           ///< null when `kind` is missing or unknown
  RecordInfo info;                             ///< id and kind, for checks across files
  std::vector<util::Diagnostic> findings;      ///< by position, configured severities applied
  bool unreadable = false; ///< an error before the rules: size, encoding, syntax, duplicate key

  /// The record's top-level mapping, or nullptr when it has none.
  const yaml::Node* root() const;
  /// True when a finding is an error.
  bool has_errors() const;
};

/// Reads and checks the record file `file` (at most 1 MiB is read; a larger file is
/// `not-a-record`). Throws Error(3) when the file cannot be read.
Record read_record(const store::Workspace& ws, const fs::path& file, const ReadOptions& options = {});

/// The same, naming the file `display_path` in findings (the views pass the path they
/// already have: working it out again costs more than parsing a small record).
Record read_record(const store::Workspace& ws, const fs::path& file, std::string display_path,
                   const ReadOptions& options);

/// Checks `text` as the record file shown as `display_path` whose name without `.yaml` is `stem`.
Record read_record_text(const store::Workspace& ws, std::string display_path, std::string text,
                        std::string_view stem, const ReadOptions& options = {});

} // namespace collab::lint
