#pragma once

// `show ID --format md|html|text` and `mail`: a record in its kind's template, with what only
// the repository knows (the minutes' version, the current status of the previous meeting's
// actions, the meetings that follow this one up).

#include "commands/options.h"

#include "collab/views/document.h"

#include <string>

namespace collab::commands {

/// The record `id` rendered in its kind's template (a meeting: the minutes).
std::string render_document(const GlobalOptions& g, const std::string& id, views::DocFormat f);

} // namespace collab::commands
