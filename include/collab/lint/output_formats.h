#pragma once

#include "collab/lint/lint_files.h"

#include <optional>
#include <string>
#include <vector>

namespace collab::lint {

/// Output formats of `collab lint`.
enum class LintFormat { Text, Json, Github, Sarif, Junit };

/// Compiler-style findings: `path:line:col: error: message [rule]`, the source line and a caret.
std::string format_text(const std::vector<FileResult>& results, bool color);

/// One JSON array of findings.
std::string format_json(const std::vector<FileResult>& results);

/// GitHub Actions workflow commands (`::error file=...`).
std::string format_github(const std::vector<FileResult>& results);

/// A SARIF 2.1.0 log with every rule in tool.driver.rules.
std::string format_sarif(const std::vector<FileResult>& results);

/// A record path as a SARIF artifact URI: `/` separators, other bytes outside RFC 3986's
/// unreserved set %-encoded (UTF-8 names, spaces, `%`).
std::string sarif_uri(std::string_view path);

/// JUnit XML: one test case per record; errors (and warnings when strict) fail it.
std::string format_junit(const std::vector<FileResult>& results, bool strict);

/// "3 errors, 2 warnings in 41 records".
std::string summary_line(const Tally& t);

} // namespace collab::lint
