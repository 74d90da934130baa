#include "commands/values.h"

#include "collab/util/text.h"
#include "collab/yaml/emit.h"
#include "collab/util/i18n.h"

#include <algorithm>

#include <vector>

namespace collab::commands {

using namespace collab::util;
using util::i18n::trf;
using namespace collab::yaml;
using namespace collab::model;

std::string value_for(const Kind* kind, bool item, const std::string& key, const std::string& value,
                      const Date& today)
{
  const Schema* schema = !kind ? nullptr : item ? kind->item_schema() : kind->schema;
  const Field* field = schema ? schema->find(key) : nullptr;
  const FieldType type = field ? field->type : FieldType::Text;
  switch (type) {
  case FieldType::Date: return require(read_friendly_date(value, today), fmt::format("`{}=`:", key)).str();
  case FieldType::TextList:
  case FieldType::People:
  case FieldType::Attendees: {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= value.size()) {
      const size_t comma = value.find(',', start);
      std::string part = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      while (!part.empty() && part.front() == ' ')
        part.erase(0, 1);
      while (!part.empty() && part.back() == ' ')
        part.pop_back();
      if (!part.empty())
        items.push_back(part);
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    if (type == FieldType::People && items.size() == 1)
      return emit_scalar(items[0]);
    return emit_flow_list(items);
  }
  case FieldType::Progress:
    if (!value.empty() && value.size() <= 3 && value.find_first_not_of("0123456789") == std::string::npos)
      return value;
    return emit_scalar(value);
  default: return emit_scalar(value);
  }
}

bool is_field_name(std::string_view key)
{
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (key.empty() || !letter(key.front()))
    return false;
  return std::all_of(key.begin(), key.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-'; });
}

std::pair<std::string, std::string> split_assignment(const std::string& s)
{
  const auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw usage_error(trf("`{}` is not key=value", s));
  std::string key = s.substr(0, eq);
  // The key is written into the file as it is: `#` would make the line a comment, `:` or a
  // line break another key. Field names are identifiers.
  // `parent.key` names a key of a mapping field (raci.responsible): each part a name.
  bool names = true;
  for (size_t start = 0, dot = 0; names && dot != std::string::npos; start = dot + 1) {
    dot = key.find('.', start);
    names = is_field_name(std::string_view(key).substr(start, dot == std::string::npos ? dot : dot - start));
  }
  if (!names)
    throw usage_error(trf("`{}` is not a field name (letters, digits, `_` and `-`, starting with a letter "
                          "or `_`); see `man collab` for the fields of each kind",
                          util::escape_controls(key, false)));
  return {std::move(key), s.substr(eq + 1)};
}

} // namespace collab::commands
