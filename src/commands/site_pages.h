#pragma once

// The HTML of the site's pages: one layout (a nav bar, the shared style sheet), tables that
// read as cards on a phone, and links that are relative (file://, GitHub and GitLab Pages).

#include "collab/model/date.h"
#include "collab/store/history_index.h"
#include "collab/views/select.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace collab::commands {

/// Where the site's pages are, relative to DIR.
struct SiteLinks {
  std::unordered_map<std::string, std::string> record_page; ///< record file (root-relative) -> "r/NAME.html"
  /// "owner/NAME.html" of an owner.
  static std::string owner_page(std::string_view owner);
  /// "dept/NAME.html" of a department.
  static std::string dept_page(std::string_view dept);
};

/// The shared style sheet (style.css): the documents' own, and the site's nav and summaries.
std::string site_css();

/// A whole page in `lang` (en, zh): the nav bar, then `body`. `prefix` leads from the page to
/// DIR ("" or "../").
std::string site_page(const std::string& lang, std::string_view title, std::string_view prefix, std::string_view body);

/// Which columns an items table has.
enum class SiteTable {
  Overdue, ///< days late last
  DueSoon, ///< status last
  Open,    ///< status with days late or "due soon"
};

/// A table of items (`id` names it for tests and anchors); each row carries data-ref and, when
/// overdue, data-days-late.
std::string site_items_table(const std::vector<views::ViewRow>& rows, SiteTable columns, const SiteLinks& links,
                             std::string_view prefix, const std::string& lang, std::string_view id);

/// Counts of open, overdue and due-soon items per department or owner.
struct SiteGroup {
  std::string name; ///< "" for items that name none
  size_t open = 0, overdue = 0, due_soon = 0;
};

/// A table of groups linking to their pages (`owners`: owner pages, else department pages).
std::string site_groups_table(const std::vector<SiteGroup>& groups, bool owners, std::string_view id);

/// A record's history oldest first, v1…vN: version, date, author, subject.
std::string site_history_table(const std::vector<store::HistoryEntry>& newest_first);

/// A record's page body: its document, then its history.
std::string site_record_body(std::string_view document_body, const std::vector<store::HistoryEntry>& newest_first);

} // namespace collab::commands
