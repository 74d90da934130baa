#include "collab/store/record_files.h"

#include "collab/model/id_format.h"
#include "collab/model/kinds.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/i18n.h"


namespace collab::store {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::model;

std::optional<fs::path> find_record_file(const Workspace& ws, std::string_view id)
{
  std::error_code ec;
  for (const auto& kind : kinds())
    for (const char* ext : {".yaml", ".yml"}) {
      const fs::path p = ws.root / kind.folder / (std::string(id) + ext);
      if (fs::is_regular_file(p, ec))
        return p;
    }
  // Records may live anywhere below the root; ids equal file names.
  for (const auto& p : list_record_files(ws.root))
    if (p.stem() == id)
      return p;
  return std::nullopt;
}

std::string next_id(const Workspace& ws, std::string_view kind, const Date& date, std::string_view dept,
                    const std::vector<fs::path>& removed)
{
  std::string fmt_str = ws.config.id_format_for(kind);
  // An id is a file name and is printed everywhere: no line breaks, escapes or folders in it.
  if (util::find_control(dept, false) != std::string_view::npos || dept.find('/') != std::string_view::npos ||
      dept.find('\\') != std::string_view::npos)
    throw usage_error(trf("the department `{}` cannot be part of an id: it holds a control character, `/` "
                          "or `\\`; give --dept without them",
                          util::escape_controls(dept, false)));
  std::string d(dept);
  // "市场部" gives "2024-市场-001", as the guides number tasks.
  if (d.size() > 3 && d.compare(d.size() - 3, 3, "部") == 0)
    d.resize(d.size() - 3);
  for (auto& c : d)
    if (c == ' ' || c == '/' || c == '\\')
      c = '-';
  const auto replace = [](std::string s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
    return s;
  };
  fmt_str = replace(fmt_str, "{year}", std::to_string(date.year));
  if (fmt_str.find("{dept}") != std::string::npos) {
    if (d.empty())
      throw usage_error(trf("the id format of {} needs a department: give --dept", kind));
    fmt_str = replace(fmt_str, "{dept}", d);
  }
  const size_t at = fmt_str.find("{seq}");
  const std::string prefix = fmt_str.substr(0, at), suffix = fmt_str.substr(at + 5);
  // Ids are unique across the root, so every record file counts, wherever it lives.
  std::vector<std::string> names;
  for (const auto& p : list_record_files(ws.root))
    names.push_back(p.stem().string());
  for (const auto& p : removed)
    names.push_back(p.stem().string());
  return format_seq(prefix, highest_seq(names, prefix, suffix) + 1, suffix);
}

} // namespace collab::store
