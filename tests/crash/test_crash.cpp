// Crash injection: `collab set` is killed (SIGKILL, through strace) at the Nth call of a
// syscall, for N = 1, 2... until it completes; after each kill the repository must be sound
// and the next write must succeed or say exactly what to do. Label `crash`; skipped without
// strace or ptrace. COLLAB_CRASH_STRIDE=k tries every k-th N only (default 1).
#include "fixtures.h"
#include "process.h"
#include "strace.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cstdlib>

using namespace test;

namespace {

const char* const k_meeting = k_meeting_007;
const std::string& k_record = k_meeting_007_path;
const std::string k_deliverable = "    deliverable: ";

/// The record with its deliverable set to value, as `collab set` writes it.
std::string with_deliverable(const std::string& text, const std::string& value)
{
  const size_t at = text.find(k_deliverable) + k_deliverable.size();
  return text.substr(0, at) + value + text.substr(text.find('\n', at));
}

RunResult set_deliverable(const fs::path& dir, const std::string& value, const std::string& inject = "")
{
  const std::vector<std::string> args = {"--as-of", "2024-06-01", "-q", "set", "M-2024-007#1", "deliverable=" + value};
  return inject.empty() ? run_collab(args, dir) : run_collab_injected(inject, args, dir);
}

/// The blob id git would give the text.
std::string blob_of(const fs::path& dir, const std::string& rev_path) { return git("rev-parse " + rev_path, dir); }

/// The index's blob id for the record.
std::string staged_blob(const fs::path& dir)
{
  const std::string line = git("ls-files -s -- " + k_record, dir); // "MODE ID STAGE\tPATH"
  return line.substr(7, 40) + "\n";
}

/// After a killed write: the repository holds the old state or the new one, never a mix.
/// Returns true when the file holds the new text but the branch did not move (the next write
/// must undo it).
bool check_sound(const fs::path& dir, const std::string& old_head, const std::string& old_text,
                 const std::string& new_text)
{
  const RunResult fsck = sh("git fsck --no-dangling --no-progress 2>&1", dir);
  CHECK_MESSAGE(fsck.status == 0, fsck.out);
  CHECK(fsck.out.find("error") == std::string::npos);
  const std::string text = read(dir / k_record);
  CHECK_MESSAGE((text == old_text || text == new_text), text); // never torn
  const bool moved = git("rev-parse HEAD", dir) != old_head;
  if (moved) {
    CHECK(text == new_text);
    CHECK(git("show HEAD:" + k_record, dir) == new_text);
    CHECK(sh("git diff --cached --quiet -- " + k_record, dir).status == 0); // the index agrees with HEAD
  } else {
    CHECK(git("show HEAD:" + k_record, dir) == old_text);
    // The index is written first: it may hold the new file already, staged, but nothing else.
    const std::string staged = staged_blob(dir);
    const bool staged_ok = staged == blob_of(dir, "HEAD:" + k_record) ||
                           (text == new_text && staged == git("hash-object -- " + k_record, dir));
    CHECK_MESSAGE(staged_ok, git("ls-files -s", dir));
  }
  return !moved && text == new_text && text != old_text;
}

/// The next write works, or says what to remove; following that advice, it works. A write
/// killed after its file changed and before its commit is undone first (SPEC §5.1).
void check_recovers(const fs::path& dir, const std::string& value, bool pending, const std::string& old_text)
{
  const std::string head = git("rev-parse HEAD", dir);
  RunResult r = set_deliverable(dir, value);
  const std::string first_err = r.err;
  if (r.status != 0) {
    CHECK(r.status == 3);
    const size_t rm = r.err.find("`rm ");
    REQUIRE_MESSAGE(rm != std::string::npos, r.err);
    const std::string path = r.err.substr(rm + 4, r.err.find('`', rm + 1) - rm - 4);
    fs::remove(path);
    r = set_deliverable(dir, value);
  }
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(read(dir / k_record) == with_deliverable(read(dir / k_record), value));
  if (pending) {
    // Said by the first write, or by the one after the advice was followed.
    CHECK_MESSAGE((first_err + r.err).find("undone: " + k_record) != std::string::npos, std::string(first_err + r.err));
    CHECK(git("rev-parse HEAD~1", dir) == head);
    CHECK(git("show HEAD:" + k_record, dir) == with_deliverable(old_text, value));
  }
}

/// The number of the first openat that creates a file of the write (the record's temp file):
/// the ~80 before it (the loader, config, the record read) cannot leave anything behind.
int first_creating_openat(const fs::path& dir)
{
  const fs::path log = dir / ".git/openat.log";
  run({"strace", "-f", "-qq", "-o", log.string(), "-e", "trace=openat", COLLAB_BIN, "--as-of", "2024-06-01", "-q", "set",
       "M-2024-007#1", "deliverable=probe"},
      dir);
  const std::string text = read(log);
  fs::remove(log);
  int n = 0;
  for (size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    const std::string_view line(text.data() + at, text.find('\n', at) - at);
    if (line.find("openat(") == std::string_view::npos)
      continue;
    ++n;
    if (line.find("O_CREAT") != std::string_view::npos)
      return n;
    if (text.find('\n', at) == std::string::npos)
      break;
  }
  return 1;
}

void crash_loop(const std::string& syscall)
{
  const char* stride_env = std::getenv("COLLAB_CRASH_STRIDE");
  const int stride = stride_env ? std::max(1, std::atoi(stride_env)) : 1;
  TempDir tmp;
  const fs::path dir = repo_with_meeting(tmp.path());
  const int first = syscall == "openat" ? first_creating_openat(dir) : 1;
  for (int n = first; n < 400; n += stride) {
    CAPTURE(syscall);
    CAPTURE(n);
    const std::string old_head = git("rev-parse HEAD", dir);
    const std::string old_text = read(dir / k_record);
    const std::string value = fmt::format("V{}", n);
    const RunResult r = set_deliverable(dir, value, fmt::format("{}:signal=KILL:when={}", syscall, n));
    const bool pending = check_sound(dir, old_head, old_text, with_deliverable(old_text, value));
    if (r.status == 0) {
      MESSAGE(fmt::format("{}: {} kills", syscall, n - first));
      return; // N is past the last call: the command completed
    }
    check_recovers(dir, value + "r", pending, old_text);
  }
  FAIL("collab set never completed");
}

/// Skips (with a message) where strace cannot trace.
bool can_inject()
{
  if (!strace_usable())
    MESSAGE("strace is missing or may not trace here; skipped");
  return strace_usable();
}

} // namespace

// One test per syscall, so that ctest -j runs them side by side.
TEST_CASE("crash: killed at any rename, the repository stays sound")
{
  if (can_inject())
    crash_loop("rename");
}

TEST_CASE("crash: killed at any write, the repository stays sound")
{
  if (can_inject())
    crash_loop("write");
}

TEST_CASE("crash: killed at any fsync, fdatasync or syncfs, the repository stays sound")
{
  if (can_inject())
    crash_loop("fsync,fdatasync,syncfs");
}

TEST_CASE("crash: killed at any unlink or link, the repository stays sound")
{
  if (can_inject()) {
    crash_loop("unlink");
    crash_loop("link");
  }
}

TEST_CASE("crash: killed at any openat after the first file is created, the repository stays sound")
{
  if (can_inject())
    crash_loop("openat");
}
