#pragma once

// `show ID --format md|html|text` and `mail`: a record in its kind's template, with what only
// the repository knows (the minutes' version, the current status of the previous meeting's
// actions, the meetings that follow this one up).

#include "commands/options.h"

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

} // namespace collab::commands
