#pragma once

#include <string>

namespace collab::store {

/// Who a commit is by.
struct Identity {
  std::string name;
  std::string email;
};

/// The author as git picks it: GIT_AUTHOR_NAME/EMAIL, then `configured` (user.name and
/// user.email of git config, empty when unset), then EMAIL for the email.
/// Throws Error(3) with git's advice when the name or the email stays unknown.
Identity resolve_author(const Identity& configured);

/// The committer: GIT_COMMITTER_NAME/EMAIL where set, else the author's.
Identity resolve_committer(const Identity& author);

} // namespace collab::store
