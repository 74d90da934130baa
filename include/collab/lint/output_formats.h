#pragma once

#include "collab/lint/lint_files.h"

#include <optional>
#include <string>
#include <vector>

namespace collab::lint {

/// Output formats of `collab lint`.
enum class LintFormat { Text, Json, Github, Sarif, Junit, Gitlab };

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

/// GitLab Code Quality JSON: an array of {description, check_name, fingerprint, severity,
/// location: {path, lines: {begin}}}; an error is `major`, a warning `minor`.
std::string format_gitlab(const std::vector<FileResult>& results);

/// A finding's Code Quality fingerprint: FNV-1a 128 of path, rule, message and the number of
/// identical findings before it in the file, as 32 hex digits. No line or column goes in, so
/// it stays when unrelated lines move, and it is the same in every run and clone.
std::string gitlab_fingerprint(std::string_view path, std::string_view rule, std::string_view message,
                               size_t occurrence);

/// GitHub shows at most this many error annotations, and as many warnings, per step.
inline constexpr size_t k_github_annotations_per_step = 10;

/// The Markdown lint appends to $GITHUB_STEP_SUMMARY: a heading, the totals, a table of the
/// first `max_rows` findings (file, line, severity, rule, message) and, when `annotations`
/// (the github format) made more than GitHub shows, a note saying so.
std::string format_step_summary(const std::vector<FileResult>& results, bool annotations, size_t max_rows = 50);

/// "3 errors, 2 warnings in 41 records".
std::string summary_line(const Tally& t);

} // namespace collab::lint
