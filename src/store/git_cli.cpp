#include "git_cli.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"
#include "collab/util/process.h"

#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>

namespace collab::store {

using namespace collab::util;
using util::i18n::trf;

namespace {

/// Runs `git ARGS` in dir through util::run_process (outputs read together with the input
/// written, no signal blocked in git whatever a write of ours deferred, SIGPIPE ignored).
/// With `with_stderr`, git's standard error follows its standard output in `out`; otherwise
/// it is ours, so the user sees git's own message.
GitRun run(const std::vector<std::string>& args, const std::filesystem::path& dir, std::optional<std::string> input,
           const std::vector<std::string>& env, bool with_stderr)
{
  ProcessSpec spec;
  spec.argv.reserve(args.size() + 1);
  spec.argv.push_back("git");
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.cwd = dir;
  spec.env = env;
  spec.input = std::move(input);
  spec.capture_err = with_stderr;
  ProcessResult r = run_process(spec);
  if (r.spawn_error != 0)
    throw repo_error(trf("cannot run git: {}; install git (`apt-get install git`)", std::strerror(r.spawn_error)));
  return {r.status, std::move(r.out) + r.err};
}

} // namespace

std::string run_git(const std::vector<std::string>& args, const std::filesystem::path& dir)
{
  GitRun r = run_git_status(args, dir);
  if (r.status != 0)
    throw repo_error(trf("`git {}` failed (see its message above)", fmt::join(args, " ")));
  return std::move(r.out);
}

GitRun run_git_status(const std::vector<std::string>& args, const std::filesystem::path& dir)
{
  return run(args, dir, std::nullopt, {}, false);
}

GitRun run_git_input(const std::vector<std::string>& args, const std::filesystem::path& dir, const std::string& input,
                     const std::vector<std::string>& env, bool with_stderr)
{
  return run(args, dir, input, env, with_stderr);
}

} // namespace collab::store
