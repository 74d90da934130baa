// Doc-drift test: the manual page (man/collab.1) is the reference for users, and it used to
// drift from the code (the lint-rule table once existed in three copies that differed). These
// checks fail as soon as a rule, a rule's default severity, a `.collab.yaml` key or a
// subcommand is added, removed or changed on one side only: update man/collab.1 together with
// the code.

#include "collab/model/config.h"
#include "collab/util/diagnostic.h"
#include "collab/util/files.h"
#include "collab/util/version.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace collab;

namespace {

/// The text of a roff line without its escapes and font changes: `\-` becomes `-`,
/// `\fB`/`\fR`/`\f(CW`... and `\&` vanish, double quotes (macro argument quoting) are dropped,
/// runs of blanks become one space.
std::string unroff(const std::string& line)
{
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"')
      continue;
    if (c != '\\' || i + 1 == line.size()) {
      if ((c == ' ' || c == '\t') && (out.empty() || out.back() == ' '))
        continue;
      out += c == '\t' ? ' ' : c;
      continue;
    }
    const char e = line[++i];
    if (e == '-' || e == 'e' || e == '\\')
      out += e == '-' ? '-' : '\\';
    else if (e == 'f') { // \fB, \fR, \f(CW, \f[B]
      if (i + 1 < line.size() && line[i + 1] == '(')
        i += 3;
      else if (i + 1 < line.size() && line[i + 1] == '[')
        i = line.find(']', i);
      else
        ++i;
      if (i == std::string::npos)
        break;
    } else if (e == '&' || e == '/' || e == ',' || e == ':') {
      // zero-width
    } else {
      out += '\\';
      out += e;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

/// The arguments of a macro line (`.BR syntax " (error)"` -> `syntax (error)`), unescaped.
std::string macro_text(const std::string& line)
{
  const size_t sp = line.find_first_of(" \t");
  return sp == std::string::npos ? std::string() : unroff(line.substr(sp + 1));
}

/// The manual page, as the parts these checks need.
struct Manual {
  /// Every `.SH` and `.SS` heading, unescaped, in order.
  std::vector<std::string> headings;
  /// For each `.SH` section: the tags of its `.TP` paragraphs (the line after `.TP`), unescaped.
  std::map<std::string, std::vector<std::string>> tags;
};

Manual read_manual()
{
  const std::string text = util::read_file(fs::path(COLLAB_SOURCE_DIR) / "man" / "collab.1");
  Manual m;
  std::istringstream in(text);
  std::string line;
  std::string section;
  bool tag_next = false;
  while (std::getline(in, line)) {
    if (line.rfind(".\\\"", 0) == 0 || line.rfind("'\\\"", 0) == 0)
      continue; // roff comment
    if (tag_next) {
      tag_next = false;
      m.tags[section].push_back(line.rfind('.', 0) == 0 ? macro_text(line) : unroff(line));
      continue;
    }
    if (line.rfind(".SH", 0) == 0 || line.rfind(".SS", 0) == 0) {
      const std::string heading = macro_text(line);
      m.headings.push_back(heading);
      if (line[2] == 'H')
        section = heading;
    } else if (line == ".TP" || line.rfind(".TP ", 0) == 0) {
      tag_next = true;
    }
  }
  return m;
}

} // namespace

TEST_CASE("manual: the LINT RULES section lists exactly the rules of the code, with their default severity")
{
  const Manual m = read_manual();
  REQUIRE(m.tags.count("LINT RULES") == 1);

  // Each rule is a tagged paragraph `.TP` / `.BR rule\-id " (error)"`.
  static const std::regex k_rule_tag(R"(^([a-z][a-z0-9-]*) \((error|warning|off)\)$)");
  std::map<std::string, std::string> documented; // rule id -> severity
  for (const auto& tag : m.tags.at("LINT RULES")) {
    std::smatch match;
    INFO("tag in LINT RULES: `" << tag << "`");
    CHECK_MESSAGE(std::regex_match(tag, match, k_rule_tag), "a rule is tagged as `rule-id (error|warning)`");
    if (match.empty())
      continue;
    CHECK_MESSAGE(documented.count(match[1]) == 0, "rule documented twice");
    documented[match[1]] = match[2];
  }

  std::map<std::string, std::string> in_code;
  for (const auto& r : util::all_rules())
    in_code[std::string(r.id)] = std::string(util::severity_name(r.default_severity));

  for (const auto& [id, severity] : in_code) {
    INFO("rule `" << id << "` (" << severity << " in the code)");
    CHECK_MESSAGE(documented.count(id) == 1, "missing from LINT RULES in man/collab.1");
    if (documented.count(id) == 1)
      CHECK_MESSAGE(documented.at(id) == severity, "the manual gives another default severity");
  }
  for (const auto& [id, severity] : documented) {
    INFO("rule `" << id << "` in man/collab.1");
    CHECK_MESSAGE(in_code.count(id) == 1, "not a rule of util::all_rules()");
  }
  CHECK(documented.size() == in_code.size());
}

TEST_CASE("manual: the CONFIGURATION section documents exactly the keys .collab.yaml accepts")
{
  const Manual m = read_manual();
  REQUIRE(m.tags.count("CONFIGURATION") == 1);

  // Each key is a tagged paragraph `.TP` / `.B key`.
  static const std::regex k_key_tag(R"(^[a-z][a-z0-9_]*$)");
  std::set<std::string> documented;
  for (const auto& tag : m.tags.at("CONFIGURATION")) {
    INFO("tag in CONFIGURATION: `" << tag << "`");
    CHECK_MESSAGE(std::regex_match(tag, k_key_tag), "a key is tagged as `.B key`");
    documented.insert(tag);
  }
  std::set<std::string> in_code;
  for (const auto k : model::config_keys())
    in_code.insert(std::string(k));
  for (const auto& key : in_code) {
    INFO("key `" << key << "` of model::config_keys()");
    CHECK_MESSAGE(documented.count(key) == 1, "missing from CONFIGURATION in man/collab.1");
  }
  for (const auto& key : documented) {
    INFO("key `" << key << "` in CONFIGURATION of man/collab.1");
    CHECK_MESSAGE(in_code.count(key) == 1, "not a key the config parser accepts");
  }
}

TEST_CASE("manual: every command has its own section")
{
  // The subcommands registered in src/cli/app.cpp (the CLI11 app is not reachable from a unit
  // test, so the list is repeated here: add a command here when you add it there).
  static const std::vector<std::string> k_commands = {"init", "lint",    "new",  "set",  "done",
                                                      "delay", "rm",     "edit", "commit", "log",
                                                      "diff", "list",    "overdue", "due", "show",
                                                      "confirm", "unconfirmed", "mail", "site", "remind", "export",
                                                      "setup-merge", "schema", "completion"};
  const Manual m = read_manual();
  for (const auto& cmd : k_commands) {
    INFO("command `" << cmd << "`");
    const std::string prefix = "collab " + cmd;
    const bool found = std::any_of(m.headings.begin(), m.headings.end(), [&](const std::string& h) {
      return h.rfind(prefix, 0) == 0 && (h.size() == prefix.size() || h[prefix.size()] == ' ');
    });
    CHECK_MESSAGE(found, "no `.SS \"collab " << cmd << " ...\"` heading in man/collab.1");
  }
}

TEST_CASE("manual: .TH gives the page's date and collab's version")
{
  // `.TH COLLAB 1 YYYY-MM-DD "collab VERSION" "User Commands"`: man(1) shows the date and the
  // version in the page's footer; a page without them cannot be told from an older one.
  const std::string text = util::read_file(fs::path(COLLAB_SOURCE_DIR) / "man" / "collab.1");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line.rfind(".TH ", 0) != 0) {
  }
  REQUIRE_MESSAGE(line.rfind(".TH ", 0) == 0, "no .TH line in man/collab.1");
  static const std::regex k_th(R"re(^\.TH COLLAB 1 "?(\d{4})-(\d{2})-(\d{2})"? "collab ([^"]+)" "User Commands"$)re");
  std::smatch match;
  INFO(line);
  REQUIRE_MESSAGE(std::regex_match(line, match, k_th),
                  ".TH is not `.TH COLLAB 1 YYYY-MM-DD \"collab VERSION\" \"User Commands\"`");
  const std::chrono::year_month_day date{std::chrono::year{std::stoi(match[1])},
                                         std::chrono::month{unsigned(std::stoi(match[2]))},
                                         std::chrono::day{unsigned(std::stoi(match[3]))}};
  CHECK_MESSAGE(date.ok(), "the date of .TH is not a calendar date");
  CHECK_MESSAGE(match[4] == util::k_version, "the version of .TH is not the project's (CMakeLists.txt)");
}
