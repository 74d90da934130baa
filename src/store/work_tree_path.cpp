#include "work_tree_path.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::trf;

namespace fs = std::filesystem;

std::string work_tree_path(const fs::path& path, const fs::path& top)
{
  return fs::absolute(path).lexically_normal().lexically_relative(top).generic_string();
}

std::string path_inside_work_tree(const fs::path& path, const fs::path& top)
{
  const fs::path r = fs::absolute(path).lexically_normal().lexically_relative(top);
  if (r.empty() || *r.begin() == "..")
    throw repo_error(trf("{} is outside the git work tree {}", path.string(), top.string()));
  return r.generic_string();
}

} // namespace collab::store
