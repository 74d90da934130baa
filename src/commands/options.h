#pragma once

// Each command's options, the output formats it accepts and its run function. The CLI
// (src/cli/app.cpp) parses the command line into these, with every choice already an enum.

#include "collab/util/terminal.h"
#include "collab/views/select.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::commands {

/// An output format named by --format; each command accepts its own set.
enum class Format { Default, Text, Json, Github, Sarif, Junit, Gitlab, Table, Tsv, Csv, CsvPlain, Md, Html };

/// The format's name as --format takes it ("" for Default).
std::string_view format_name(Format f);
/// The format named `name`, or nullopt.
std::optional<Format> parse_format(std::string_view name);

/// Options every command takes.
struct GlobalOptions {
  std::string dir;                          ///< -C DIR
  std::string as_of;                        ///< --as-of DATE
  Format format = Format::Default;          ///< --format (checked against the command's set)
  util::ColorMode color = util::ColorMode::Auto; ///< --color auto|always|never
  int width = 0;                            ///< --width N (0: COLUMNS or the terminal)
  bool quiet = false;                       ///< -q
  bool no_verify = false;                   ///< --no-verify: no pre-commit or commit-msg hook
};

/// The formats of a command that takes no --format.
inline constexpr std::array<Format, 0> k_no_formats{};

/// `collab init [DIR]`.
struct InitOptions {
  std::string dir;
};

/// `collab lint [PATH...]`.
struct LintOptions {
  std::vector<std::string> paths;
  bool strict = false;
  static constexpr std::array k_formats{Format::Text,  Format::Json,  Format::Github,
                                        Format::Sarif, Format::Junit, Format::Gitlab};
};

/// `collab new KIND` and its field flags.
struct NewOptions {
  std::string kind;
  std::string title, owner, deadline, deliverable, status, dept, date, host, recorder, attendees;
  std::vector<std::string> sets; ///< --set key=value
  bool edit = false;             ///< --edit: open the editor even with every field given
  std::string follow_up;         ///< meeting: --follow-up ID, the earlier meeting
  std::string from;              ///< task: --from REF, the action it is promoted from
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

/// `collab rm [--force] ID`.
struct RmOptions {
  std::string id;
  bool force = false; ///< remove it even with changes not committed
};

/// `collab sync [--fix-ids]`.
struct SyncOptions {
  bool fix_ids = false; ///< renumber records that share an id (after a plain `git pull`) instead of syncing
};

/// `collab edit ID`.
struct EditOptions {
  std::string id;
  bool fresh = false;  ///< drop a kept draft, start from the record
  bool resume = false; ///< resume a kept draft even when the record changed since
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
  static constexpr std::array k_formats{Format::Text, Format::Json};
};

/// `collab diff ID [REV]`.
struct DiffOptions {
  std::string id;
  std::string rev, rev2;
  static constexpr std::array k_formats{Format::Text};
};

/// Filters and layout of `list`, `overdue` and `due`.
struct ViewOptions {
  std::string owner, dept, status, kind, before, after, tag, grep;
  views::SortKey sort = views::SortKey::Deadline;
  views::GroupBy group_by = views::GroupBy::None;
  bool all = false;    ///< list: include done and cancelled
  bool fail = false;   ///< overdue: exit 1 when any
  std::string within;  ///< due: window (default due_soon)
  static constexpr std::array k_formats{Format::Table, Format::Tsv,      Format::Json,
                                        Format::Csv,   Format::CsvPlain, Format::Md};
};

/// `collab show ID|REF`: the terminal view by default; md, html and text render a record in
/// its kind's template (a meeting's minutes), a document to send as is.
struct ShowOptions {
  std::string ref;
  static constexpr std::array k_formats{Format::Text, Format::Json, Format::Md, Format::Html};
};

/// `collab confirm MEETING [--as NAME] [--date DATE]`.
struct ConfirmOptions {
  std::string id;
  std::string as;   ///< who confirms (default: the git identity through `people`)
  std::string date; ///< the day confirmed (default today)
};

/// `collab unconfirmed`: meetings whose minutes wait for attendees' confirmations.
struct UnconfirmedOptions {
  std::string owner, dept, before, after, tag, grep;
  bool fail = false; ///< exit 1 when any
  static constexpr std::array k_formats{Format::Table, Format::Tsv,      Format::Json,
                                        Format::Csv,   Format::CsvPlain, Format::Md};
};

/// `collab mail MEETING [-o FILE]`.
struct MailOptions {
  std::string id;
  std::string output; ///< -o FILE ("" for stdout)
};

// ---- issue 13: the team lead's week and month (report, stats, stale) ----

/// `collab report [--week DATE] [--by dept|owner]`: the weekly roll-up.
struct ReportOptions {
  std::string week; ///< a day of the week (default today)
  std::string by = "dept";
  static constexpr std::array k_formats{Format::Table, Format::Md, Format::Json, Format::Html};
};

/// `collab stats [--month YYYY-MM]`: the monthly review beside the month before.
struct StatsOptions {
  std::string month; ///< YYYY-MM (default this month)
  static constexpr std::array k_formats{Format::Table, Format::Md, Format::Json, Format::Csv, Format::CsvPlain};
};

/// `collab stale`: open items whose record no commit touched for `stale_after` days.
struct StaleOptions {
  std::string owner, dept;
  static constexpr std::array k_formats{Format::Table, Format::Tsv,      Format::Json,
                                        Format::Csv,   Format::CsvPlain, Format::Md};
};

int run_report(const GlobalOptions& g, const ReportOptions& o);
int run_stats(const GlobalOptions& g, const StatsOptions& o);
int run_stale(const GlobalOptions& g, const StaleOptions& o);

// ---- end issue 13 (figures) ----

/// `collab site DIR`: the static HTML dashboard.
struct SiteOptions {
  std::string dir; ///< new, empty, or a site an earlier run wrote
};

// --- issue 13, chase: remind and export ics ---

/// `collab remind [--within DURATION] [--eml DIR]`: one digest per owner of their overdue and
/// due-soon items.
struct RemindOptions {
  std::string within; ///< the due-soon window (default due_soon)
  std::string eml;    ///< --eml DIR: one .eml per owner instead of Markdown on stdout
  std::string owner, dept;
  bool fail = false;  ///< exit 1 when anyone has something to be reminded of
};

/// `collab export ics [-o FILE]`: the open items and the meetings as an RFC 5545 calendar.
struct ExportOptions {
  std::string what;   ///< ics (the one export so far)
  std::string output; ///< -o FILE ("" or "-" for stdout)
  bool all = false;   ///< -a: done and cancelled items too (STATUS COMPLETED / CANCELLED)
};

int run_remind(const GlobalOptions& g, const RemindOptions& o);
int run_export(const GlobalOptions& g, const ExportOptions& o);

// --- end of issue 13, chase ---

/// `collab setup-merge`: the git merge driver for records in an existing repository.
struct SetupMergeOptions {};

/// `collab merge-driver BASE OURS THEIRS PATH` (hidden): what git runs for a record changed on both sides.
struct MergeDriverOptions {
  std::string base, ours, theirs; ///< git's %O %A %B: temporary files; the result goes into ours
  std::string path;               ///< git's %P: the file's path in the repository
};

int run_setup_merge(const GlobalOptions& g, const SetupMergeOptions& o);
int run_merge_driver(const GlobalOptions& g, const MergeDriverOptions& o);

// --- issue 15, schema ---

/// `collab schema [KIND] [--write]`: the editor schema (JSON Schema 2020-12) of the records.
struct SchemaOptions {
  std::string kind;   ///< one kind's schema; "" for the one that takes any record
  bool write = false; ///< --write: (re)write .collab/schema/ in the records root and commit it
};

int run_schema(const GlobalOptions& g, const SchemaOptions& o);
// --- issue 15: completion ---

struct CliSpec; // commands/complete_candidates.h: the command line as the CLI describes it

/// `collab completion bash|zsh|fish`: the shell's completion script.
struct CompletionOptions {
  std::string shell;
};

/// `collab __complete [--describe] [--] WORD...` (hidden): the candidates for the last word.
struct CompleteOptions {
  const CliSpec* spec = nullptr;  ///< the commands and options, from the CLI
  std::vector<std::string> words; ///< the words after `collab`; the last one is being typed
  bool describe = false;          ///< `word<TAB>description` lines (zsh, fish)
};

int run_completion(const GlobalOptions& g, const CompletionOptions& o);
int run_complete(const GlobalOptions& g, const CompleteOptions& o);

// --- end of issue 15: completion ---

/// Each returns the process exit status; environment failures throw collab::Error.
int run_init(const GlobalOptions& g, const InitOptions& o);
int run_lint(const GlobalOptions& g, const LintOptions& o);
int run_new(const GlobalOptions& g, const NewOptions& o);
int run_set(const GlobalOptions& g, const SetOptions& o);
int run_done(const GlobalOptions& g, const DoneOptions& o);
int run_delay(const GlobalOptions& g, const DelayOptions& o);
int run_rm(const GlobalOptions& g, const RmOptions& o);
int run_sync(const GlobalOptions& g, const SyncOptions& o);
int run_edit(const GlobalOptions& g, const EditOptions& o);
int run_commit(const GlobalOptions& g, const CommitOptions& o);
int run_log(const GlobalOptions& g, const LogOptions& o);
int run_diff(const GlobalOptions& g, const DiffOptions& o);
int run_list(const GlobalOptions& g, const ViewOptions& o);
int run_overdue(const GlobalOptions& g, const ViewOptions& o);
int run_due(const GlobalOptions& g, const ViewOptions& o);
int run_show(const GlobalOptions& g, const ShowOptions& o);
int run_confirm(const GlobalOptions& g, const ConfirmOptions& o);
int run_unconfirmed(const GlobalOptions& g, const UnconfirmedOptions& o);
int run_mail(const GlobalOptions& g, const MailOptions& o);
int run_site(const GlobalOptions& g, const SiteOptions& o);

} // namespace collab::commands
