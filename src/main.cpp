#include "cli/app.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <csignal>
#include <cstdio>
#include <exception>
#include <fmt/format.h>
#include <malloc.h>

int main(int argc, char** argv)
{
  // A run lasts milliseconds: keep freed blocks for reuse rather than handing each back to the
  // kernel and faulting it in again. libgit2 allocates a fresh buffer for every tree it reads
  // (200 KB for a folder of 4,500 records), which glibc would otherwise map and unmap each time.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // A parent that ignores SIGCHLD passes that on through exec, and then the kernel reaps our
  // children (hooks, signers, the pager) before we can read how they ended.
  std::signal(SIGCHLD, SIG_DFL);
  try {
    return collab::cli::run(argc, argv);
  } catch (const collab::util::Error& e) {
    fmt::print(stderr, "{}collab: {}: {}\n", e.details(), collab::util::i18n::tr("error"), e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    fmt::print(stderr, "collab: {}: {}\n", collab::util::i18n::tr("error"), e.what());
    return collab::util::k_exit_repo;
  }
}
