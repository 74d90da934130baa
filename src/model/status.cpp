#include "collab/model/status.h"

#include <fmt/format.h>

#include "collab/model/kinds.h"
#include "collab/util/text.h"
#include "collab/util/i18n.h"

#include <array>
#include <vector>

namespace collab::model {

using namespace collab::util;
using util::i18n::trf;

namespace {

struct Alias {
  std::string_view word;
  Status status;
};

constexpr std::array k_aliases = {
  Alias{"todo", Status::Todo},          Alias{"open", Status::Todo},
  Alias{"not-started", Status::Todo},   Alias{"未开始", Status::Todo},
  Alias{"待沟通", Status::Todo},        Alias{"doing", Status::Doing},
  Alias{"in-progress", Status::Doing},  Alias{"进行中", Status::Doing},
  Alias{"沟通中", Status::Doing},       Alias{"delayed", Status::Delayed},
  Alias{"延期", Status::Delayed},       Alias{"已延期", Status::Delayed},
  Alias{"done", Status::Done},          Alias{"completed", Status::Done},
  Alias{"resolved", Status::Done},      Alias{"已完成", Status::Done},
  Alias{"已闭环", Status::Done},        Alias{"cancelled", Status::Cancelled},
  Alias{"canceled", Status::Cancelled}, Alias{"dropped", Status::Cancelled},
  Alias{"已取消", Status::Cancelled},   Alias{"已关闭", Status::Cancelled},
};

} // namespace

std::string_view status_name(Status s)
{
  switch (s) {
  case Status::Todo: return "todo";
  case Status::Doing: return "doing";
  case Status::Delayed: return "delayed";
  case Status::Done: return "done";
  case Status::Cancelled: return "cancelled";
  }
  return "todo";
}

std::string_view status_name_zh(Status s) { return k_zh_status_words[static_cast<size_t>(s)]; }

std::optional<Status> parse_status(std::string_view text)
{
  const std::string key = util::ascii_lower(util::trim(text));
  for (const auto& a : k_aliases)
    if (a.word == key)
      return a.status;
  // "in progress", "not started" written with a space or underscore.
  std::string dashed = key;
  for (auto& c : dashed)
    if (c == ' ' || c == '_')
      c = '-';
  for (const auto& a : k_aliases)
    if (a.word == dashed)
      return a.status;
  return std::nullopt;
}

std::vector<std::string_view> status_words()
{
  std::vector<std::string_view> out;
  for (const auto& a : k_aliases)
    out.push_back(a.word);
  return out;
}

bool is_overdue_word(std::string_view text)
{
  const std::string key = util::ascii_lower(util::trim(text));
  return key == "overdue" || key == "逾期" || key == "已逾期" || key == "late";
}

std::string nearest_status(std::string_view text)
{
  std::vector<std::string_view> words;
  for (const auto& a : k_aliases)
    words.push_back(a.word);
  return std::string(util::nearest(util::ascii_lower(text), words));
}

util::Result<Status> read_status(std::string_view text)
{
  if (auto st = parse_status(text))
    return *st;
  // 逾期 is what people call a late item, but it is a view over the deadlines, not a status.
  if (is_overdue_word(text))
    return util::Failure{trf("`{}`: overdue is not a status but a view computed from the deadline: use `collab "
                             "overdue` (or `collab list --status delayed` for items delayed with a new deadline)",
                             text)};
  const std::string near = nearest_status(text);
  if (near.empty())
    return util::Failure{trf("`{}` is not a status; use todo, doing, delayed, done or cancelled", text)};
  return util::Failure{
    trf("`{}` is not a status; use todo, doing, delayed, done or cancelled (did you mean `{}`?)", text, near)};
}

} // namespace collab::model
