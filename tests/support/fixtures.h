#pragma once

// The meeting record the write-path tests (integrity, crash, repository states) start from.

#include "process.h"

#include <map>
#include <string>

namespace test {

/// A meeting with one action, M-2024-007, as a person writes it.
extern const char* const k_meeting_007;

/// Where it lives below the records root.
extern const std::string k_meeting_007_path;

/// A fresh git repository in dir whose top is a records root (empty `.collab.yaml`) with
/// the meeting and `extra` files (path -> text) committed as one commit `base`; returns dir.
fs::path repo_with_meeting(const fs::path& dir, const std::map<std::string, std::string>& extra = {});

} // namespace test
