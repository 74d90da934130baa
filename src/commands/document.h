#pragma once

// `show ID --format md|html|text` and `mail`: a record in its kind's template, with what only
// the repository knows (the minutes' version, the current status of the previous meeting's
// actions, the meetings that follow this one up).

#include "commands/options.h"

#include "collab/store/workspace.h"
#include "collab/views/document.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace collab::commands {

/// The record `id` rendered in its kind's template (a meeting: the minutes).
std::string render_document(const GlobalOptions& g, const std::string& id, views::DocFormat f);

/// The same in each of `formats`, in that order; what the repository knows (the version from
/// history, the previous actions, the follow-ups) is gathered once for all of them.
std::vector<std::string> render_documents(const GlobalOptions& g, const std::string& id,
                                          std::initializer_list<views::DocFormat> formats);

/// What a record's document needs that only the repository knows, gathered by the caller.
struct DocContext {
  std::string version;           ///< a meeting's V1.n
  bool version_committed = true;
  std::vector<views::FollowUp> follow_ups;
};

/// A record already read (`root`, `kind`) in its kind's template, with what the caller gathered
/// (a meeting's previous actions are read here, as they stand now): render_documents without
/// opening the workspace or the history, for the site, which holds them for every record.
views::Doc record_document(const store::Workspace& ws, const std::string& id, const yaml::Node& root,
                           const model::Kind* kind, const model::Date& today, DocContext ctx);

} // namespace collab::commands
