#include "collab/util/i18n.h"
#include "collab/lint/output_formats.h"

#include "collab/util/json.h"
#include "collab/util/text.h"
#include "collab/util/utf8.h"
#include "collab/util/version.h"

#include <algorithm>
#include <cctype>
#include <map>
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

/// s as one cell of a Markdown table: `|` escaped (GFM honours `\\|` in code spans too),
/// line breaks as <br>, other control characters escaped. A message keeps its `code` spans and
/// has `<` and `&` outside them written as entities; a path is plain text, every character
/// Markdown could take for markup escaped.
std::string md_cell(std::string_view s, bool message)
{
  const std::string text = util::escape_controls(s, true);
  std::string out;
  bool code = false;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += "<br>";
    else if (message && c == '`') {
      code = !code;
      out += c;
    } else if (message && !code && c == '<')
      out += "&lt;";
    else if (message && !code && c == '&')
      out += "&amp;";
    else if (!message && std::string_view("\\`*_[]<>#~&!").find(c) != std::string_view::npos)
      out += fmt::format("\\{}", c);
    else
      out += c;
  }
  if (code) // an unmatched backtick would swallow the rest of the row
    out += '`';
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
    // Code scanning shows fullDescription and help beside each alert: what the rule checks,
    // how to configure it and how to fix a finding, all from the rule table.
    const std::string summary = tr(r.summary.data()), help = tr(r.help.data());
    const std::string full =
      trf("{} (default severity: {}; change it or turn the rule off under `lint:` in .collab.yaml)", summary,
          severity_name(r.default_severity));
    const std::string markdown = fmt::format("**{}**: {}\n\n{}\n\n{}", r.id, summary, help,
                                             tr("See LINT RULES in collab(1) (`man collab`)."));
    rules += fmt::format(
      R"J(
          {{"id": "{}", "name": "{}", "shortDescription": {{"text": {}}}, "fullDescription": {{"text": {}}}, "help": {{"text": {}, "markdown": {}}}, "defaultConfiguration": {{"level": "{}"}}, "helpUri": "man:collab(1)"}})J",
      r.id, r.id, json_quote(summary), json_quote(full), json_quote(help), json_quote(markdown),
      severity_name(r.default_severity));
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

std::string gitlab_fingerprint(std::string_view path, std::string_view rule, std::string_view message,
                               size_t occurrence)
{
  // FNV-1a, 128 bits (the FNV authors' offset basis and prime): a fixed, portable hash with
  // room enough that two findings of one repository do not collide by chance.
  __extension__ typedef unsigned __int128 u128; // GCC and Clang; __extension__: no -Wpedantic warning
  const u128 prime = (u128{1} << 88) | 0x13b;
  u128 h = (u128{0x6c62272e07bb0142ull} << 64) | 0x62b821756295c58dull;
  const auto add = [&](std::string_view part) {
    for (const char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= prime;
    }
    h *= prime; // a NUL byte after each part (XOR with 0 changes nothing): ("ab", "c") and ("a", "bc") differ
  };
  add(path);
  add(rule);
  add(message);
  add(std::to_string(occurrence));
  return fmt::format("{:016x}{:016x}", static_cast<uint64_t>(h >> 64), static_cast<uint64_t>(h));
}

std::string format_gitlab(const std::vector<FileResult>& results)
{
  std::string out = "[";
  bool first = true;
  for (const auto& r : results) {
    // Identical findings of one file (the same rule and message twice) differ by their count.
    std::map<std::pair<std::string_view, std::string_view>, size_t> seen;
    for (const auto& d : r.diags) {
      const size_t occurrence = seen[{d.rule, d.message}]++;
      out += first ? "\n  " : ",\n  ";
      first = false;
      std::string path = d.path;
      std::replace(path.begin(), path.end(), '\\', '/');
      out += fmt::format(
        R"({{"description": {}, "check_name": "{}", "fingerprint": "{}", "severity": "{}", "location": {{"path": {}, "lines": {{"begin": {}}}}}}})",
        json_quote(d.message), d.rule, gitlab_fingerprint(path, d.rule, d.message, occurrence),
        d.severity == Severity::Error ? "major" : "minor", json_quote(path), std::max(d.pos.line, 1));
    }
  }
  out += first ? "]\n" : "\n]\n";
  return out;
}

std::string format_step_summary(const std::vector<FileResult>& results, bool annotations, size_t max_rows)
{
  const Tally t = tally(results);
  std::string out = fmt::format("### collab lint\n\n{}\n", summary_line(t));
  size_t rows = 0, more = 0;
  each_diag(results, [&](const FileResult&, const Diagnostic& d) {
    if (rows == max_rows) {
      ++more;
      return;
    }
    if (rows++ == 0)
      out += fmt::format("\n| {} | {} | {} | {} | {} |\n| --- | ---: | --- | --- | --- |\n", tr("File"), tr("Line"),
                         tr("Severity"), tr("Rule"), tr("Message"));
    out += fmt::format("| {} | {} | {} | `{}` | {} |\n", md_cell(d.path, false), d.pos.line,
                       d.severity == Severity::Error ? tr("error") : tr("warning"), d.rule, md_cell(d.message, true));
  });
  if (more > 0)
    out += "\n" + trnf("… and {} more finding, in the job log.", "… and {} more findings, in the job log.", more) + "\n";
  if (annotations && (t.errors > k_github_annotations_per_step || t.warnings > k_github_annotations_per_step))
    out += "\n> " +
           trf("GitHub shows only {} error and {} warning annotations per step; this step produced {}, so look for "
               "the others in this summary and the job log.",
               k_github_annotations_per_step, k_github_annotations_per_step, t.errors + t.warnings) +
           "\n";
  return out;
}

std::string summary_line(const Tally& t)
{
  return trf("{}, {} in {}", trnf("{} error", "{} errors", t.errors), trnf("{} warning", "{} warnings", t.warnings),
             trnf("{} record", "{} records", t.records));
}

} // namespace collab::lint
