// WriteLock: held by someone else, it gives up with a message naming the holder.
#include "collab/store/write_lock.h"
#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/file.h>
#include <unistd.h>

using namespace collab;
using namespace collab::store;

TEST_CASE("write_lock: a lock held too long names its holder, the file and what to do")
{
  test::TempDir tmp;
  test::set_test_environment();
  test::git_init(tmp.path());
  auto repo = Repo::discover(tmp.path());
  REQUIRE(repo);
  // A second open file description of the same file conflicts with our own flock too.
  const std::string lock_file = (repo->git_dir() / "collab.lock").string();
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  try {
    WriteLock lock(*repo, 200);
    FAIL("the lock was taken while held");
  } catch (const util::Error& e) {
    const std::string message = e.what();
    CHECK(e.exit_status() == 3);
    CHECK_MESSAGE(message.find(lock_file) != std::string::npos, message);
    if (std::filesystem::exists("/proc/locks")) // how the holder is found (Linux)
      CHECK_MESSAGE(message.find(std::to_string(::getpid())) != std::string::npos, message);
    CHECK_MESSAGE(message.find("for more than 0.2 s; nothing was written") != std::string::npos, message);
    CHECK_MESSAGE(message.find("safe to wait") != std::string::npos, message);
  }
  ::close(fd);
  // Released, it is taken at once.
  CHECK_NOTHROW(WriteLock(*repo, 200));
}
