#include "collab/model/vocabulary.h"

#include "collab/model/kinds.h"
#include "collab/util/text.h"

#include <algorithm>

namespace collab::model {

std::string_view status_word(Status s, std::string_view kind, Vocabulary v)
{
  if (v == Vocabulary::English)
    return status_name(s);
  const Kind* k = find_kind(kind);
  return (k ? k->zh_statuses : k_zh_status_words)[static_cast<size_t>(s)];
}

namespace {

/// Which way the status of mapping `m` leans: +1 Chinese, -1 English, 0 none or not a status.
int lean_of(const yaml::Node& m)
{
  const std::string_view word = util::trim(m.text_of("status"));
  if (word.empty() || !parse_status(word))
    return 0;
  return std::any_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) ? 1
                                                                                                           : -1;
}

} // namespace

Vocabulary vocabulary_of(const yaml::Node& root, Vocabulary fallback)
{
  if (!root.is_map())
    return fallback;
  int lean = lean_of(root);
  // Items are in the lists of mappings (actions, subtasks, solutions).
  for (const auto& [key, value] : root.entries)
    if (value && value->is_seq())
      for (const auto* item : value->items)
        if (item && item->is_map())
          lean += lean_of(*item);
  return lean > 0 ? Vocabulary::Chinese : lean < 0 ? Vocabulary::English : fallback;
}

} // namespace collab::model
