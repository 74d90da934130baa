// The only translation unit that includes CLI11: it builds the command line,
// fills the options structs and hands them to the commands.
#include "cli/app.h"

#include "collab/model/date.h"
#include "collab/util/error.h"
#include "collab/util/text.h"
#include "collab/util/version.h"
#include "commands/options.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>

namespace collab::cli {

using namespace collab::util;
using namespace collab::model;
using namespace collab::commands;

namespace {

/// Adds the global options of SPEC §7 to a command (they fall through to subcommands).
void add_global_options(CLI::App& app, GlobalOptions& g)
{
  app.add_option("-C", g.dir, "Run as if started in DIR")->type_name("DIR");
  app.add_option("--as-of", g.as_of, "Take DATE as today (also COLLAB_TODAY)")->type_name("DATE");
  app.add_option("--format", g.format,
                 "Output format (lint: text, json, github, sarif, junit; views: table, tsv, json, csv, md)")
    ->type_name("FORMAT");
  app.add_option("--color", g.color, "Colour: auto, always, never")
    ->type_name("WHEN")
    ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--width", g.width, "Table width in columns (default: COLUMNS or the terminal)")
    ->type_name("N")
    ->check(CLI::Range(10, 10000));
  app.add_flag("-q,--quiet", g.quiet, "Print only what was asked for (no summaries)");
}

} // namespace

int run(int argc, char** argv)
{
  CLI::App app{"collab: cross-department meeting minutes, action items, tasks, issues and requests as YAML "
               "records in git",
               "collab"};
  app.set_version_flag("--version", std::string("collab ") + k_version);
  app.fallthrough();
  app.require_subcommand(1);
  app.footer("Exit status: 0 success, 1 findings, 2 usage or configuration error, 3 record or repository "
             "problem.\nSee `man collab` for the file format.");

  GlobalOptions g;
  add_global_options(app, g);

  InitOptions init;
  auto* init_cmd = app.add_subcommand("init", "Create a records root: .collab.yaml, the four folders, a commit");
  init_cmd->add_option("DIR", init.dir, "Directory to initialise (default: the current one)");
  init_cmd->fallthrough();

  LintOptions lint;
  auto* lint_cmd = app.add_subcommand("lint", "Validate records (all below the root, or PATH...)");
  lint_cmd->add_option("PATH", lint.paths, "Record files or folders to lint (default: every record)");
  lint_cmd->add_flag("--strict", lint.strict, "Exit 1 on warnings too");
  lint_cmd->fallthrough();
  lint_cmd->footer("Formats: text (default), json, github, sarif, junit.\n"
                   "Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or configuration "
                   "error, 3 unreadable record.");

  NewOptions new_opts;
  auto* new_cmd = app.add_subcommand("new", "Create a record (meeting, task, issue, request) and commit it");
  new_cmd->add_option("KIND", new_opts.kind, "meeting, task, issue or request")
    ->required()
    ->check(CLI::IsMember({"meeting", "task", "issue", "request"}));
  new_cmd->add_option("--title", new_opts.title, "Title (topic of a meeting)");
  new_cmd->add_option("--owner", new_opts.owner, "The one person responsible");
  new_cmd->add_option("--deadline", new_opts.deadline, "Deadline: YYYY-MM-DD, today, tomorrow, +3d, +2w, fri, eow, eom");
  new_cmd->add_option("--deliverable", new_opts.deliverable, "Verifiable output or completion standard");
  new_cmd->add_option("--status", new_opts.status, "Status or alias (default todo)");
  new_cmd->add_option("--dept", new_opts.dept, "Department (also fills {dept} in the id)");
  new_cmd->add_option("--date", new_opts.date, "Meeting date, issue occurrence or task start (default today)");
  new_cmd->add_option("--host", new_opts.host, "Meeting host");
  new_cmd->add_option("--recorder", new_opts.recorder, "Meeting recorder (default: you, from the people registry)");
  new_cmd->add_option("--attendees", new_opts.attendees, "Attendees, comma-separated");
  new_cmd->add_option("--set", new_opts.sets, "Any other field: key=value (repeatable; lists comma-separated)")
    ->type_name("KEY=VALUE");
  new_cmd->add_flag("-e,--edit", new_opts.edit, "Open $VISUAL/$EDITOR on the record before saving");
  new_cmd->fallthrough();

  SetOptions set_opts;
  auto* set_cmd = app.add_subcommand("set", "Set fields of a record or item (ID or ID#n) and commit");
  set_cmd->add_option("REF", set_opts.ref, "Record id or item ref (M-2024-007#2)")->required();
  set_cmd->add_option("KEY=VALUE", set_opts.assignments, "Fields to set")->required();
  set_cmd->fallthrough();

  DoneOptions done_opts;
  auto* done_cmd = app.add_subcommand("done", "Mark a record or item done (status, completed) and commit");
  done_cmd->add_option("REF", done_opts.ref, "Record id or item ref")->required();
  done_cmd->add_option("--evidence", done_opts.evidence, "Proof of completion (report, mail, link)");
  done_cmd->add_option("--date", done_opts.date, "Completion date (default today)");
  done_cmd->fallthrough();

  DelayOptions delay_opts;
  auto* delay_cmd = app.add_subcommand("delay", "Delay a record or item to a new deadline, with its reason");
  delay_cmd->add_option("REF", delay_opts.ref, "Record id or item ref")->required();
  delay_cmd->add_option("--to", delay_opts.to, "The new deadline")->required();
  delay_cmd->add_option("--reason", delay_opts.reason, "Why it is late")->required();
  delay_cmd->fallthrough();

  RmOptions rm_opts;
  auto* rm_cmd = app.add_subcommand("rm", "Delete a record (a commit too)");
  rm_cmd->add_option("ID", rm_opts.id, "Record id")->required();
  rm_cmd->fallthrough();

  EditOptions edit_opts;
  auto* edit_cmd = app.add_subcommand("edit", "Edit a record in $VISUAL/$EDITOR, validate and commit");
  edit_cmd->add_option("ID", edit_opts.id, "Record id")->required();
  edit_cmd->fallthrough();

  CommitOptions commit_opts;
  auto* commit_cmd = app.add_subcommand("commit", "Lint and commit records edited by hand");
  commit_cmd->add_option("PATH", commit_opts.paths, "Record files (default: every changed record)");
  commit_cmd->add_option("-m,--message", commit_opts.message, "Text added to the commit message");
  commit_cmd->fallthrough();

  LogOptions log_opts;
  auto* log_cmd = app.add_subcommand("log", "List a record's revisions (v1, v2, ...): date, author, message");
  log_cmd->add_option("ID", log_opts.id, "Record id")->required();
  log_cmd->add_option("-n,--max-count", log_opts.limit, "Show at most N revisions (default 20)")->type_name("N");
  log_cmd->add_flag("--all", log_opts.all, "Walk the whole history (numbers revisions from v1)");
  log_cmd->fallthrough();

  DiffOptions diff_opts;
  auto* diff_cmd = app.add_subcommand("diff", "Show what changed in a record, field by field");
  diff_cmd->add_option("ID", diff_opts.id, "Record id")->required();
  diff_cmd->add_option("REV", diff_opts.rev, "A revision (v2, a commit, HEAD~3) to compare the file with");
  diff_cmd->fallthrough();

  const auto view_options = [&](CLI::App* cmd, ViewOptions& v) {
    cmd->add_option("--owner", v.owner, "Only this owner's items");
    cmd->add_option("--dept", v.dept, "Only this department's items");
    cmd->add_option("--status", v.status, "Only items with this status (aliases accepted)");
    cmd->add_option("--kind", v.kind, "task, subtask, action, solution, request (or meeting, issue)");
    cmd->add_option("--before", v.before, "Deadline before DATE")->type_name("DATE");
    cmd->add_option("--after", v.after, "Deadline after DATE")->type_name("DATE");
    cmd->add_option("--tag", v.tag, "Only items of records with this tag");
    cmd->add_option("--grep", v.grep, "Only items whose ref, text, owner or dept contain TEXT")->type_name("TEXT");
    cmd->add_option("--group-by", v.group_by, "Group by owner, dept or record")->type_name("KEY");
    cmd->fallthrough();
  };
  ViewOptions list_opts, overdue_opts, due_opts;
  auto* list_cmd = app.add_subcommand("list", "List open items (tasks, subtasks, actions, solutions, requests)");
  view_options(list_cmd, list_opts);
  list_cmd->add_option("--sort", list_opts.sort, "deadline (default), ref, owner, dept, status, late")->type_name("KEY");
  list_cmd->add_flag("-a,--all", list_opts.all, "Include done and cancelled items");
  auto* overdue_cmd = app.add_subcommand("overdue", "Items past their deadline, most late first");
  view_options(overdue_cmd, overdue_opts);
  overdue_cmd->add_flag("--fail", overdue_opts.fail, "Exit 1 when any item is overdue (cron, CI)");
  auto* due_cmd = app.add_subcommand("due", "Items due soon (from today to today + due_soon)");
  view_options(due_cmd, due_opts);
  due_cmd->add_option("--within", due_opts.within, "The window, e.g. 2d, 1w (default: due_soon)")->type_name("DURATION");
  ShowOptions show_opts;
  auto* show_cmd = app.add_subcommand("show", "Show a record (a meeting reads like minutes) or one item");
  show_cmd->add_option("REF", show_opts.ref, "Record id or item ref")->required();
  show_cmd->fallthrough();

  // CLI11 reports an unknown command as a missing one; say what is wrong instead.
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-C" || arg == "--as-of" || arg == "--format" || arg == "--color" || arg == "--width") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-')
      continue;
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands({}))
      names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), arg) == names.end()) {
      const auto near = util::nearest(arg, names);
      std::cerr << "collab: error: unknown command `" << arg << "`"
                << (near.empty() ? "" : fmt::format("; did you mean `{}`?", near)) << "\nCommands: "
                << fmt::format("{}", fmt::join(names, ", ")) << ". Run `collab --help` for usage.\n";
      return k_exit_usage;
    }
    break;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "collab: error: " << e.what() << "\n";
    if (argc <= 1)
      std::cerr << app.help();
    else
      std::cerr << "Run `collab --help` for usage.\n";
    return k_exit_usage;
  }

  if (!g.as_of.empty() && !parse_friendly_date(g.as_of, local_today()))
    throw usage_error(fmt::format("--as-of `{}` is not a date; use YYYY-MM-DD, today, +3d, fri...", g.as_of));

  if (init_cmd->parsed())
    return run_init(g, init);
  if (lint_cmd->parsed())
    return run_lint(g, lint);
  if (new_cmd->parsed())
    return run_new(g, new_opts);
  if (set_cmd->parsed())
    return run_set(g, set_opts);
  if (done_cmd->parsed())
    return run_done(g, done_opts);
  if (delay_cmd->parsed())
    return run_delay(g, delay_opts);
  if (rm_cmd->parsed())
    return run_rm(g, rm_opts);
  if (edit_cmd->parsed())
    return run_edit(g, edit_opts);
  if (commit_cmd->parsed())
    return run_commit(g, commit_opts);
  if (log_cmd->parsed())
    return run_log(g, log_opts);
  if (diff_cmd->parsed())
    return run_diff(g, diff_opts);
  if (list_cmd->parsed())
    return run_list(g, list_opts);
  if (overdue_cmd->parsed())
    return run_overdue(g, overdue_opts);
  if (due_cmd->parsed())
    return run_due(g, due_opts);
  if (show_cmd->parsed())
    return run_show(g, show_opts);
  return k_exit_usage;
}

} // namespace collab::cli
