#include "commands/values.h"

#include "collab/yaml/emit.h"

#include <vector>

namespace collab::commands {

using namespace collab::util;
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

std::pair<std::string, std::string> split_assignment(const std::string& s)
{
  const auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw usage_error(fmt::format("`{}` is not key=value", s));
  return {s.substr(0, eq), s.substr(eq + 1)};
}

} // namespace collab::commands
