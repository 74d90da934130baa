#include "collab/util/i18n.h"
#include "collab/lint/output_formats.h"

#include "collab/util/json.h"
#include "collab/util/text.h"
#include "collab/util/utf8.h"
#include "collab/util/version.h"

#include <cctype>
#include <fmt/format.h>

namespace collab::lint {

using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;

using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

namespace {

constexpr const char* k_red = "\x1b[1;31m";
constexpr const char* k_yellow = "\x1b[1;33m";
constexpr const char* k_green = "\x1b[1;32m";
constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_dim = "\x1b[2m";
constexpr const char* k_reset = "\x1b[0m";

/// The source line with tabs shown as one space, control characters escaped, and the caret's indent in display columns.
void append_source(std::string& out, const SourceFile& src, const Position& pos, bool color)
{
  const std::string_view line = src.line(pos.line);
  if (line.empty() && pos.line > src.line_count())
    return;
  std::string shown;
  size_t indent = 0;
  size_t cp = 1;
  for (size_t i = 0; i < line.size();) {
    const size_t start = i;
    const char32_t c = util::utf8::next(line, i);
    const bool before = static_cast<int>(cp) < pos.column;
    if (c == '\t') {
      shown += ' ';
      indent += before ? 1 : 0;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      // A control character is shown escaped (`\e`), never sent to the terminal.
      const std::string escaped = util::escape_controls(line.substr(start, i - start), false);
      shown += escaped;
      indent += before ? escaped.size() : 0;
    } else {
      shown.append(line.substr(start, i - start));
      if (before)
        indent += static_cast<size_t>(util::utf8::width(c));
    }
    ++cp;
  }
  out += fmt::format("{:>5} | {}\n", pos.line, shown);
  out += fmt::format("      | {}{}^{}\n", std::string(indent, ' '), color ? k_green : "", color ? k_reset : "");
}

template <typename F>
void each_diag(const std::vector<FileResult>& results, F&& f)
{
  for (const auto& r : results)
    for (const auto& d : r.diags)
      f(r, d);
}

/// Escapes data for a GitHub workflow command message or property.
std::string gh_escape(std::string_view s, bool property)
{
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

} // namespace

std::string format_text(const std::vector<FileResult>& results, bool color)
{
  std::string out;
  each_diag(results, [&](const FileResult& r, const Diagnostic& d) {
    const bool error = d.severity == Severity::Error;
    const char* severity = error ? tr("error") : tr("warning"); // for people; JSON and SARIF keep the ids
    // Messages quote values from the file: their control characters are escaped too.
    const std::string message = util::escape_controls(d.message, false), path = util::escape_controls(d.path, false);
    if (color)
      out += fmt::format("{}{}:{}:{}:{} {}{}:{} {} {}[{}]{}\n", k_bold, path, d.pos.line, d.pos.column, k_reset,
                         error ? k_red : k_yellow, severity, k_reset, message, k_dim, d.rule,
                         k_reset);
    else
      out += fmt::format("{}:{}:{}: {}: {} [{}]\n", path, d.pos.line, d.pos.column, severity, message, d.rule);
    if (r.src && d.pos.line > 0)
      append_source(out, *r.src, d.pos, color);
  });
  return out;
}

std::string format_json(const std::vector<FileResult>& results)
{
  std::string out = "[";
  bool first = true;
  each_diag(results, [&](const FileResult&, const Diagnostic& d) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += fmt::format(R"({{"path": {}, "line": {}, "column": {}, "severity": "{}", "rule": "{}", "message": {}}})",
                       json_quote(d.path), d.pos.line, d.pos.column, severity_name(d.severity), d.rule,
                       json_quote(d.message));
  });
  out += first ? "]\n" : "\n]\n";
  return out;
}

std::string format_github(const std::vector<FileResult>& results)
{
  std::string out;
  each_diag(results, [&](const FileResult&, const Diagnostic& d) {
    out += fmt::format("::{} file={},line={},col={},title={}::{}\n",
                       d.severity == Severity::Error ? "error" : "warning", gh_escape(d.path, true), d.pos.line,
                       d.pos.column, gh_escape(fmt::format("collab {}", d.rule), true), gh_escape(util::escape_controls(d.message, true), false));
  });
  return out;
}

std::string sarif_uri(std::string_view path)
{
  // SARIF §3.10.4: a uri-reference (RFC 3986). A relative path keeps its `/`; every other
  // byte outside the unreserved set is %-encoded: `2024-市场-009.yaml` (UTF-8), spaces, `%`.
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch == '\\' ? '/' : ch);
    if ((std::isalnum(c) && c < 0x80) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string format_sarif(const std::vector<FileResult>& results)
{
  std::string rules;
  for (const auto& r : all_rules()) {
    if (!rules.empty())
      rules += ",";
    rules += fmt::format(
      R"J(
          {{"id": "{}", "name": "{}", "shortDescription": {{"text": {}}}, "defaultConfiguration": {{"level": "{}"}}, "helpUri": "man:collab(1)"}})J",
      r.id, r.id, json_quote(tr(r.summary.data())), severity_name(r.default_severity));
  }
  std::string res;
  each_diag(results, [&](const FileResult&, const Diagnostic& d) {
    if (!res.empty())
      res += ",";
    const std::string uri = sarif_uri(d.path);
    res += fmt::format(
      R"(
        {{"ruleId": "{}", "ruleIndex": {}, "level": "{}", "message": {{"text": {}}}, "locations": [{{"physicalLocation": {{"artifactLocation": {{"uri": {}}}, "region": {{"startLine": {}, "startColumn": {}}}}}}}]}})",
      d.rule, rule_index(d.rule), severity_name(d.severity), json_quote(d.message), json_quote(uri),
      std::max(d.pos.line, 1), std::max(d.pos.column, 1));
  });
  return fmt::format(R"J({{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {{
      "tool": {{
        "driver": {{
          "name": "collab",
          "version": "{}",
          "informationUri": "man:collab(1)",
          "rules": [{}
          ]
        }}
      }},
      "columnKind": "unicodeCodePoints",
      "results": [{}
      ]
    }}
  ]
}}
)J",
                     k_version, rules, res);
}

std::string format_junit(const std::vector<FileResult>& results, bool strict)
{
  size_t failures = 0;
  std::string cases;
  for (const auto& r : results) {
    std::string fail_text, out_text;
    size_t errors = 0;
    for (const auto& d : r.diags) {
      // The text a CI page shows to people: severities in the root's language, as lint's text.
      const std::string line = fmt::format("{}:{}:{}: {}: {} [{}]\n", d.path, d.pos.line, d.pos.column,
                                           d.severity == Severity::Error ? tr("error") : tr("warning"), d.message, d.rule);
      if (d.severity == Severity::Error || strict) {
        ++errors;
        fail_text += line;
      } else {
        out_text += line;
      }
    }
    cases += fmt::format(R"(    <testcase classname="collab.lint.{}" name="{}" file="{}">)",
                         r.info.kind.empty() ? "file" : r.info.kind, xml_escape(r.path), xml_escape(r.path));
    if (errors > 0) {
      ++failures;
      const Diagnostic* first = nullptr;
      for (const auto& d : r.diags)
        if (d.severity == Severity::Error || strict) {
          first = &d;
          break;
        }
      cases += fmt::format("\n      <failure type=\"{}\" message=\"{}\">{}</failure>", first->rule,
                           xml_escape(fmt::format("{}: {}", trnf("{} finding", "{} findings", errors), first->message)),
                           xml_escape(fail_text));
    }
    if (!out_text.empty())
      cases += fmt::format("\n      <system-out>{}</system-out>", xml_escape(out_text));
    cases += (errors > 0 || !out_text.empty()) ? "\n    </testcase>\n" : "</testcase>\n";
  }
  return fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="collab lint" tests="{0}" failures="{1}" errors="0">
  <testsuite name="collab lint" tests="{0}" failures="{1}" errors="0" skipped="0">
{2}  </testsuite>
</testsuites>
)",
                     results.size(), failures, cases);
}

std::string summary_line(const Tally& t)
{
  return trf("{}, {} in {}", trnf("{} error", "{} errors", t.errors), trnf("{} warning", "{} warnings", t.warnings),
             trnf("{} record", "{} records", t.records));
}

} // namespace collab::lint
