#pragma once

// The git merge driver's setup, shared by `collab setup-merge` and `collab init`: the lines of
// `.gitattributes` that send record files to it, and the config that tells git how to run it.

#include "collab/store/repo.h"

#include <string>
#include <string_view>

namespace collab::commands {

/// `current` (a `.gitattributes` text, "" when there is none) with `*.yaml merge=collab` and
/// `*.yml merge=collab` added where missing; every existing line kept. Unchanged when both are there.
std::string gitattributes_with_driver(std::string_view current);

/// How git runs the driver: `collab merge-driver %O %A %B %P`, naming the running binary by its
/// absolute path unless it is the `collab` found on PATH.
std::string merge_driver_command();

/// Sets merge.collab.name and merge.collab.driver in the repository's config; true when that
/// changed them.
bool configure_merge_driver(store::Repo& repo);

} // namespace collab::commands
