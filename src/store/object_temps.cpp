#include "object_temps.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace collab::store {

// Which leftovers are safe to remove. collab's own temp files carry their writer's pid, so a
// file of a process that is gone can go at once. libgit2's do not, and any libgit2 program
// (another collab, an editor's git integration, a GUI client) may be writing one right now:
// whether its writer lives cannot be told, only how long ago it wrote. libgit2 creates the
// file, writes the whole deflated object and links it to its name within one call
// (a stream writes chunk by chunk, and each write moves the file's mtime), so a live writer's
// file was modified moments ago. One nobody has written to for an hour was left by a writer
// killed mid-object or by a power cut. Should a writer stopped for longer than that (SIGSTOP,
// a suspended machine) resume, its link fails (ENOENT) and its write reports an error: the
// object was not named yet, so nothing that was stored is lost. A writer killed between the
// link and the unlink left a second name of a complete object, which can go too. Git's own
// `git gc` removes `objects/tmp_*` files on the same ground, only later (gc.pruneExpire).
size_t remove_stale_object_temps(const std::filesystem::path& objects_dir, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds max_age)
{
  const int fd = ::open(objects_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!dir) {
    if (fd >= 0)
      ::close(fd);
    return 0;
  }
  const auto oldest = std::chrono::system_clock::to_time_t(now - max_age);
  size_t removed = 0;
  while (const dirent* e = ::readdir(dir)) {
    if (!std::string_view(e->d_name).starts_with(k_object_temp_prefix))
      continue;
    struct stat st {};
    // A file written after `oldest` is kept, and so is one dated in the future (a clock that
    // differs from a network file system's).
    if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || st.st_mtim.tv_sec >= oldest)
      continue;
    if (::unlinkat(fd, e->d_name, 0) == 0)
      ++removed;
  }
  ::closedir(dir);
  return removed;
}

} // namespace collab::store
