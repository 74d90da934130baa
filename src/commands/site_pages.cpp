#include "commands/site_pages.h"

#include "commands/history.h"
#include "commands/site_files.h"

#include "collab/model/vocabulary.h"
#include "collab/util/i18n.h"
#include "collab/views/document.h"

#include <fmt/format.h>

namespace collab::commands {

using namespace collab::model;
using namespace collab::views;
using util::i18n::tr;
using util::i18n::trf;

namespace {

/// The site's additions to the documents' style sheet.
constexpr std::string_view k_site_css = R"css(
nav.site{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:.4rem 0 .6rem;margin-bottom:.6rem;border-bottom:1px solid #d0d7de}
nav.site a{color:#0969da;text-decoration:none}nav.site a:hover{text-decoration:underline}
td a{color:#0969da}
p.asof{color:#57606a;margin:.2rem 0 1rem}
td.late{white-space:nowrap;font-weight:600;color:#b42318}
section>h2:first-child{margin-top:1rem}
svg{max-width:100%;height:auto}
@media screen and (max-width:600px){table.rows td{grid-template-columns:7.5em minmax(0,1fr)}}
)css";

/// A cell: its text, and a link when `href` is given.
std::string cell(std::string_view cls, std::string_view label, std::string_view text, std::string_view href = {})
{
  std::string out = "<td";
  if (!cls.empty())
    out += " class=\"" + html_escape(cls) + "\"";
  out += " data-label=\"" + html_escape(label) + "\">";
  if (!href.empty())
    out += "<a href=\"" + html_escape(href) + "\">" + html_text(text) + "</a>";
  else
    out += html_text(text);
  return out + "</td>";
}

std::string table_head(std::string_view id, const std::vector<std::string>& headers)
{
  std::string out = "<div class=\"table-wrap\"><table class=\"rows\"";
  if (!id.empty())
    out += " id=\"" + html_escape(id) + "\"";
  out += "><thead><tr>";
  for (const auto& h : headers)
    out += "<th scope=\"col\">" + html_text(h) + "</th>";
  return out + "</tr></thead>\n<tbody>";
}

constexpr std::string_view k_table_end = "</tbody></table></div>\n";

/// A name as shown: "" is "(none)".
std::string shown_name(std::string_view name) { return name.empty() ? tr("(none)") : std::string(name); }

} // namespace

std::string SiteLinks::owner_page(std::string_view owner) { return "owner/" + site_file_stem(owner) + ".html"; }

std::string SiteLinks::dept_page(std::string_view dept) { return "dept/" + site_file_stem(dept) + ".html"; }

std::string site_css() { return std::string(document_css()) + std::string(k_site_css); }

std::string site_page(const std::string& lang, std::string_view title, std::string_view prefix, std::string_view body)
{
  const std::string p(prefix);
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "zh" ? "zh-CN" : "en") +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    html_escape(title) + "</title>\n<link rel=\"stylesheet\" href=\"" + p + "style.css\">\n</head>\n<body>\n";
  out += "<nav class=\"site\"><a href=\"" + p + "index.html\">" + html_text(tr("Overview")) + "</a><a href=\"" + p +
         "week.html\">" + html_text(tr("This week")) + "</a><a href=\"" + p + "month.html\">" +
         html_text(tr("This month")) + "</a><a href=\"" + p + "records.html\">" + html_text(tr("All records")) +
         "</a></nav>\n<main>\n";
  out += body;
  return out + "</main>\n</body>\n</html>\n";
}

std::string site_items_table(const std::vector<ViewRow>& rows, SiteTable columns, const SiteLinks& links,
                             std::string_view prefix, const std::string& lang, std::string_view id)
{
  const std::string p(prefix);
  const std::string last = columns == SiteTable::Overdue ? tr("Days late") : tr("Status");
  const std::vector<std::string> headers = {tr("Ref"), tr("Title"), tr("Owner"), tr("Department"), tr("Deadline"), last};
  std::string out = table_head(id, headers);
  const Vocabulary v = lang == "zh" ? Vocabulary::Chinese : Vocabulary::English;
  for (const ViewRow& r : rows) {
    const Item& it = *r.item;
    out += "\n<tr data-ref=\"" + html_escape(it.ref) + "\"";
    if (r.state.overdue)
      out += fmt::format(" data-days-late=\"{}\"", r.state.days_late);
    out += ">";
    const auto page = links.record_page.find(std::string(it.path));
    out += cell("ref", headers[0], it.ref, page == links.record_page.end() ? "" : p + page->second);
    out += cell("action", headers[1], it.title);
    out += cell("owner", headers[2], shown_name(it.owner), p + SiteLinks::owner_page(it.owner));
    out += cell("dept", headers[3], shown_name(r.dept), p + SiteLinks::dept_page(r.dept));
    out += cell("deadline", headers[4], it.deadline);
    const std::string word(status_word(it.status, it.kind, v));
    if (columns == SiteTable::Overdue)
      out += cell("late", last, fmt::format("{}", r.state.days_late));
    else if (columns == SiteTable::Open && r.state.overdue)
      out += cell("status alert", last,
                  util::i18n::trnf("{1}, overdue by {0} day", "{1}, overdue by {0} days",
                                   static_cast<unsigned long>(r.state.days_late), word));
    else if (columns == SiteTable::Open && r.state.due_soon)
      out += cell("status", last, trf("{}, due soon", word));
    else
      out += cell("status", last, word);
    out += "</tr>";
  }
  return out + std::string(k_table_end);
}

std::string site_groups_table(const std::vector<SiteGroup>& groups, bool owners, std::string_view id)
{
  const std::vector<std::string> headers = {owners ? tr("Owner") : tr("Department"), tr("Open"), tr("Overdue"),
                                            tr("Due soon")};
  std::string out = table_head(id, headers);
  for (const SiteGroup& g : groups) {
    out += "\n<tr>";
    out += cell(owners ? "owner" : "dept", headers[0], shown_name(g.name),
                owners ? SiteLinks::owner_page(g.name) : SiteLinks::dept_page(g.name));
    out += cell("num", headers[1], fmt::format("{}", g.open));
    out += cell(g.overdue ? "num alert" : "num", headers[2], fmt::format("{}", g.overdue));
    out += cell("num", headers[3], fmt::format("{}", g.due_soon));
    out += "</tr>";
  }
  return out + std::string(k_table_end);
}

std::string site_history_table(const std::vector<store::HistoryEntry>& newest_first)
{
  if (newest_first.empty())
    return "<p>" + html_text(tr("Not committed yet: no history.")) + "</p>\n";
  const std::vector<std::string> headers = {tr("Version"), tr("Date"), tr("Author"), tr("Change")};
  std::string out = table_head("history", headers);
  const size_t n = newest_first.size();
  for (size_t i = 0; i < n; ++i) {
    const store::HistoryEntry& e = newest_first[n - 1 - i];
    out += "\n<tr>";
    out += cell("num", headers[0], fmt::format("v{}", i + 1));
    out += cell("date", headers[1], revision_time(e));
    out += cell("owner", headers[2], e.author);
    out += cell("", headers[3], e.subject);
    out += "</tr>";
  }
  return out + std::string(k_table_end);
}

std::string site_record_body(std::string_view document_body, const std::vector<store::HistoryEntry>& newest_first)
{
  return std::string(document_body) + "<h2>" + html_text(tr("History")) + "</h2>\n" + site_history_table(newest_first);
}

} // namespace collab::commands
