#pragma once

// A record rendered as a document a person sends as is: a meeting as the guides' minutes
// (会议纪要), a task as its allocation table, an issue as its problem record, a request as its
// register entry; in Markdown, HTML or plain text.
//
// Two steps: a kind's template turns the record into a Doc (headings, label/value fields,
// lists, tables of plain text), then one renderer per format writes the Doc, escaping every
// text from the record in that one place.

#include "collab/model/config.h"
#include "collab/model/date.h"
#include "collab/model/kinds.h"
#include "collab/yaml/tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace collab::views {

/// The formats of a rendered document.
enum class DocFormat { Markdown, Html, Text };

/// One table cell; `alert` marks what needs attention (overdue, an older version confirmed).
struct DocCell {
  std::string text; ///< plain text; line breaks are kept as line breaks of the cell
  bool alert = false;
};

/// One block of a document.
struct DocBlock {
  enum class Type { Heading, Fields, List, Numbered, Table, Paragraph };
  Type type = Type::Paragraph;
  int level = 2;                ///< Heading: 2 for a section, 3 below one
  std::string text;             ///< Heading, Paragraph
  std::vector<std::pair<std::string, std::string>> fields; ///< Fields: label, value (empty ones are left out)
  std::vector<std::string> items;                          ///< List, Numbered
  std::vector<std::string> headers;                        ///< Table
  std::vector<std::string> classes;                        ///< Table: a CSS class per column ("" for none)
  std::vector<std::vector<DocCell>> rows;                  ///< Table
};

/// A document: a title and its blocks.
struct Doc {
  std::string title;
  std::string lang = "en"; ///< the HTML lang attribute: en or zh-CN
  std::vector<DocBlock> blocks;
};

/// An item another record holds, as it stands now (a meeting's previous actions).
struct LinkedItem {
  std::string ref;
  bool found = false;     ///< false when the ref names no item
  std::string text, owner, deadline, status; ///< status: the word in the holding record's vocabulary
  bool overdue = false;
  long days_late = 0; ///< when overdue
};

/// A meeting that follows this one up (its `follow_up` is this meeting's id).
struct FollowUp {
  std::string id, title, date;
};

/// What a template needs besides the record itself: what only the repository knows.
struct DocInput {
  const yaml::Node* root = nullptr;   ///< the record
  const model::Kind* kind = nullptr;  ///< null for an unknown kind (rendered field by field)
  std::string id;
  bool zh = false;                    ///< Chinese labels (lang: zh)
  model::Date today;                  ///< for overdue (--as-of)
  const model::Config* config = nullptr; ///< people's departments (null: none)
  std::string version;                ///< a meeting's V1.n
  bool version_committed = true;      ///< false: the text is not committed yet
  std::vector<LinkedItem> previous_actions;
  std::vector<FollowUp> follow_ups;
};

/// The record in its kind's template.
Doc build_document(const DocInput& in);
/// The meeting template (会议纪要).
Doc meeting_document(const DocInput& in);
/// The task template: the allocation table with subtasks, RACI and summary.
Doc task_document(const DocInput& in);
/// The issue template: the problem record with its solutions and verification.
Doc issue_document(const DocInput& in);
/// The request template: a register entry.
Doc request_document(const DocInput& in);

/// A document as GitHub/GitLab Markdown.
std::string render_markdown(const Doc& doc);
/// A document as one self-contained HTML file (inline CSS; phone, desktop and A4 print).
std::string render_html(const Doc& doc);
/// The document's <h1> and blocks, without <html>, <head> or <main> (the site puts them in its
/// own page); render_html is this inside one self-contained file.
std::string render_html_body(const Doc& doc);
/// A document as plain text (for a mail's text part): tables as one block per row.
std::string render_text(const Doc& doc);
/// A document in format f.
std::string render(const Doc& doc, DocFormat f);

/// Text as Markdown inline text (a table cell, a list item): punctuation that Markdown or a GFM
/// table would read is backslash-escaped, line breaks become `<br>`.
std::string markdown_escape(std::string_view text);
/// Text as HTML text or attribute value: & < > " ' escaped, control characters shown as \xNN.
std::string html_escape(std::string_view text);
/// Text as HTML content: html_escape, then line breaks as `<br>`.
std::string html_text(std::string_view text);
/// The documents' style sheet (screen, phone cards under 600px, A4): the report's page uses it too.
std::string_view document_css();

} // namespace collab::views
