#pragma once

#include <string>
#include <vector>

namespace collab::commands {

/// Options every command takes (SPEC §7).
struct GlobalOptions {
  std::string dir;           ///< -C DIR
  std::string as_of;         ///< --as-of DATE
  std::string format;        ///< --format (command-specific set)
  std::string color = "auto"; ///< --color auto|always|never
  int width = 0;             ///< --width N (0: COLUMNS or the terminal)
  bool quiet = false;        ///< -q
};

/// `collab init [DIR]`.
struct InitOptions {
  std::string dir;
};

/// `collab lint [PATH...]`.
struct LintOptions {
  std::vector<std::string> paths;
  bool strict = false;
};

/// `collab new KIND` and its field flags.
struct NewOptions {
  std::string kind;
  std::string title, owner, deadline, deliverable, status, dept, date, host, recorder, attendees;
  std::vector<std::string> sets; ///< --set key=value
  bool edit = false;             ///< --edit: open the editor even with every field given
};

/// `collab set REF key=value...`.
struct SetOptions {
  std::string ref;
  std::vector<std::string> assignments;
};

/// `collab done REF [--evidence TEXT] [--date DATE]`.
struct DoneOptions {
  std::string ref;
  std::string evidence;
  std::string date;
};

/// `collab delay REF --to DATE --reason TEXT`.
struct DelayOptions {
  std::string ref;
  std::string to;
  std::string reason;
};

/// `collab rm ID`.
struct RmOptions {
  std::string id;
};

/// `collab edit ID`.
struct EditOptions {
  std::string id;
};

/// `collab commit [PATH...] [-m MESSAGE]`.
struct CommitOptions {
  std::vector<std::string> paths;
  std::string message;
};

/// `collab log ID [-n N | --all]`.
struct LogOptions {
  std::string id;
  size_t limit = 20;
  bool all = false;
};

/// `collab diff ID [REV]`.
struct DiffOptions {
  std::string id;
  std::string rev;
};

/// Filters and layout of `list`, `overdue` and `due`.
struct ViewOptions {
  std::string owner, dept, status, kind, before, after, tag, grep;
  std::string sort = "deadline";
  std::string group_by;
  bool all = false;    ///< list: include done and cancelled
  bool fail = false;   ///< overdue: exit 1 when any
  std::string within;  ///< due: window (default due_soon)
};

/// `collab show ID|REF`.
struct ShowOptions {
  std::string ref;
};

/// Each returns the process exit status; environment failures throw collab::Error.
int run_init(const GlobalOptions& g, const InitOptions& o);
int run_lint(const GlobalOptions& g, const LintOptions& o);
int run_new(const GlobalOptions& g, const NewOptions& o);
int run_set(const GlobalOptions& g, const SetOptions& o);
int run_done(const GlobalOptions& g, const DoneOptions& o);
int run_delay(const GlobalOptions& g, const DelayOptions& o);
int run_rm(const GlobalOptions& g, const RmOptions& o);
int run_edit(const GlobalOptions& g, const EditOptions& o);
int run_commit(const GlobalOptions& g, const CommitOptions& o);
int run_log(const GlobalOptions& g, const LogOptions& o);
int run_diff(const GlobalOptions& g, const DiffOptions& o);
int run_list(const GlobalOptions& g, const ViewOptions& o);
int run_overdue(const GlobalOptions& g, const ViewOptions& o);
int run_due(const GlobalOptions& g, const ViewOptions& o);
int run_show(const GlobalOptions& g, const ShowOptions& o);

} // namespace collab::commands
