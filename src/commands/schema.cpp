#include "commands/context.h"
#include "commands/options.h"
#include "commands/record_edit.h"

#include "collab/model/json_schema.h"
#include "collab/model/kinds.h"
#include "collab/store/schema_files.h"
#include "collab/store/transaction.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace collab::commands {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;
using namespace collab::model;
using namespace collab::store;

namespace {

/// The records root's configuration when g's directory is in one (its `required` keys and
/// unknown-field severity shape the schema, as they shape lint), else the defaults.
Config schema_config(const GlobalOptions& g)
{
  if (!find_root(working_dir(g.dir)))
    return Config{};
  return load_workspace(g).config;
}

/// --write: the schema files of the root, committed when they changed.
int write_schemas(const GlobalOptions& g)
{
  const Workspace ws = load_workspace(g);
  std::vector<FileChange> changes;
  std::error_code ec;
  for (auto& [path, text] : schema_files(ws.root, ws.config))
    if (!fs::exists(path, ec) || read_file(path) != text)
      changes.push_back(FileChange{path, std::move(text)});
  const std::string dir = ws.display(ws.root / k_schema_dir);
  if (changes.empty()) {
    if (!g.quiet)
      fmt::print("{}\n", trf("The schemas in {} are up to date; nothing changed", dir));
    return k_exit_ok;
  }
  fs::create_directories(ws.root / k_schema_dir, ec);
  if (ec)
    throw repo_error(trf("cannot create {}: {}", dir, ec.message()));
  WriteSession session(ws);
  const std::string commit =
    write_and_commit(session.repo(), changes, "schema: editor schemas (JSON Schema) under .collab/schema\n",
                     session.author());
  if (!g.quiet)
    fmt::print("{} [{}]\n",
               trnf("Wrote {0} schema file to {1}", "Wrote {0} schema files to {1}", changes.size(), dir),
               commit.substr(0, 7));
  return k_exit_ok;
}

} // namespace

int run_schema(const GlobalOptions& g, const SchemaOptions& o)
{
  const Kind* kind = o.kind.empty() ? nullptr : &require_kind(o.kind);
  if (o.write) {
    if (kind)
      throw usage_error(tr("--write writes the schema of every kind; give no KIND with it"));
    return write_schemas(g);
  }
  const Config cfg = schema_config(g);
  fmt::print("{}", kind ? kind_json_schema(*kind, cfg) : record_json_schema(cfg));
  return k_exit_ok;
}

} // namespace collab::commands
