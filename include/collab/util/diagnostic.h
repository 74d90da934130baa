#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace collab::util {

/// How bad a finding is; Off means the rule is disabled.
enum class Severity { Off, Warning, Error };

/// "error", "warning" or "off".
std::string_view severity_name(Severity s);

/// A 1-based line and column (the column counts Unicode code points). 0 = unknown.
struct Position {
  int line = 0;
  int column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

/// One finding: a rule broken at a place, with a message saying how to fix it.
struct Diagnostic {
  std::string rule;
  Severity severity = Severity::Error;
  std::string path; ///< as shown to the user
  Position pos;
  std::string message;
};

/// A lint rule: its stable id, default severity, a one-line summary and how to fix a finding.
struct RuleInfo {
  std::string_view id;
  Severity default_severity;
  std::string_view summary; ///< English, marked for the catalogue: show it with tr(summary.data())
  std::string_view help;    ///< how to fix a finding (SARIF's help), marked for the catalogue like summary
};

/// Sorts findings by line and column, keeping the order of findings at one place.
void sort_by_position(std::vector<Diagnostic>& diags);

/// Every lint rule, in a stable order (SARIF rule indices); man/collab.1 lists the same (a test checks).
const std::vector<RuleInfo>& all_rules();

/// The rule with this id, or nullptr.
const RuleInfo* find_rule(std::string_view id);

/// Index of the rule in all_rules(), or -1.
int rule_index(std::string_view id);

} // namespace collab::util
