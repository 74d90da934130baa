#pragma once

#include "collab/model/date.h"
#include "collab/util/diagnostic.h"
#include "collab/yaml/tree.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace collab::model {

/// One entry of the `people` registry.
struct Person {
  std::string name;
  std::string dept;
  std::string title;
  std::string email;
  std::vector<std::string> aliases;
};

/// The settings of a records root (`.collab.yaml`); every key is optional.
struct Config {
  std::string lang; ///< "en" or "zh"; empty when not set (open_workspace takes the environment's)
  std::map<std::string, std::string> id_format; ///< kind -> format with {year} {seq} {dept}
  std::map<std::string, Person> people;         ///< name -> person
  std::vector<std::string> departments;
  std::map<std::string, std::vector<std::string>> required; ///< scope (kind or action/subtask/solution) -> keys
  std::map<std::string, util::Severity> severity;                  ///< rule -> severity override
  std::map<std::string, std::vector<std::string>> words;     ///< rule -> word list
  int due_soon_days = 2;
  int stale_after_days = 7;
  /// The day rules that depend on the date (unconfirmed-minutes) take as today: --as-of or
  /// COLLAB_TODAY, set by the commands; the local date when unset.
  std::optional<Date> today;

  /// The severity in force for a rule (its default unless configured).
  util::Severity severity_of(std::string_view rule) const;
  /// The word list of vague-owner, vague-wording or subjective-wording.
  const std::vector<std::string>& word_list(std::string_view rule) const;
  /// True when a `people` registry exists.
  bool has_people() const { return !people.empty(); }
  /// True when name is a registered person or alias.
  bool knows_person(std::string_view name) const { return m_known.count(std::string(name)) > 0; }
  /// The id format for a kind ("M-{year}-{seq}" by default for meetings).
  std::string id_format_for(std::string_view kind) const;
  /// Every registered name and alias.
  const std::unordered_set<std::string>& known_names() const { return m_known; }
  /// The registered name of a name or alias; "" when it is neither.
  std::string_view registered_name(std::string_view name_or_alias) const;
  /// The registry entry of a name or alias (trimmed); nullptr when it is neither.
  const Person* find_person(std::string_view name_or_alias) const;
  /// True when name is a department: listed in `departments`, or a registered person's `dept`.
  bool is_department(std::string_view name) const;
  /// The registered people whose `dept` is dept, by name.
  std::vector<std::string> people_of(std::string_view dept) const;
  /// Adds a person to the registry (name and aliases become known).
  void add_person(Person p);

private:
  std::unordered_set<std::string> m_known;
  std::map<std::string, std::string, std::less<>> m_registered; ///< name or alias -> name
};

/// The name of the config file that marks a records root.
inline constexpr const char* k_config_name = ".collab.yaml";

/// The keys .collab.yaml accepts.
const std::vector<std::string_view>& config_keys();

/// The scopes `required` accepts: the four kinds and the three item entries.
const std::vector<std::string_view>& required_scopes();

/// The default word list of a wording rule.
const std::vector<std::string>& default_words(std::string_view rule);

/// Parses and validates a config file; `errors` hold positioned problems (exit 2).
Config parse_config(const yaml::SourceFile& src, std::vector<util::Diagnostic>& errors);

/// The commented `.collab.yaml` that `collab init` writes.
std::string config_template(std::string_view lang);

} // namespace collab::model
