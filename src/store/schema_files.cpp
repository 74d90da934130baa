#include "collab/store/schema_files.h"

#include "collab/model/json_schema.h"
#include "collab/model/kinds.h"

#include <fmt/format.h>

namespace collab::store {

namespace fs = std::filesystem;

std::vector<std::pair<fs::path, std::string>> schema_files(const fs::path& root, const model::Config& cfg)
{
  std::vector<std::pair<fs::path, std::string>> out;
  const fs::path dir = root / k_schema_dir;
  for (const auto& k : model::kinds())
    out.emplace_back(dir / fmt::format("{}.json", k.name), model::kind_json_schema(k, cfg));
  out.emplace_back(dir / "record.json", model::record_json_schema(cfg));
  return out;
}

std::string schema_modeline(const fs::path& root, const fs::path& record_file, std::string_view kind)
{
  const fs::path schema = (root / k_schema_dir / fmt::format("{}.json", kind)).lexically_normal();
  const fs::path rel = schema.lexically_relative(record_file.parent_path().lexically_normal());
  return fmt::format("{}{}\n", k_modeline_prefix, (rel.empty() ? schema : rel).generic_string());
}

std::optional<std::string> modeline_schema(std::string_view text)
{
  if (!text.starts_with(k_modeline_prefix))
    return std::nullopt;
  const std::string_view rest = text.substr(k_modeline_prefix.size());
  std::string_view path = rest.substr(0, rest.find('\n'));
  if (path.ends_with('\r'))
    path.remove_suffix(1);
  return std::string(path);
}

std::string retarget_modeline(std::string_view text, const fs::path& from_dir, const fs::path& to_dir)
{
  const auto path = modeline_schema(text);
  if (!path || path->empty() || fs::path(*path).is_absolute() || path->find("://") != std::string::npos)
    return std::string(text);
  const fs::path schema = (from_dir / *path).lexically_normal();
  fs::path rel = schema.lexically_relative(to_dir.lexically_normal());
  if (rel.empty())
    rel = schema;
  const size_t nl = text.find('\n');
  return fmt::format("{}{}{}", k_modeline_prefix, rel.generic_string(),
                     nl == std::string_view::npos ? std::string_view() : text.substr(nl));
}

} // namespace collab::store
