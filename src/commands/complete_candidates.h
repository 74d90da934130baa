#pragma once

// Shell completion without the shell: what the command line (as src/cli/app.cpp describes it,
// from the CLI11 app) and the records root offer for the word being typed. `collab __complete`
// prints these; the scripts of `collab completion` only call it.

#include "collab/util/files.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::commands {

/// What the value of an option or positional is completed with.
enum class ValueSource {
  None,       ///< a flag, or free text (nothing to offer)
  Choices,    ///< the closed set in CliOption::choices
  Status,     ///< every status word and alias
  Person,     ///< one name: the people registry and the owners in records
  People,     ///< names, comma-separated
  Dept,       ///< a department
  Id,         ///< a record id
  MeetingId,  ///< a meeting's id
  Ref,        ///< a record id or an item ref (ID#n)
  Assignment, ///< key=value of a record's fields
  Path,       ///< a file or folder
  Dir,        ///< a folder
};

/// An option or positional of the command line, as the CLI11 app describes it.
struct CliOption {
  std::vector<std::string> names; ///< "-C", "--as-of"; a positional's placeholder ("REF")
  std::string help;
  bool positional = false;
  bool takes_value = false; ///< false for a flag
  bool many = false;        ///< a positional taking every remaining word
  ValueSource source = ValueSource::None;
  std::vector<std::string> choices; ///< for ValueSource::Choices
};

/// A subcommand and its own options.
struct CliCommand {
  std::string name, help;
  std::vector<CliOption> options;   ///< its own, and global ones it takes with its own choices (--format)
  std::vector<std::string> refused; ///< global options it does not take (--format of a command without formats)
};

/// The whole command line: the options every command takes, then the commands.
struct CliSpec {
  std::vector<CliOption> globals;
  std::vector<CliCommand> commands;
};

/// One completion: the word, and what it is (shown by zsh and fish).
struct Candidate {
  std::string word, description;
  friend bool operator==(const Candidate&, const Candidate&) = default;
};

/// What the records root offers; each is asked only when the word needs it.
struct RepoFacts {
  /// The record ids that start with `prefix`, sorted.
  std::function<std::vector<std::string>(bool meetings_only, std::string_view prefix)> ids;
  std::function<std::vector<Candidate>(std::string_view id)> refs;  ///< the item refs of one record
  std::function<std::vector<std::string>()> people;                ///< names people use
  std::function<std::vector<std::string>()> departments;
  std::function<std::vector<std::string>(std::string_view id)> fields; ///< the keys a record of `id` may hold
};

/// The candidates for the last of `words` (the words after `collab`; the last is the one
/// being typed, "" at a new word), best first, only those starting with it.
std::vector<Candidate> complete_words(const CliSpec& spec, const std::vector<std::string>& words,
                                      const RepoFacts& facts);

/// The directory -C names among the words before the last ("" without one); `~/` is $HOME.
std::string directory_of(const std::vector<std::string>& words);

/// The facts of the records root found from `dir`: ids from file names (no record is read),
/// the refs of one record by reading that record only, names from the config and the item
/// cache as last written (never rebuilt here). Outside a records root every answer is empty.
RepoFacts repo_facts(const fs::path& dir);

/// Files and folders starting with `prefix` (folders end in `/`; only folders when `dirs_only`).
std::vector<std::string> path_candidates(std::string_view prefix, bool dirs_only);

} // namespace collab::commands
