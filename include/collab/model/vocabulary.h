#pragma once

// Which words a status is written and read in (SPEC §2): the canonical English names, or the
// Chinese register of the kind (a request's 待沟通/沟通中/已关闭, an issue's 已闭环). A write
// keeps the vocabulary the record already uses.

#include "collab/model/status.h"
#include "collab/yaml/tree.h"

#include <string_view>

namespace collab::model {

/// English (todo, doing, ...) or Chinese (未开始, 进行中, ...) statuses.
enum class Vocabulary { English, Chinese };

/// How `s` reads for a record or item of `kind` (task, subtask, action, solution, request,
/// issue): the canonical name, or the kind's Chinese register (kinds()' zh_statuses; an item
/// that is not a record kind uses the actions' words).
std::string_view status_word(Status s, std::string_view kind, Vocabulary v);

/// The vocabulary of the statuses written in a record (its own and its items'): Chinese when
/// more of them are Chinese than English, English when fewer; `fallback` when as many (none).
Vocabulary vocabulary_of(const yaml::Node& root, Vocabulary fallback);

} // namespace collab::model
