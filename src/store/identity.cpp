#include "collab/store/identity.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <cstdlib>

namespace collab::store {

using namespace collab::util;
using util::i18n::tr;

namespace {

/// The variable's value; "" when unset (git treats an empty one as unset too).
std::string env(const char* name)
{
  const char* v = std::getenv(name);
  return v ? v : "";
}

} // namespace

Identity resolve_author(const Identity& configured)
{
  Identity id{env("GIT_AUTHOR_NAME"), env("GIT_AUTHOR_EMAIL")};
  if (id.name.empty())
    id.name = configured.name;
  if (id.email.empty())
    id.email = configured.email;
  if (id.email.empty())
    id.email = env("EMAIL");
  if (id.name.empty() || id.email.empty())
    throw repo_error(tr("author identity unknown; tell git who you are:\n\n"
                        "  git config --global user.name \"Your Name\"\n"
                        "  git config --global user.email \"you@example.com\"\n\n"
                        "or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL; nothing was written"));
  return id;
}

Identity resolve_committer(const Identity& author)
{
  Identity id{env("GIT_COMMITTER_NAME"), env("GIT_COMMITTER_EMAIL")};
  if (id.name.empty())
    id.name = author.name;
  if (id.email.empty())
    id.email = author.email;
  return id;
}

} // namespace collab::store
