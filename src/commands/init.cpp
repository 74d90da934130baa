#include "commands/options.h"
#include "commands/setup_merge.h"
#include "collab/util/i18n.h"
#include "collab/util/terminal.h"

#include "collab/model/config.h"
#include "collab/model/kinds.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/store/repo.h"
#include "collab/store/schema_files.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace fs = std::filesystem;

int run_init(const GlobalOptions& g, const InitOptions& o)
{
  fs::path dir = working_dir(g.dir);
  if (!o.dir.empty())
    dir = fs::path(o.dir).is_absolute() ? fs::path(o.dir) : dir / o.dir;
  dir = fs::absolute(dir).lexically_normal();
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw usage_error(trf("{} exists and is not a directory", dir.string()));
  if (fs::exists(dir / k_config_name, ec)) {
    if (!g.quiet)
      fmt::print(stderr, "collab: {}\n",
                 trf("{} is already a records root ({} exists); nothing changed", dir.string(), k_config_name));
    return k_exit_ok;
  }

  // Find out who commits before writing anything.
  auto repo = fs::exists(dir, ec) ? Repo::discover(dir) : nullptr;
  if (!repo) {
    // A parent may hold the work tree even when dir does not exist yet.
    for (fs::path p = dir.parent_path(); !repo && !p.empty(); p = p.parent_path()) {
      if (fs::exists(p, ec)) {
        repo = Repo::discover(p);
        break;
      }
      if (p == p.parent_path())
        break;
    }
  }
  const Identity who = repo ? repo->identity() : Repo::default_identity();
  const bool created_repo = !repo;
  const bool created_dir = !fs::exists(dir, ec);
  if (!repo)
    repo = Repo::init(dir);
  fs::create_directories(dir, ec);
  if (ec)
    throw repo_error(trf("cannot create {}: {}", dir.string(), ec.message()));

  std::vector<fs::path> written;
  std::vector<std::pair<fs::path, std::string>> restore; // files that existed: their old text
  try {
    // `lang` as the environment asks (a Chinese locale writes `lang: zh`); comments in it too.
    const std::string lang = util::i18n::language_from_environment();
    util::i18n::set_language(lang);
    write_file_atomic(dir / k_config_name, config_template(lang));
    written.push_back(dir / k_config_name);
    for (const auto& kind : kinds()) {
      const std::string_view folder = kind.folder;
      fs::create_directories(dir / folder);
      // git keeps no empty folders; a .gitkeep makes the layout part of the commit.
      write_file_atomic(dir / folder / ".gitkeep", "");
      written.push_back(dir / folder / ".gitkeep");
    }
    // The editor schemas, in a hidden folder (never read as records); new records point at them.
    fs::create_directories(dir / k_schema_dir);
    for (const auto& [path, text] : schema_files(dir, Config{})) {
      write_file_atomic(path, text);
      written.push_back(path);
    }
    // The git merge driver: records changed in two clones merge field by field (`setup-merge`).
    const fs::path attributes = dir / ".gitattributes";
    const std::string old_attributes = fs::exists(attributes, ec) ? read_file(attributes) : std::string();
    if (const std::string wanted = gitattributes_with_driver(old_attributes); wanted != old_attributes) {
      if (!old_attributes.empty())
        restore.emplace_back(attributes, old_attributes);
      write_file_atomic(attributes, wanted);
      written.push_back(attributes);
    }
    configure_merge_driver(*repo);
    if (!repo->commit_paths(written, "init: collab records root\n", who).empty())
      repo->run_post_commit_hook({});
  } catch (...) {
    // Leave things as they were: remove what this command created.
    for (const auto& p : written)
      fs::remove(p, ec);
    for (const auto& [p, text] : restore)
      write_file_atomic(p, text);
    for (const auto& kind : kinds())
      fs::remove(dir / kind.folder, ec); // only when empty
    fs::remove(dir / k_schema_dir, ec);
    fs::remove((dir / k_schema_dir).parent_path(), ec);
    if (created_repo)
      fs::remove_all(dir / ".git", ec);
    if (created_dir)
      fs::remove(dir, ec);
    throw;
  }
  if (!g.quiet)
    fmt::print("{}\n", created_repo ? trf("Initialized collab records root in {} (new git repository)", dir.string())
                                     : trf("Initialized collab records root in {}", dir.string()));
  return k_exit_ok;
}

} // namespace collab::commands
