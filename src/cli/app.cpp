// The only translation unit that includes CLI11: it builds the command line, parses every
// choice into the options structs' enums, checks --format against the command's own set
// and hands the options to the command.
#include "cli/app.h"

#include "commands/complete_candidates.h"
#include "commands/context.h"
#include "commands/options.h"

#include "collab/util/i18n.h"
#include "collab/model/date.h"
#include "collab/model/kinds.h"
#include "collab/store/repo.h"
#include "collab/util/error.h"
#include "collab/util/pager.h"
#include "collab/util/terminal.h"
#include "collab/util/text.h"
#include "collab/util/version.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <map>
#include <span>
#include <system_error>
#include <unistd.h>
#include <sstream>

namespace collab::cli {

using namespace collab::commands;
using util::i18n::tr;
using util::i18n::trf;
using util::i18n::trnf;
using util::usage_error;

namespace {

/// A subcommand: its CLI11 node, the formats it accepts and how to run it once parsed.
struct Command {
  CLI::App* app;
  std::vector<Format> formats;
  std::function<int()> run;
};

/// What the command line holds as text until it is checked.
struct RawGlobals {
  std::string format;
  std::string color = "auto";
  bool no_pager = false; ///< --no-pager: never start the pager (issue 15)
};

/// The options of every command, alive while the chosen one runs.
struct AllOptions {
  GlobalOptions global;
  RawGlobals raw;
  InitOptions init;
  LintOptions lint;
  NewOptions new_;
  SetOptions set;
  DoneOptions done;
  DelayOptions delay;
  RmOptions rm;
  EditOptions edit;
  CommitOptions commit;
  LogOptions log;
  DiffOptions diff;
  ViewOptions list, overdue, due;
  std::string list_sort = "deadline";
  std::string list_group_by, overdue_group_by, due_group_by;
  ShowOptions show;
  ConfirmOptions confirm;
  UnconfirmedOptions unconfirmed;
  MailOptions mail;
  // issue 13 (figures)
  ReportOptions report;
  StatsOptions stats;
  StaleOptions stale;
  SiteOptions site;
  RemindOptions remind;   // issue 13, chase
  ExportOptions export_;  // issue 13, chase
  SyncOptions sync;       // issue 14
  SetupMergeOptions setup_merge; // issue 14, merge
  MergeDriverOptions merge_driver;
  SchemaOptions schema; // issue 15, schema
  CompletionOptions completion; // issue 15
};

/// A command's help footer: its paragraphs (formats, exit statuses, examples), one a line.
void footer(CLI::App* cmd, std::initializer_list<std::string> parts)
{
  std::string text;
  for (const auto& part : parts)
    text += (text.empty() ? "" : "\n") + part;
  cmd->footer(text);
}

/// The exit statuses of the commands that only read records (list, due, log, diff...).
std::string read_only_exit_status() { return tr("Exit status: 0 success, 2 usage or configuration error, 3 a file cannot be read."); }

/// The exit statuses of set, done and delay.
std::string write_exit_status()
{
  return tr("Exit status: 0 committed (or nothing to change), 1 refused because the result would have lint errors "
            "(nothing is written), 2 usage or configuration error, 3 record or repository problem.");
}

template <size_t N>
std::vector<Format> formats(const std::array<Format, N>& set)
{
  return {set.begin(), set.end()};
}

/// Adds the global options to the top-level command (they fall through to subcommands).
void add_global_options(CLI::App& app, AllOptions& o)
{
  GlobalOptions& g = o.global;
  app.add_option("-C", g.dir, tr("Run as if started in DIR"))->type_name("DIR");
  app.add_option("--as-of", g.as_of, tr("Take DATE as today (also COLLAB_TODAY)"))->type_name("DATE");
  app.add_option("--format", o.raw.format, tr("Output format (each command has its own: `collab COMMAND --help`)"))
    ->type_name("FORMAT");
  app.add_option("--color", o.raw.color, tr("Colour: auto, always, never"))
    ->type_name("WHEN")
    ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--width", g.width, tr("Table width in columns (default: COLUMNS or the terminal)"))
    ->type_name("N")
    ->check(CLI::Range(10, 10000).description("10-10000"));
  app.add_flag("-q,--quiet", g.quiet, tr("Print only what was asked for (no summaries)"));
  app.add_flag("--no-verify", g.no_verify, tr("Commit without running the pre-commit and commit-msg hooks"));
  app.add_flag("--no-pager", o.raw.no_pager, tr("Never send long output on a terminal through the pager"));
}

Command add_init(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("init", tr("Create a records root: .collab.yaml, the four folders, a commit"));
  cmd->add_option("DIR", o.init.dir, tr("Directory to initialise (default: the current one)"));
  footer(cmd, {tr("Exit status: 0 created (or already a records root), 2 usage error, 3 the directory or its "
                  "repository cannot be written."),
               tr("Example:\n  collab init records/")});
  return {cmd, formats(k_no_formats), [&o] { return run_init(o.global, o.init); }};
}

Command add_setup_merge(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("setup-merge", tr("Make git merge records field by field (git merge driver)"));
  footer(cmd, {tr("Writes `*.yaml merge=collab` and `*.yml merge=collab` to the records root's .gitattributes "
                  "(committed; other lines kept) and sets git config merge.collab.driver, so `git pull`, `git merge` "
                  "and `git rebase` merge a record changed on both sides as `collab sync` does: a field changed on "
                  "both sides leaves the file unchanged and conflicted, never with markers. `collab init` does this "
                  "too. Running it again changes nothing."),
               tr("Exit status: 0 set up (or already set up), 2 usage or configuration error, 3 repository problem."),
               tr("Example:\n  collab setup-merge\n  git pull")});
  return {cmd, formats(k_no_formats), [&o] { return run_setup_merge(o.global, o.setup_merge); }};
}

Command add_merge_driver(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("merge-driver", tr("Merge one record as git's merge driver (run by git)"));
  cmd->group(""); // hidden: git runs it, people run setup-merge
  cmd->add_option("BASE", o.merge_driver.base, tr("The common ancestor's version (git's %O)"))->required();
  cmd->add_option("OURS", o.merge_driver.ours, tr("This side's version, which receives the result (git's %A)"))->required();
  cmd->add_option("THEIRS", o.merge_driver.theirs, tr("The other side's version (git's %B)"))->required();
  cmd->add_option("PATH", o.merge_driver.path, tr("The file's path in the repository (git's %P)"))->required();
  footer(cmd, {tr("Exit status: 0 merged into OURS, 1 a conflict (OURS unchanged, the conflicts on stderr), "
                  "2 usage error, 3 a file cannot be read.")});
  return {cmd, formats(k_no_formats), [&o] { return run_merge_driver(o.global, o.merge_driver); }};
}

Command add_schema(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("schema", tr("Print the JSON Schema of records, for editors"));
  std::vector<std::string> kinds(model::record_kinds().begin(), model::record_kinds().end());
  cmd->add_option("KIND", o.schema.kind, trf("One kind's schema ({}); default: any record", fmt::join(kinds, ", ")));
  cmd->add_flag("--write", o.schema.write,
                tr("Write the schemas to .collab/schema/ in the records root and commit them (as `init` does)"));
  footer(cmd, {tr("Prints JSON Schema (draft 2020-12) made from the kind table: required keys, types, statuses, "
                  "meeting modes, dates. New records start with `# yaml-language-server: $schema=...`, which points "
                  "editors with yaml-language-server at .collab/schema/KIND.json."),
               tr("Exit status: 0 success, 2 usage or configuration error (an unknown KIND), 3 repository problem "
                  "(--write)."),
               tr("Examples:\n  collab schema meeting > meeting.schema.json\n  collab schema --write")});
  return {cmd, formats(k_no_formats), [&o] { return run_schema(o.global, o.schema); }};
}

Command add_lint(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("lint", tr("Validate records (all below the root, or PATH...)"));
  cmd->add_option("PATH", o.lint.paths, tr("Record files or folders to lint (default: every record)"));
  cmd->add_flag("--strict", o.lint.strict,
                tr("Warnings count as errors for the exit status (1 on any finding) and as failures in --format junit"));
  footer(cmd, {tr("Formats: text (default), json, github, sarif, junit, gitlab."),
               tr("Exit status: 0 no errors (warnings allowed, unless --strict), 1 errors found (with --strict: any "
                  "finding), 2 usage or configuration error, 3 a file cannot be read."),
               tr("Examples:\n  collab lint\n  collab lint --format github meetings/\n"
                  "  collab lint --format sarif > collab.sarif")});
  return {cmd, formats(LintOptions::k_formats), [&o] { return run_lint(o.global, o.lint); }};
}

Command add_new(CLI::App& app, AllOptions& o)
{
  NewOptions& n = o.new_;
  auto* cmd = app.add_subcommand("new", tr("Create a record (meeting, task, issue, request) and commit it"));
  std::vector<std::string> kinds(model::record_kinds().begin(), model::record_kinds().end());
  cmd->add_option("KIND", n.kind, fmt::format("{}", fmt::join(kinds, ", ")))->required()->check(CLI::IsMember(kinds));
  cmd->add_option("--title", n.title, tr("Title (topic of a meeting)"));
  cmd->add_option("--owner", n.owner, tr("The one person responsible"));
  cmd->add_option("--deadline", n.deadline, tr("Deadline: YYYY-MM-DD, today, tomorrow, +3d, +2w, fri, eow, eom"));
  cmd->add_option("--deliverable", n.deliverable, tr("Verifiable output or completion standard"));
  cmd->add_option("--status", n.status, tr("Status or alias (default todo)"));
  cmd->add_option("--dept", n.dept, tr("Department (also fills {dept} in the id)"));
  cmd->add_option("--date", n.date, tr("Meeting date, issue occurrence or task start (default today)"));
  cmd->add_option("--host", n.host, tr("Meeting host"));
  cmd->add_option("--recorder", n.recorder, tr("Meeting recorder (default: you, from the people registry)"));
  cmd->add_option("--attendees", n.attendees, tr("Attendees, comma-separated"));
  cmd->add_option("--set", n.sets, tr("Any other field: key=value (repeatable; lists comma-separated)"))
    ->type_name("KEY=VALUE");
  cmd->add_flag("-e,--edit", n.edit, tr("Open $VISUAL/$EDITOR on the record before saving"));
  cmd->add_option("--follow-up", n.follow_up,
                  tr("Meeting: follows up meeting ID (sets follow_up; its open actions go to previous_actions)"))
    ->type_name("ID");
  cmd->add_option("--from", n.from,
                  tr("Task: promote the meeting action REF (title, owner, deadline, deliverable, dept copied; "
                     "source set; the action links to the task; one commit)"))
    ->type_name("REF");
  footer(cmd, {tr("Exit status: 0 committed (or the editor was cancelled), 1 refused because the record would "
                  "have lint errors, or the editor failed (nothing is written), 2 usage or configuration error, "
                  "3 record or repository problem."),
               tr("Examples:\n  collab new meeting --title 'Launch sync' --host 王芳 --attendees 王芳,李雷\n"
                 "  collab new task --title 'Price sheet' --owner 李雷 --deadline fri --deliverable 'sheet v1' --dept 市场部"),
               tr("  collab new meeting --follow-up M-2024-007 --title 'Weekly sync' --host 王芳 --attendees 王芳,李雷\n"
                  "  collab new task --from M-2024-007#2")});
  return {cmd, formats(k_no_formats), [&o] { return run_new(o.global, o.new_); }};
}

Command add_set(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("set", tr("Set fields of a record or item (ID or ID#n) and commit"));
  cmd->add_option("REF", o.set.ref, tr("Record id or item ref (M-2024-007#2)"))->required();
  cmd->add_option("KEY=VALUE", o.set.assignments, tr("Fields to set"))->required();
  footer(cmd, {write_exit_status(), tr("Example:\n  collab set M-2024-007#2 owner=李雷 deadline=+3d")});
  return {cmd, formats(k_no_formats), [&o] { return run_set(o.global, o.set); }};
}

Command add_done(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("done", tr("Mark a record or item done (status, completed) and commit"));
  cmd->add_option("REF", o.done.ref, tr("Record id or item ref"))->required();
  cmd->add_option("--evidence", o.done.evidence, tr("Proof of completion (report, mail, link)"));
  cmd->add_option("--date", o.done.date, tr("Completion date (default today)"));
  footer(cmd, {write_exit_status(), tr("Example:\n  collab done M-2024-007#1 --evidence 'report sent 5/20'")});
  return {cmd, formats(k_no_formats), [&o] { return run_done(o.global, o.done); }};
}

Command add_delay(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("delay", tr("Delay a record or item to a new deadline, with its reason"));
  cmd->add_option("REF", o.delay.ref, tr("Record id or item ref"))->required();
  cmd->add_option("--to", o.delay.to, tr("The new deadline"))->required();
  cmd->add_option("--reason", o.delay.reason, tr("Why it is late"))->required();
  footer(cmd, {write_exit_status(), tr("Example:\n  collab delay T-2024-001 --to +1w --reason 'supplier late'")});
  return {cmd, formats(k_no_formats), [&o] { return run_delay(o.global, o.delay); }};
}

Command add_rm(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("rm", tr("Delete a record (a commit too)"));
  cmd->add_option("ID", o.rm.id, tr("Record id"))->required();
  cmd->add_flag("--force", o.rm.force, tr("Remove it even when it has changes not committed (they are lost)"));
  footer(cmd, {tr("Exit status: 0 removed and committed, 2 usage or configuration error (no such record), 3 changes "
                  "not committed (see --force) or a repository problem."),
               tr("Examples:\n  collab rm T-2024-003\n  collab rm --force M-2024-012")});
  return {cmd, formats(k_no_formats), [&o] { return run_rm(o.global, o.rm); }};
}

Command add_edit(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("edit", tr("Edit a record in $VISUAL/$EDITOR, validate and commit"));
  cmd->add_option("ID", o.edit.id, tr("Record id"))->required();
  auto* fresh = cmd->add_flag("--fresh", o.edit.fresh, tr("Drop a kept draft and start from the record"));
  cmd->add_flag("--resume", o.edit.resume, tr("Reuse a kept draft even if the record changed since it was saved"))
    ->excludes(fresh);
  footer(cmd, {tr("Exit status: 0 committed (or nothing changed, or the editor was cancelled), 1 the editor failed "
                  "or the record is still invalid (the draft is kept), 2 usage or configuration error, 3 record or "
                  "repository problem."),
               tr("Examples:\n  collab edit M-2024-007\n  EDITOR=nano collab edit T-2024-001 --fresh")});
  return {cmd, formats(k_no_formats), [&o] { return run_edit(o.global, o.edit); }};
}

Command add_commit(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("commit", tr("Lint and commit records edited by hand"));
  cmd->add_option("PATH", o.commit.paths, tr("Record files (default: every changed record)"));
  cmd->add_option("-m,--message", o.commit.message, tr("Text added to the commit message"));
  footer(cmd, {tr("Exit status: 0 committed (or nothing to commit), 1 a record has lint errors (nothing is "
                  "committed), 2 usage or configuration error, 3 record or repository problem."),
               tr("Example:\n  collab commit meetings/M-2024-007.yaml -m 'agenda points from the recording'")});
  return {cmd, formats(k_no_formats), [&o] { return run_commit(o.global, o.commit); }};
}

Command add_log(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("log", tr("List a record's revisions (v1, v2, ...): date, author, message"));
  cmd->add_option("ID", o.log.id, tr("Record id"))->required();
  cmd->add_option("-n,--max-count", o.log.limit, tr("Show at most N revisions (default 20)"))->type_name("N");
  cmd->add_flag("--all", o.log.all, tr("Show every revision (numbered from v1 either way)"));
  footer(cmd, {tr("Exit status: 0 success, 2 usage or configuration error (no such record), 3 record or repository "
                  "problem."),
               tr("Examples:\n  collab log M-2024-007\n  collab log M-2024-007 --all --format json")});
  return {cmd, formats(LogOptions::k_formats), [&o] { return run_log(o.global, o.log); }};
}

Command add_diff(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("diff", tr("Show what changed in a record, field by field"));
  cmd->add_option("ID", o.diff.id, tr("Record id"))->required();
  cmd->add_option("REV", o.diff.rev, tr("A revision (v2, a commit, HEAD~3, a date) to compare the file with"));
  cmd->add_option("REV2", o.diff.rev2, tr("A second revision (v3, a commit, a date) to compare with instead of the file"));
  footer(cmd, {tr("Exit status: 0 success, 2 usage or configuration error (no such record or revision), 3 record "
                  "or repository problem."),
               tr("Example:\n  collab diff M-2024-007 v1")});
  return {cmd, formats(DiffOptions::k_formats), [&o] { return run_diff(o.global, o.diff); }};
}

/// The filters shared by list, overdue and due.
void add_view_filters(CLI::App* cmd, ViewOptions& v, std::string& group_by)
{
  cmd->add_option("--owner", v.owner, tr("Only this owner's items"));
  cmd->add_option("--dept", v.dept, tr("Only this department's items"));
  cmd->add_option("--status", v.status, tr("Only items with this status (aliases accepted)"));
  cmd->add_option("--kind", v.kind, tr("task, subtask, action, solution, request (or meeting, issue)"));
  cmd->add_option("--before", v.before, tr("Deadline before DATE"))->type_name("DATE");
  cmd->add_option("--after", v.after, tr("Deadline after DATE"))->type_name("DATE");
  cmd->add_option("--tag", v.tag, tr("Only items of records with this tag"));
  cmd->add_option("--grep", v.grep, tr("Only items whose ref, text, owner or dept contain TEXT"))->type_name("TEXT");
  cmd->add_option("--group-by", group_by, tr("Group by owner, dept or record"))->type_name("KEY");
}

/// Usage errors found once the command line is parsed are in the language of the records
/// root (its `lang`), as the command's own messages would be.
void speak_repo_language(const GlobalOptions& g) { util::i18n::set_language(repo_language(g)); }

/// The index of `value` in `names` (a closed set of choices); Error(2) naming the choices otherwise.
size_t parse_choice(const GlobalOptions& g, std::string_view flag, const std::string& value,
                    const std::vector<std::string_view>& names)
{
  for (size_t i = 0; i < names.size(); ++i)
    if (!names[i].empty() && names[i] == value)
      return i;
  std::vector<std::string_view> shown;
  for (auto n : names)
    if (!n.empty())
      shown.push_back(n);
  const std::string last(shown.back());
  shown.pop_back();
  speak_repo_language(g);
  throw usage_error(trf("{} `{}`: use {} or {}", flag, value, fmt::join(shown, ", "), last));
}

views::GroupBy parse_group_by(const GlobalOptions& g, const std::string& value)
{
  if (value.empty())
    return views::GroupBy::None;
  return static_cast<views::GroupBy>(parse_choice(g, "--group-by", value, views::group_by_names()));
}

std::vector<Command> add_views(CLI::App& app, AllOptions& o)
{
  auto* list = app.add_subcommand("list", tr("List open items (tasks, subtasks, actions, solutions, requests)"));
  add_view_filters(list, o.list, o.list_group_by);
  list->add_option("--sort", o.list_sort, tr("deadline (default), ref, owner, dept, status, late"))->type_name("KEY");
  list->add_flag("-a,--all", o.list.all, tr("Include done and cancelled items"));
  footer(list, {read_only_exit_status(), tr("Examples:\n  collab list --owner 李雷\n  collab list --group-by dept --format md")});
  auto* overdue = app.add_subcommand("overdue", tr("Items past their deadline, most late first"));
  add_view_filters(overdue, o.overdue, o.overdue_group_by);
  overdue->add_flag("--fail", o.overdue.fail, tr("Exit 1 when any item is overdue (cron, CI)"));
  footer(overdue, {tr("Exit status: 0 success (with --fail: nothing is overdue), 1 with --fail: an item is overdue, 2 "
                      "usage or configuration error, 3 a file cannot be read."),
                   tr("Examples:\n  collab overdue --group-by owner\n  collab overdue --fail --format tsv")});
  auto* due = app.add_subcommand("due", tr("Items due soon (from today to today + due_soon)"));
  add_view_filters(due, o.due, o.due_group_by);
  due->add_option("--within", o.due.within, tr("The window, e.g. 2d, 1w (default: due_soon)"))->type_name("DURATION");
  footer(due, {read_only_exit_status(), tr("Examples:\n  collab due --within 1w\n  collab due --owner 李雷 --format md")});
  const auto views = formats(ViewOptions::k_formats);
  return {
    {list, views, [&o] {
       o.list.sort =
         static_cast<views::SortKey>(parse_choice(o.global, "--sort", o.list_sort, views::sort_key_names()));
       o.list.group_by = parse_group_by(o.global, o.list_group_by);
       return run_list(o.global, o.list);
     }},
    {overdue, views, [&o] {
       o.overdue.group_by = parse_group_by(o.global, o.overdue_group_by);
       return run_overdue(o.global, o.overdue);
     }},
    {due, views, [&o] {
       o.due.group_by = parse_group_by(o.global, o.due_group_by);
       return run_due(o.global, o.due);
     }},
  };
}

Command add_show(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("show", tr("Show a record (a meeting reads like minutes) or one item"));
  cmd->add_option("REF", o.show.ref, tr("Record id or item ref"))->required();
  footer(cmd, {tr("Exit status: 0 success, 2 usage or configuration error (no such record or item), 3 the record "
                  "cannot be read or parsed."),
               tr("Formats: md, html and text render a whole record in its kind's template (a meeting as the "
                  "minutes, with their version V1.n, the previous actions' current status and the confirmations), "
                  "a document to send as is; json prints the record or item as JSON."),
               tr("Examples:\n  collab show M-2024-007\n  collab show M-2024-007 --format md > minutes.md\n"
                  "  collab show M-2024-007 --format html > minutes.html\n  collab show M-2024-007#2 --format json")});
  return {cmd, formats(ShowOptions::k_formats), [&o] { return run_show(o.global, o.show); }};
}

Command add_confirm(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("confirm", tr("Confirm a meeting's minutes as an attendee (name, date, version) and commit"));
  cmd->add_option("MEETING", o.confirm.id, tr("Meeting id"))->required();
  cmd->add_option("--as", o.confirm.as, tr("The attendee who confirms (default: you, by your git identity through "
                                           "`people`)"))
    ->type_name("NAME");
  cmd->add_option("--date", o.confirm.date, tr("The day of the confirmation (default today)"))->type_name("DATE");
  footer(cmd, {tr("Exit status: 0 committed (or already confirmed: nothing to commit), 1 refused because the result "
                  "would have lint errors, 2 usage or configuration error (not an attendee, no such meeting, a date "
                  "in the future or before the meeting), 3 the minutes have changes not committed, or a record or "
                  "repository problem."),
               tr("Examples:\n  collab confirm M-2024-007\n  collab confirm M-2024-007 --as 周八 --date 2024-05-11")});
  return {cmd, formats(k_no_formats), [&o] { return run_confirm(o.global, o.confirm); }};
}

Command add_unconfirmed(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("unconfirmed", tr("Meetings past 24 hours whose minutes not every attendee has confirmed"));
  UnconfirmedOptions& u = o.unconfirmed;
  cmd->add_option("--owner", u.owner, tr("Only meetings this attendee has not confirmed"))->type_name("NAME");
  cmd->add_option("--dept", u.dept, tr("Only meetings where someone of this department has not confirmed"));
  cmd->add_option("--before", u.before, tr("Meetings held before DATE"))->type_name("DATE");
  cmd->add_option("--after", u.after, tr("Meetings held after DATE"))->type_name("DATE");
  cmd->add_option("--tag", u.tag, tr("Only meetings with this tag"));
  cmd->add_option("--grep", u.grep, tr("Only meetings whose id, title or missing names contain TEXT"))->type_name("TEXT");
  cmd->add_flag("--fail", u.fail, tr("Exit 1 when any meeting waits for confirmations (cron, CI)"));
  footer(cmd, {tr("Exit status: 0 success (with --fail: every meeting is confirmed), 1 with --fail: a meeting waits "
                  "for confirmations, 2 usage or configuration error, 3 a file cannot be read."),
               tr("Examples:\n  collab unconfirmed\n  collab unconfirmed --owner 周八 --fail --format tsv")});
  return {cmd, formats(UnconfirmedOptions::k_formats), [&o] { return run_unconfirmed(o.global, o.unconfirmed); }};
}

Command add_mail(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("mail", tr("Write a meeting's minutes as an e-mail (.eml) to send to attendees and cc"));
  cmd->add_option("MEETING", o.mail.id, tr("Meeting id"))->required();
  cmd->add_option("-o,--output", o.mail.output, tr("Write to FILE (default: standard output)"))->type_name("FILE");
  footer(cmd, {tr("Exit status: 0 written (names without an address are listed on stderr), 2 usage or configuration "
                  "error (no such meeting), 3 the record cannot be read, no git repository or identity (for From), "
                  "or FILE cannot be written."),
               tr("Examples:\n  collab mail M-2024-007 -o minutes.eml\n  collab mail M-2024-007 > minutes.eml")});
  return {cmd, formats(k_no_formats), [&o] { return run_mail(o.global, o.mail); }};
}

Command add_sync(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("sync", tr("Fetch, merge record by record and field by field, and push (the branch's upstream)"));
  cmd->add_flag("--fix-ids", o.sync.fix_ids,
                tr("Renumber records that share an id (as a plain `git pull` can bring): the upstream's keeps it"));
  footer(cmd, {tr("Changes to different fields or items of one record merge; the same field changed on both sides is a "
                  "conflict: nothing is written, both values are listed, and a `set`, `delay` or `done` of the field "
                  "keeps your value at the next sync. A record created on both sides under one id is renumbered here, "
                  "with every reference to it."),
               tr("Exit status: 0 in sync (pushed when there was something to push), 1 conflicts (listed; nothing "
                  "written), 2 usage or configuration error, 3 no upstream, changes not committed in the way, or the "
                  "network or the remote refused (one line says why)."),
               tr("Examples:\n  collab sync\n  collab sync --fix-ids")});
  return {cmd, formats(k_no_formats), [&o] { return run_sync(o.global, o.sync); }};
}

// ---- issue 13: report, stats, stale ----

std::vector<Command> add_figures(CLI::App& app, AllOptions& o)
{
  std::vector<Command> out;
  auto* report = app.add_subcommand("report", tr("The weekly roll-up: done, overdue, due next week, delayed, stale, new"));
  report->add_option("--week", o.report.week, tr("A day of the week (Monday–Sunday) to report on (default today)"))
    ->type_name("DATE");
  report->add_option("--by", o.report.by, tr("Group each list by dept (default) or owner"))
    ->type_name("dept|owner")
    ->check(CLI::IsMember({"dept", "owner"}));
  footer(report, {tr("Formats: table (default), md (to paste into the Monday mail), json, html (a page for a browser or "
                     "phone)."),
                  read_only_exit_status() + " " + tr("Outside git the report has no stale list (a warning says so)."),
                  tr("Examples:\n  collab report\n  collab report --week 2024-05-20 --by owner --format md\n  "
                     "collab report --format html > week.html")});
  out.push_back({report, formats(ReportOptions::k_formats), [&o] { return run_report(o.global, o.report); }});

  auto* stats = app.add_subcommand("stats", tr("The monthly review: on-time rates by department and owner, delay "
                                               "reasons, issue categories, beside the month before"));
  stats->add_option("--month", o.stats.month, tr("The month to review (default this month)"))->type_name("YYYY-MM");
  footer(stats, {tr("Formats: table (default; the month before in parentheses), md, json, csv, csv-plain. `man "
                    "collab` defines each figure."),
                 read_only_exit_status(),
                 tr("Examples:\n  collab stats\n  collab stats --month 2024-05 --format csv > 2024-05.csv")});
  out.push_back({stats, formats(StatsOptions::k_formats), [&o] { return run_stats(o.global, o.stats); }});

  auto* stale = app.add_subcommand("stale", tr("Open items whose record no commit touched for stale_after days"));
  stale->add_option("--owner", o.stale.owner, tr("Only items of this owner"))->type_name("NAME");
  stale->add_option("--dept", o.stale.dept, tr("Only items of this department"));
  footer(stale, {tr("Exit status: 0 success, 2 usage or configuration error, 3 a file cannot be read or no git "
                    "repository (stale needs history)."),
                 tr("Examples:\n  collab stale\n  collab stale --dept 研发部 --format json")});
  out.push_back({stale, formats(StaleOptions::k_formats), [&o] { return run_stale(o.global, o.stale); }});
  return out;
}

// ---- end issue 13 (figures) ----

Command add_site(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("site", tr("Write a static HTML dashboard to DIR (overdue, due soon, departments, "
                                            "owners, this week, this month, every record with its history)"));
  cmd->add_option("DIR", o.site.dir, tr("A new or empty folder, or a site written before (only what changed is "
                                        "written again)"))
    ->required();
  footer(cmd, {tr("DIR must be new, empty or a site an earlier `collab site` wrote (it holds .collab-site); pages of "
                  "records that are gone are removed, files collab did not write are left alone. Links are "
                  "relative: open DIR/index.html from disk or publish DIR with GitHub or GitLab Pages (see `man "
                  "collab`)."),
               tr("Exit status: 0 written (or nothing changed), 2 usage or configuration error (DIR is a file, or "
                  "not empty and no site), 3 a record or the repository cannot be read, or DIR cannot be written."),
               tr("Examples:\n  collab site public\n  collab site --as-of 2024-06-03 /tmp/site && xdg-open "
                  "/tmp/site/index.html")});
  return {cmd, formats(k_no_formats), [&o] { return run_site(o.global, o.site); }};
}

// --- issue 13, chase: remind and export ics ---

Command add_remind(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("remind", tr("One digest per owner of their overdue and due-soon items (Markdown, or "
                                              "one .eml per owner)"));
  RemindOptions& r = o.remind;
  cmd->add_option("--within", r.within, tr("The due-soon window, e.g. 2d, 1w (default: due_soon)"))
    ->type_name("DURATION");
  cmd->add_option("--eml", r.eml, tr("Write one .eml per owner into DIR (created when missing) instead of Markdown"))
    ->type_name("DIR");
  cmd->add_option("--owner", r.owner, tr("Only this owner's digest (aliases count)"))->type_name("NAME");
  cmd->add_option("--dept", r.dept, tr("Only items of this department"));
  cmd->add_flag("--fail", r.fail, tr("Exit 1 when anyone has an overdue or due-soon item (cron, CI)"));
  footer(cmd, {tr("Exit status: 0 success (also when nobody has anything due: nothing is printed or written), 1 with "
                  "--fail: someone has an overdue or due-soon item, 2 usage or configuration error, 3 a file cannot "
                  "be read, DIR cannot be written, or (with --eml) no git identity with a mail address for From."),
               tr("Examples:\n  collab remind\n  collab remind --within 3d --owner 赵六\n"
                  "  collab remind --eml outbox/ -q")});
  return {cmd, formats(k_no_formats), [&o] { return run_remind(o.global, o.remind); }};
}

Command add_export(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("export", tr("Export the open items and the meetings as a calendar (RFC 5545 .ics)"));
  cmd->add_option("FORMAT", o.export_.what, tr("What to export: ics"))->required();
  cmd->add_option("-o,--output", o.export_.output, tr("Write to FILE (default: standard output)"))->type_name("FILE");
  cmd->add_flag("-a,--all", o.export_.all, tr("Include done and cancelled items (STATUS COMPLETED, CANCELLED)"));
  footer(cmd, {tr("Exit status: 0 written, 2 usage or configuration error (a FORMAT other than ics), 3 a file "
                  "cannot be read or FILE cannot be written."),
               tr("Examples:\n  collab export ics -o team.ics\n  collab export ics --as-of 2024-06-01 > team.ics")});
  return {cmd, formats(k_no_formats), [&o] { return run_export(o.global, o.export_); }};
}

// --- end of issue 13, chase ---

// --- issue 15: completion and help ---

/// The word that runs the completion entry point (hidden: the scripts call it, people do not).
constexpr std::string_view k_complete_word = "__complete";

Command add_completion(CLI::App& app, AllOptions& o)
{
  auto* cmd = app.add_subcommand("completion", tr("Print the completion script of a shell (bash, zsh, fish)"));
  cmd->add_option("SHELL", o.completion.shell, tr("The shell: bash, zsh or fish"))
    ->required()
    ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  footer(cmd, {tr("The script completes commands, options, formats, statuses, kinds, people, departments, ids and "
                  "refs of the records root (-C counts) by calling `collab __complete`."),
               tr("Exit status: 0 printed, 2 usage error (not bash, zsh or fish)."),
               tr("Examples:\n  collab completion bash > ~/.local/share/bash-completion/completions/collab\n"
                  "  collab completion fish > ~/.config/fish/completions/collab.fish")});
  return {cmd, formats(k_no_formats), [&o] { return run_completion(o.global, o.completion); }};
}

/// The names of the formats a command accepts.
std::vector<std::string> format_names(const std::vector<Format>& formats)
{
  std::vector<std::string> names;
  for (Format f : formats)
    names.emplace_back(format_name(f));
  return names;
}

/// The closed set CLI11 checks a value against (IsMember shows it as `{a,b,c}` in the type).
std::vector<std::string> member_choices(const CLI::Option* opt)
{
  const std::string type = opt->get_type_name();
  const size_t open = type.find('{'), close = type.rfind('}');
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open)
    return out;
  const std::string list = type.substr(open + 1, close - open - 1);
  for (size_t at = 0; at <= list.size();) {
    const size_t end = std::min(list.find(',', at), list.size());
    if (end > at)
      out.push_back(list.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

/// What a value of the option is completed with: the closed sets the command line checks,
/// else by what the option or its placeholder names.
void set_value_source(const CLI::Option* opt, CliOption& c)
{
  const auto has = [&](std::initializer_list<std::string_view> names) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) {
      return std::find(c.names.begin(), c.names.end(), n) != c.names.end();
    });
  };
  const auto some = [](const std::vector<std::string_view>& names) {
    std::vector<std::string> out;
    for (auto n : names)
      if (!n.empty())
        out.emplace_back(n);
    return out;
  };
  std::string type = opt->get_type_name();
  type = c.positional ? opt->get_name() : type.substr(0, type.find(':'));
  c.choices = member_choices(opt);
  if (!c.choices.empty())
    c.source = ValueSource::Choices;
  else if (has({"--status"}))
    c.source = ValueSource::Status;
  else if (has({"--kind"}))
    c.source = ValueSource::Choices, c.choices = some(model::item_kinds());
  else if (has({"--group-by"}))
    c.source = ValueSource::Choices, c.choices = some(views::group_by_names());
  else if (has({"--sort"}))
    c.source = ValueSource::Choices, c.choices = some(views::sort_key_names());
  else if (has({"--owner", "--host", "--recorder", "--as"}))
    c.source = ValueSource::Person;
  else if (has({"--attendees"}))
    c.source = ValueSource::People;
  else if (has({"--dept"}))
    c.source = ValueSource::Dept;
  else if (has({"--follow-up"}) || type == "MEETING")
    c.source = ValueSource::MeetingId;
  else if (type == "REF")
    c.source = ValueSource::Ref;
  else if (type == "ID")
    c.source = ValueSource::Id;
  else if (type == "KEY=VALUE")
    c.source = ValueSource::Assignment;
  else if (type == "DIR" || has({"-C"}))
    c.source = ValueSource::Dir;
  else if (type == "FILE" || type == "PATH")
    c.source = ValueSource::Path;
}

/// One option of the CLI11 app as completions see it.
CliOption describe(const CLI::Option* opt)
{
  CliOption c;
  c.positional = opt->get_positional();
  if (c.positional)
    c.names.push_back(opt->get_name());
  for (const auto& n : opt->get_snames())
    c.names.push_back("-" + n);
  for (const auto& n : opt->get_lnames())
    c.names.push_back("--" + n);
  c.help = opt->get_description();
  c.takes_value = opt->get_items_expected_max() > 0;
  c.many = opt->get_items_expected_max() > 1;
  set_value_source(opt, c);
  return c;
}

/// The command line as completions see it, read from the CLI11 app: the global options, and
/// each visible command with its options (and --format with its own formats).
CliSpec cli_spec(const CLI::App& app, const std::vector<Command>& commands)
{
  CliSpec spec;
  std::vector<std::string> all_formats;
  for (const auto* opt : app.get_options())
    spec.globals.push_back(describe(opt));
  for (const auto& c : commands) {
    if (c.app->get_group().empty())
      continue; // hidden
    CliCommand cmd{c.app->get_name(), c.app->get_description(), {}, {}};
    for (const auto* opt : c.app->get_options())
      cmd.options.push_back(describe(opt));
    const auto* format = app.get_option_no_throw("--format");
    if (c.formats.empty()) {
      cmd.refused.emplace_back("--format");
    } else if (format) {
      CliOption own = describe(format);
      own.source = ValueSource::Choices;
      own.choices = format_names(c.formats);
      for (const auto& f : own.choices)
        if (std::find(all_formats.begin(), all_formats.end(), f) == all_formats.end())
          all_formats.push_back(f);
      cmd.options.push_back(std::move(own));
    }
    spec.commands.push_back(std::move(cmd));
  }
  for (auto& g : spec.globals)
    if (std::find(g.names.begin(), g.names.end(), "--format") != g.names.end())
      g.source = ValueSource::Choices, g.choices = all_formats;
  return spec;
}

/// The arguments of `collab __complete [--describe] [--] WORD...`.
CompleteOptions complete_arguments(int argc, char** argv)
{
  CompleteOptions c;
  int i = 2;
  if (i < argc && std::string_view(argv[i]) == "--describe")
    c.describe = true, ++i;
  if (i < argc && std::string_view(argv[i]) == "--")
    ++i;
  c.words.assign(argv + i, argv + argc);
  return c;
}

/// `collab __complete`: the candidates for the last word.
int run_complete_words(const CLI::App& app, const std::vector<Command>& commands, AllOptions& o, int argc,
                       char** argv)
{
  CompleteOptions c = complete_arguments(argc, argv);
  const CliSpec spec = cli_spec(app, commands);
  c.spec = &spec;
  return run_complete(o.global, c);
}

/// The commands whose output goes through the pager on a terminal (lint and remind: some formats).
constexpr std::string_view k_paged[] = {"list", "overdue", "due",   "show",  "log",         "diff",  "report",
                                        "stats", "stale", "unconfirmed", "lint", "remind"};
/// The commands that commit, and so run the repository's hooks (--no-verify).
constexpr std::string_view k_committing[] = {"init", "new",     "set",  "done",   "delay",       "rm",
                                             "edit", "commit",  "confirm", "sync", "setup-merge", "schema"};

template <size_t N>
bool is_one_of(std::string_view name, const std::string_view (&set)[N])
{
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

/// CLI11's help, with a command's global options after its own (with --format naming that
/// command's formats, and left out when it has none).
class HelpFormatter : public CLI::Formatter {
public:
  /// The formats of each command, known once the commands are made.
  std::map<const CLI::App*, std::vector<Format>> formats;

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override
  {
    if (!app->get_parent() || mode == CLI::AppFormatMode::Sub)
      return CLI::Formatter::make_help(app, std::move(name), mode);
    std::stringstream out;
    out << make_description(app) << make_usage(app, name) << make_positionals(app) << make_groups(app, mode)
        << make_globals(app) << make_subcommands(app, mode) << '\n'
        << make_footer(app);
    return out.str();
  }

private:
  std::string make_globals(const CLI::App* app) const
  {
    const CLI::App* parent = app->get_parent();
    const auto it = formats.find(app);
    const std::vector<Format> own = it == formats.end() ? std::vector<Format>() : it->second;
    std::stringstream out;
    for (const auto* opt : parent->get_options()) {
      if (opt == parent->get_help_ptr() || opt == parent->get_option_no_throw("--version"))
        continue;
      // Only the global options this command takes notice of.
      if ((opt->check_name("--no-pager") && !is_one_of(app->get_name(), k_paged)) ||
          (opt->check_name("--no-verify") && !is_one_of(app->get_name(), k_committing)))
        continue;
      if (!opt->check_name("--format")) {
        out << make_option(opt, false);
        continue;
      }
      if (own.empty())
        continue;
      std::vector<std::string_view> names;
      for (Format f : own)
        names.push_back(format_name(f));
      CLI::detail::format_help(out, make_option_name(opt, false) + make_option_opts(opt),
                               trf("Output format: {}", fmt::join(names, ", ")), column_width_);
    }
    return std::string("\n") + tr("Global options") + ":\n" + out.str();
  }
};

// --- end of issue 15: completion and help ---

/// CLI11 reports an unknown command as a missing one; say what is wrong instead (Error(2)).
void check_command_name(const CLI::App& app, int argc, char** argv)
{
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg[0] == '-') {
      // A global option given as two words: skip its value too.
      if (arg.find('=') == std::string::npos)
        for (const auto* opt : app.get_options())
          if (opt->get_items_expected_max() > 0 && opt->check_name(arg)) {
            ++i;
            break;
          }
      continue;
    }
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands({}))
      names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), arg) != names.end())
      return;
    const auto near = util::nearest(arg, names);
    throw usage_error(near.empty() ? trf("unknown command `{}`\nCommands: {}. Run `collab --help` for usage.", arg,
                                         fmt::join(names, ", "))
                                   : trf("unknown command `{}`; did you mean `{}`?\nCommands: {}. Run `collab --help` "
                                         "for usage.",
                                         arg, near, fmt::join(names, ", ")));
  }
}

/// Turns the global options' text into their enums, and refuses a --format the command has no use for.
void check_globals(AllOptions& o, const Command& cmd)
{
  GlobalOptions& g = o.global;
  if (!g.as_of.empty() && !model::parse_friendly_date(g.as_of, model::local_today())) {
    speak_repo_language(g);
    throw usage_error(trf("--as-of `{}` is not a date; use YYYY-MM-DD, today, +3d, fri...", g.as_of));
  }
  g.color = o.raw.color == "always" ? util::ColorMode::Always
            : o.raw.color == "never" ? util::ColorMode::Never
                                     : util::ColorMode::Auto;
  if (o.raw.format.empty())
    return;
  const std::string name = cmd.app->get_name();
  const auto format = parse_format(o.raw.format);
  if (format && std::find(cmd.formats.begin(), cmd.formats.end(), *format) != cmd.formats.end()) {
    g.format = *format;
    return;
  }
  speak_repo_language(g);
  if (cmd.formats.empty())
    throw usage_error(trf("`{}` takes no --format (it prints what it did); drop --format {}", name, o.raw.format));
  std::vector<std::string_view> accepted;
  for (Format f : cmd.formats)
    accepted.push_back(format_name(f));
  throw usage_error(format ? trf("no format `{}` for {}; use {}", o.raw.format, name, fmt::join(accepted, ", "))
                           : trf("unknown format `{}` for {}; use {}", o.raw.format, name, fmt::join(accepted, ", ")));
}

/// Whether a command prints a view or a document a person reads, which goes through the pager
/// on a terminal: never a write, a prompt, the editor, or output made for another program.
bool pages(const AllOptions& o, const Command& cmd)
{
  const std::string name = cmd.app->get_name();
  if (name == "lint") // the findings, not the machine formats (JSON, SARIF...)
    return o.global.format == Format::Default || o.global.format == Format::Text;
  if (name == "remind") // the Markdown digests, not --eml (it writes files)
    return o.remind.eml.empty();
  return is_one_of(name, k_paged);
}

/// Runs the command, its standard output through the pager when it pages, stdout is a terminal
/// and --no-pager is not given. The exit status stays the command's own; a person quitting the
/// pager before the end of the output is not an error.
int run_paged(const AllOptions& o, const Command& cmd)
{
  if (o.raw.no_pager || !pages(o, cmd) || !util::is_terminal(STDOUT_FILENO) ||
      !util::start_pager(util::pager_command()))
    return cmd.run();
  struct FinishPager {
    ~FinishPager() { util::finish_pager(); }
  } finish_pager;
  try {
    return cmd.run();
  } catch (const std::system_error& e) {
    if (util::pager_quit_early(e.code().value()))
      return util::k_exit_ok;
    throw;
  }
}

/// Whether a command opens the git repository (and so needs libgit2).
bool opens_git(std::string_view name)
{
  static constexpr std::string_view k_git_commands[] = {"init", "new",    "set", "done", "delay",
                                                        "rm",   "edit",   "commit", "log", "diff",
                                                        "confirm", "mail", "report", "stale", "site", "sync",
                                                        "setup-merge", "merge-driver"};
  return std::find(std::begin(k_git_commands), std::end(k_git_commands), name) != std::end(k_git_commands);
}

/// The value of -C on the command line ("" without one), read before CLI11 parses it: a usage
/// error or the help speaks the language of the records root that -C names.
std::string dir_argument(int argc, char** argv)
{
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--")
      break;
    if (arg == "-C" && i + 1 < argc)
      dir = argv[++i];
    else if (arg.starts_with("-C") && arg.size() > 2)
      dir = std::string(arg.substr(2));
  }
  return dir;
}

/// Switches to the language of the records root (its `lang`, else the environment's); true
/// when that changed the language in use.
bool switch_to_repo_language(int argc, char** argv)
{
  GlobalOptions g;
  g.dir = dir_argument(argc, argv);
  const std::string before = util::i18n::language();
  util::i18n::set_language(repo_language(g));
  return util::i18n::language() != before;
}

/// The text after `sep` in `what` ("" when there is none).
std::string after(const std::string& what, std::string_view sep)
{
  const size_t at = what.find(sep);
  return at == std::string::npos ? std::string() : what.substr(at + sep.size());
}

/// CLI11's message for a parse error, in the catalogue's words. CLI11 words its messages in
/// English inside the exception; each type has a few fixed shapes, recognised here, and a
/// shape not known is shown as CLI11 words it, after a translated lead.
std::string worded(const CLI::ParseError& e)
{
  const std::string what = e.what();
  const std::string name = what.substr(0, what.find(':'));
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    // CLI11 lists them last first (rjoin): back in command-line order.
    const std::string listed = after(what, ": ");
    std::vector<std::string_view> words;
    for (size_t at = 0; at <= listed.size();) {
      const size_t end = std::min(listed.find(' ', at), listed.size());
      words.insert(words.begin(), std::string_view(listed).substr(at, end - at));
      at = end + 1;
    }
    const std::string args = fmt::format("{}", fmt::join(words, " "));
    const size_t n = words.size();
    return trnf("unexpected argument {1}: the command takes no such option or value",
                "unexpected arguments {1}: the command takes no such options or values", n, args);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (what == "A subcommand is required")
      return tr("a command is required");
    if (what.ends_with(" is required"))
      return trf("{} is required", what.substr(0, what.size() - std::string_view(" is required").size()));
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && what.ends_with(" missing"))
    return trf("{} needs a value", name);
  if (dynamic_cast<const CLI::ValidationError*>(&e) || dynamic_cast<const CLI::ConversionError*>(&e)) {
    const std::string detail = after(what, ": ");
    // "Value 5 not in range 10 to 10000" (Range), "x not in {a,b}" (IsMember).
    if (detail.starts_with("Value ") && detail.find(" not in range ") != std::string::npos) {
      const std::string value = detail.substr(6, detail.find(" not in range ") - 6);
      const std::string range = after(detail, " not in range ");
      return trf("{}: `{}` is not a whole number from {} to {}", name, value, range.substr(0, range.find(' ')),
                 after(range, " to "));
    }
    if (const size_t at = detail.find(" not in {"); at != std::string::npos)
      return trf("{}: `{}` is not one of {}", name, detail.substr(0, at), detail.substr(at + 8));
  }
  return trf("invalid command line: {}", what);
}

/// Builds the command line in the language in use, parses argv and runs the command.
/// `retry` is set (and nothing has run) when the help or a usage error should be said again in
/// the records root's language.
int parse_and_run(int argc, char** argv, bool first, bool& retry)
{
  CLI::App app{tr("collab: cross-department meeting minutes, action items, tasks, issues and requests as YAML "
                  "records in git"),
               "collab"};
  // Before the subcommands, which inherit the help flag, the option group and the formatter.
  app.option_defaults()->group(tr("Options"));
  app.group(tr("Subcommands"));
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  app.set_version_flag("--version", std::string("collab ") + util::k_version,
                       tr("Display program version information and exit"));
  auto help_format = std::make_shared<HelpFormatter>(); // issue 15: global options in each command's help
  app.formatter(help_format);
  const auto& format = app.get_formatter();
  format->label("Usage", tr("Usage"));
  format->label("OPTIONS", tr("OPTIONS"));
  format->label("SUBCOMMAND", tr("SUBCOMMAND"));
  format->label("SUBCOMMANDS", tr("SUBCOMMANDS"));
  format->label("Positionals", tr("Positionals"));
  format->label("POSITIONALS", tr("POSITIONALS"));
  format->label("REQUIRED", tr("REQUIRED"));
  format->label("Subcommands", tr("Subcommands"));
  format->label("Options", tr("Options"));
  format->label("Needs", tr("Needs"));
  format->label("Excludes", tr("Excludes"));
  format->label("Env", tr("Env"));
  app.fallthrough();
  app.require_subcommand(1);
  app.footer(tr("Exit status: 0 success, 1 lint errors (lint, or a write refused for them), overdue items (overdue "
                "--fail) or minutes waiting for confirmations (unconfirmed --fail), 2 usage or configuration error, 3 record or repository problem. `collab COMMAND --help` "
                "lists the statuses of each command.\nSee `man collab` for the file format."));

  AllOptions o;
  add_global_options(app, o);
  std::vector<Command> commands = {add_init(app, o), add_lint(app, o), add_new(app, o),    add_set(app, o),
                                   add_done(app, o), add_delay(app, o), add_rm(app, o),    add_edit(app, o),
                                   add_commit(app, o), add_log(app, o), add_diff(app, o)};
  for (auto& c : add_views(app, o))
    commands.push_back(std::move(c));
  commands.push_back(add_show(app, o));
  commands.push_back(add_confirm(app, o));
  commands.push_back(add_unconfirmed(app, o));
  commands.push_back(add_mail(app, o));
  for (auto& c : add_figures(app, o)) // issue 13 (figures)
    commands.push_back(std::move(c));
  commands.push_back(add_site(app, o));
  commands.push_back(add_remind(app, o)); // issue 13, chase
  commands.push_back(add_export(app, o)); // issue 13, chase
  commands.push_back(add_sync(app, o));   // issue 14
  commands.push_back(add_setup_merge(app, o)); // issue 14, merge
  commands.push_back(add_merge_driver(app, o));
  commands.push_back(add_schema(app, o)); // issue 15, schema
  commands.push_back(add_completion(app, o)); // issue 15
  for (auto& c : commands) {
    c.app->fallthrough();
    c.app->get_help_ptr()->group(tr("Options")); // made before the subcommand took its parent's group
  }
  for (const auto& c : commands)
    help_format->formats[c.app] = c.formats;
  if (argc > 1 && std::string_view(argv[1]) == k_complete_word)
    return run_complete_words(app, commands, o, argc, argv);

  // The help and usage errors are said in the records root's language: until the command line
  // is parsed only the environment's is known, so on the first try they are said again once
  // the records root (-C) has told its `lang`.
  const auto again_in_repo_language = [&] { return first && switch_to_repo_language(argc, argv); };
  try {
    check_command_name(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    if (!dynamic_cast<const CLI::CallForVersion*>(&e) && again_in_repo_language()) {
      retry = true;
      return util::k_exit_ok;
    }
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (again_in_repo_language()) {
      retry = true;
      return util::k_exit_usage;
    }
    throw usage_error(worded(e) + "\n" + (argc <= 1 ? app.help() : tr("Run `collab --help` for usage.")));
  } catch (const util::Error&) {
    if (again_in_repo_language()) {
      retry = true;
      return util::k_exit_usage;
    }
    throw;
  }

  for (const auto& c : commands)
    if (c.app->parsed()) {
      check_globals(o, c);
      store::Repo::set_verify_hooks(!o.global.no_verify);
      return run_paged(o, c);
    }
  return util::k_exit_usage;
}

} // namespace

int run(int argc, char** argv)
{
  // libgit2 loads on another core while the command line is parsed and the configuration
  // read (~1 ms of a 10 ms write). A word that only looks like a command (`--owner set`)
  // costs a load nobody uses, joined at exit.
  // Completion answers at every Tab: no libgit2, the language of the records root -C names.
  if (argc > 1 && std::string_view(argv[1]) == k_complete_word) {
    GlobalOptions g;
    g.dir = directory_of(complete_arguments(argc, argv).words);
    util::i18n::set_language(repo_language(g));
    bool retry = false;
    return parse_and_run(argc, argv, false, retry);
  }
  // Only sync reaches remotes over ssh or https: every other command loads libgit2 without
  // those libraries. The word anywhere (`-C sync set ...`) is enough: the full load is only slower.
  const bool network = std::any_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "sync"; });
  for (int i = 1; i < argc; ++i)
    if (opens_git(argv[i])) {
      store::Repo::preload(network ? store::Repo::Libraries::network : store::Repo::Libraries::local);
      break;
    }
  // However run() ends (an exception included), the loading thread has ended before exit.
  struct JoinPreload {
    ~JoinPreload() { store::Repo::wait_for_preload(); }
  } join_preload;
  // Until a command reads the repo's `lang`: the environment's language (help, usage errors).
  // The command line is not parsed yet, so -C and the records root are not known.
  util::i18n::set_language(util::i18n::language_from_environment());
  bool retry = false;
  const int status = parse_and_run(argc, argv, true, retry);
  return retry ? parse_and_run(argc, argv, false, retry) : status;
}

} // namespace collab::cli
