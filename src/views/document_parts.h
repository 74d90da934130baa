#pragma once

// What the kinds' templates (src/views/document_*.cpp) share: values as text, statuses in the
// record's words, overdue at --as-of, and the blocks every template ends with.

#include "collab/model/vocabulary.h"
#include "collab/views/document.h"

#include <string>
#include <string_view>

namespace collab::views::parts {

/// A scalar as written; a list's entries one per line; a person mapping as `name (dept title)`.
std::string lines(const yaml::Node* n);
/// A scalar as written; a list's entries joined with the language's separator (、 or ", ").
std::string joined(const yaml::Node* n, bool zh);
/// A meeting or request mode in the document's language (`online` reads 线上 in Chinese, 线上
/// reads online in English); other words as written.
std::string mode_word(std::string_view mode, bool zh);
/// The language's list separator.
std::string_view separator(bool zh);
/// A person (a name, or a mapping with `name`) as a name.
std::string person_name(const yaml::Node* n);

/// An item's status as the document shows it.
struct ShownStatus {
  std::string text; ///< the word in the record's vocabulary, with "overdue N days" when late
  bool overdue = false;
};
/// The status of item `item` (an action, subtask, solution; the record itself for a task or
/// request) of kind `item_kind`, in vocabulary `v`, overdue on `today`. A missing status is todo.
ShownStatus item_status(const yaml::Node& item, std::string_view item_kind, model::Vocabulary v,
                        const model::Date& today);
/// A status word with how late the item is: "doing, overdue by 3 days".
std::string with_days_late(const std::string& status, long days_late);
/// The vocabulary statuses are shown in: Chinese with lang zh, else the record's own.
model::Vocabulary vocabulary(const DocInput& in);

/// Appends a section heading.
void heading(Doc& doc, std::string text, int level = 2);
/// Appends label/value fields (empty values are left out; nothing when all are empty).
void fields(Doc& doc, std::vector<std::pair<std::string, std::string>> entries);
/// Appends the fields every record may have: tags, links, created, notes.
void common_trailer(Doc& doc, const yaml::Node& root, bool zh);

} // namespace collab::views::parts
