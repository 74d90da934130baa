// The only translation unit that includes libgit2.
#include "collab/store/repo.h"

#include "collab/util/error.h"
#include "collab/util/files.h"

#include <git2.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;

namespace fs = std::filesystem;

namespace {

/// Every libgit2 function collab calls. libgit2 is loaded with dlopen on first use, not
/// linked: it pulls in 17 shared libraries (krb5, mbedtls, ssh2...) whose loading cost
/// ~9 ms at every start, which read-only commands (views, lint) never need.
#define COLLAB_GIT_FUNCTIONS(X) \
  X(git_blob_create_from_buffer) \
  X(git_blob_free) \
  X(git_blob_lookup) \
  X(git_blob_rawcontent) \
  X(git_blob_rawsize) \
  X(git_buf_dispose) \
  X(git_commit_author) \
  X(git_commit_create) \
  X(git_commit_free) \
  X(git_commit_lookup) \
  X(git_commit_message) \
  X(git_commit_parent) \
  X(git_commit_parentcount) \
  X(git_commit_tree) \
  X(git_config_free) \
  X(git_config_get_string_buf) \
  X(git_config_open_default) \
  X(git_config_snapshot) \
  X(git_error_last) \
  X(git_index_add) \
  X(git_index_free) \
  X(git_index_open) \
  X(git_index_remove_bypath) \
  X(git_index_write) \
  X(git_libgit2_init) \
  X(git_libgit2_shutdown) \
  X(git_object_free) \
  X(git_object_peel) \
  X(git_oid_equal) \
  X(git_oid_tostr) \
  X(git_reference_create) \
  X(git_reference_create_matching) \
  X(git_reference_free) \
  X(git_reference_lookup) \
  X(git_reference_name_to_id) \
  X(git_reference_symbolic_target) \
  X(git_reference_type) \
  X(git_repository_config_snapshot) \
  X(git_repository_free) \
  X(git_repository_init_ext) \
  X(git_repository_is_bare) \
  X(git_repository_open_ext) \
  X(git_repository_path) \
  X(git_repository_workdir) \
  X(git_revparse_single) \
  X(git_revwalk_free) \
  X(git_revwalk_new) \
  X(git_revwalk_next) \
  X(git_revwalk_push_head) \
  X(git_revwalk_sorting) \
  X(git_signature_free) \
  X(git_signature_now) \
  X(git_status_byindex) \
  X(git_status_list_entrycount) \
  X(git_status_list_free) \
  X(git_status_list_new) \
  X(git_tree_create_updated) \
  X(git_tree_entry_bypath) \
  X(git_tree_entry_free) \
  X(git_tree_entry_id) \
  X(git_tree_free) \
  X(git_tree_lookup) \
  X(git_treebuilder_free) \
  X(git_treebuilder_new) \
  X(git_treebuilder_write)

// Pointers named like the functions: calls below resolve to them (a variable hides the
// global function and turns off argument-dependent lookup).
#define COLLAB_GIT_POINTER(name) decltype(&::name) name = nullptr;
COLLAB_GIT_FUNCTIONS(COLLAB_GIT_POINTER)
#undef COLLAB_GIT_POINTER

/// Opens libgit2 and sets the pointers; throws Error(3) when it is missing.
void load_libgit2()
{
  void* lib = ::dlopen(COLLAB_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    throw repo_error(fmt::format("cannot load {}: {}; install it with `apt-get install libgit2-1.5`",
                                 COLLAB_LIBGIT2_SONAME, ::dlerror()));
#define COLLAB_GIT_LOAD(name)                                                                          \
  name = reinterpret_cast<decltype(name)>(::dlsym(lib, #name));                                        \
  if (!name)                                                                                           \
    throw repo_error(fmt::format("cannot load {}: it has no {}", COLLAB_LIBGIT2_SONAME, #name));
  COLLAB_GIT_FUNCTIONS(COLLAB_GIT_LOAD)
#undef COLLAB_GIT_LOAD
}

/// libgit2 is loaded and initialised once per process (a failed load is tried again by the
/// next call), and shut down at exit.
struct Git2Init {
  Git2Init()
  {
    load_libgit2();
    git_libgit2_init();
  }
  ~Git2Init() { git_libgit2_shutdown(); }
};
void ensure_init()
{
  static Git2Init init;
}

std::string last_error(int code)
{
  const git_error* e = git_error_last();
  return e && e->message ? e->message : fmt::format("libgit2 error {}", code);
}

void check(int code, std::string_view what)
{
  if (code < 0)
    throw repo_error(fmt::format("{}: {}", what, last_error(code)));
}

/// Owns a libgit2 object and frees it with the matching function.
template <typename T, auto& Free>
struct Owned {
  T* p = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned()
  {
    if (p)
      Free(p);
  }
  T** out() { return &p; }
  T* get() const { return p; }
};
using RepoPtr = Owned<git_repository, git_repository_free>;
using RefPtr = Owned<git_reference, git_reference_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using IndexPtr = Owned<git_index, git_index_free>;
using ConfigPtr = Owned<git_config, git_config_free>;
using SigPtr = Owned<git_signature, git_signature_free>;
using BuilderPtr = Owned<git_treebuilder, git_treebuilder_free>;
using EntryPtr = Owned<git_tree_entry, git_tree_entry_free>;

std::optional<std::string> config_string(git_config* cfg, const char* key)
{
  git_buf buf = GIT_BUF_INIT;
  if (git_config_get_string_buf(&buf, cfg, key) != 0)
    return std::nullopt;
  std::string s(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  if (s.empty())
    return std::nullopt;
  return s;
}

Identity resolve_identity(git_config* cfg)
{
  Identity id;
  if (const char* n = std::getenv("GIT_AUTHOR_NAME"); n && *n)
    id.name = n;
  if (const char* e = std::getenv("GIT_AUTHOR_EMAIL"); e && *e)
    id.email = e;
  if (cfg && id.name.empty())
    id.name = config_string(cfg, "user.name").value_or("");
  if (cfg && id.email.empty())
    id.email = config_string(cfg, "user.email").value_or("");
  if (id.email.empty())
    if (const char* e = std::getenv("EMAIL"); e && *e)
      id.email = e;
  if (id.name.empty() || id.email.empty())
    throw repo_error("author identity unknown; tell git who you are:\n\n"
                     "  git config --global user.name \"Your Name\"\n"
                     "  git config --global user.email \"you@example.com\"\n\n"
                     "or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL; nothing was written");
  return id;
}

/// Holds `index.lock` the way git does, so git and other collab processes wait for us.
class IndexLock {
public:
  explicit IndexLock(fs::path index) : m_index(std::move(index)), m_lock(m_index.string() + ".lock") {}
  ~IndexLock() { release(); }
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  /// Tries to take the lock; false when another process holds it.
  bool try_acquire()
  {
    m_fd = ::open(m_lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (m_fd >= 0)
      return true;
    if (errno == EEXIST)
      return false;
    throw repo_error(fmt::format("cannot create {}: {}", m_lock.string(), std::strerror(errno)));
  }

  /// Installs `tmp` as the new index (via the lock file) and releases the lock.
  void commit(const fs::path& tmp)
  {
    if (::rename(tmp.c_str(), m_lock.c_str()) != 0 || ::rename(m_lock.c_str(), m_index.c_str()) != 0)
      throw repo_error(fmt::format("cannot update {}: {}", m_index.string(), std::strerror(errno)));
    ::close(m_fd);
    m_fd = -1;
  }

  void release()
  {
    if (m_fd >= 0) {
      ::close(m_fd);
      ::unlink(m_lock.c_str());
      m_fd = -1;
    }
  }

  const fs::path& lock_path() const { return m_lock; }

private:
  fs::path m_index;
  fs::path m_lock;
  int m_fd = -1;
};

/// One path of a commit: what the tree and the index get for it.
struct PathUpdate {
  std::string rel; ///< relative to the work tree, with '/'
  bool exists = false; ///< false: the file is missing and gets removed
  struct stat st {}; ///< the file's stat, for its index entry
  git_oid blob{}; ///< the blob of its content
  git_filemode_t mode = GIT_FILEMODE_BLOB;
};

void sleep_backoff(int attempt)
{
  std::this_thread::sleep_for(std::chrono::milliseconds(20 + 30 * attempt + std::rand() % 40));
}

} // namespace

struct Repo::Impl {
  RepoPtr repo;
};

Repo::Repo(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Repo::~Repo() = default;

std::unique_ptr<Repo> Repo::discover(const fs::path& path)
{
  ensure_init();
  auto impl = std::make_unique<Impl>();
  const int rc = git_repository_open_ext(impl->repo.out(), path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND)
    return nullptr;
  check(rc, fmt::format("cannot open the git repository at {}", path.string()));
  if (git_repository_is_bare(impl->repo.get()))
    return nullptr;
  return std::unique_ptr<Repo>(new Repo(std::move(impl)));
}

std::unique_ptr<Repo> Repo::init(const fs::path& dir)
{
  ensure_init();
  auto impl = std::make_unique<Impl>();
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  check(git_repository_init_ext(impl->repo.out(), dir.c_str(), &opts),
        fmt::format("cannot create a git repository in {}", dir.string()));
  return std::unique_ptr<Repo>(new Repo(std::move(impl)));
}

fs::path Repo::workdir() const
{
  const char* w = git_repository_workdir(m_impl->repo.get());
  return w ? fs::path(w).lexically_normal() : fs::path();
}

fs::path Repo::git_dir() const { return fs::path(git_repository_path(m_impl->repo.get())).lexically_normal(); }

Identity Repo::identity() const
{
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), m_impl->repo.get()), "cannot read git config");
  return resolve_identity(cfg.get());
}

Identity Repo::default_identity()
{
  ensure_init();
  ConfigPtr cfg;
  if (git_config_open_default(cfg.out()) != 0)
    return resolve_identity(nullptr);
  ConfigPtr snap;
  if (git_config_snapshot(snap.out(), cfg.get()) != 0)
    return resolve_identity(nullptr);
  return resolve_identity(snap.get());
}

namespace {

using RevwalkPtr = Owned<git_revwalk, git_revwalk_free>;
using ObjectPtr = Owned<git_object, git_object_free>;

/// The blob id of path in a commit's tree, or nullopt when absent.
std::optional<git_oid> blob_at(git_commit* commit, const std::string& path)
{
  TreePtr tree;
  if (git_commit_tree(tree.out(), commit) != 0)
    return std::nullopt;
  EntryPtr entry;
  if (git_tree_entry_bypath(entry.out(), tree.get(), path.c_str()) != 0)
    return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

bool same(const std::optional<git_oid>& a, const std::optional<git_oid>& b)
{
  if (!a || !b)
    return !a && !b;
  return git_oid_equal(&*a, &*b) != 0;
}

} // namespace

std::vector<Revision> Repo::history(const fs::path& path, size_t limit, bool& complete) const
{
  git_repository* repo = m_impl->repo.get();
  const std::string rel = fs::absolute(path).lexically_normal().lexically_relative(workdir()).generic_string();
  std::vector<Revision> out;
  complete = true;
  RevwalkPtr walk;
  check(git_revwalk_new(walk.out(), repo), "cannot walk history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  if (git_revwalk_push_head(walk.get()) != 0)
    return out; // an unborn branch has no history
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    CommitPtr commit;
    check(git_commit_lookup(commit.out(), repo, &id), "cannot read a commit");
    const auto mine = blob_at(commit.get(), rel);
    std::optional<git_oid> parent_blob;
    if (git_commit_parentcount(commit.get()) > 0) {
      CommitPtr parent;
      check(git_commit_parent(parent.out(), commit.get(), 0), "cannot read a parent commit");
      parent_blob = blob_at(parent.get(), rel);
    }
    if (same(mine, parent_blob))
      continue;
    if (limit && out.size() == limit) {
      complete = false;
      break;
    }
    Revision r;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    r.commit = hex;
    const git_signature* a = git_commit_author(commit.get());
    r.author = a->name ? a->name : "";
    r.email = a->email ? a->email : "";
    r.time = a->when.time;
    r.offset_minutes = a->when.offset;
    const char* msg = git_commit_message(commit.get());
    r.message = msg ? msg : "";
    while (!r.message.empty() && r.message.back() == '\n')
      r.message.pop_back();
    r.deleted = !mine;
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> Repo::read_at(const std::string& rev, const fs::path& path) const
{
  git_repository* repo = m_impl->repo.get();
  ObjectPtr obj;
  if (git_revparse_single(obj.out(), repo, rev.c_str()) != 0)
    throw usage_error(fmt::format("unknown revision `{}`", rev));
  ObjectPtr peeled;
  if (git_object_peel(peeled.out(), obj.get(), GIT_OBJECT_COMMIT) != 0)
    throw usage_error(fmt::format("`{}` is not a commit", rev));
  const std::string rel = fs::absolute(path).lexically_normal().lexically_relative(workdir()).generic_string();
  const auto blob_id = blob_at(reinterpret_cast<git_commit*>(peeled.get()), rel);
  if (!blob_id)
    return std::nullopt;
  Owned<git_blob, git_blob_free> blob;
  check(git_blob_lookup(blob.out(), repo, &*blob_id), "cannot read a blob");
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

std::vector<fs::path> Repo::changed_paths(const fs::path& dir) const
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  std::string rel = fs::absolute(dir).lexically_normal().lexically_relative(top).generic_string();
  if (rel == ".")
    rel.clear();
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
  std::string spec = rel.empty() ? "*" : rel + "/*";
  char* specs[] = {spec.data()};
  opts.pathspec = {specs, 1};
  git_status_list* list = nullptr;
  check(git_status_list_new(&list, repo, &opts), "cannot read git status");
  std::vector<fs::path> out;
  for (size_t i = 0; i < git_status_list_entrycount(list); ++i) {
    const git_status_entry* e = git_status_byindex(list, i);
    const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
    if (d && d->new_file.path)
      out.push_back(top / d->new_file.path);
  }
  git_status_list_free(list);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Repo::commit_paths(const std::vector<fs::path>& paths, const std::string& message, const Identity& author)
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  std::vector<std::string> rel;
  for (const auto& p : paths) {
    const fs::path r = fs::absolute(p).lexically_normal().lexically_relative(top);
    if (r.empty() || *r.begin() == "..")
      throw repo_error(fmt::format("{} is outside the git work tree {}", p.string(), top.string()));
    rel.push_back(r.generic_string());
  }

  SigPtr sig;
  check(git_signature_now(sig.out(), author.name.c_str(), author.email.c_str()), "invalid author identity");
  SigPtr committer;
  const char* cn = std::getenv("GIT_COMMITTER_NAME");
  const char* ce = std::getenv("GIT_COMMITTER_EMAIL");
  check(git_signature_now(committer.out(), cn && *cn ? cn : author.name.c_str(), ce && *ce ? ce : author.email.c_str()),
        "invalid committer identity");

  const fs::path index_path = fs::path(git_repository_path(repo)) / "index";
  constexpr int k_attempts = 12;
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    IndexLock lock(index_path);
    if (!lock.try_acquire()) {
      if (attempt + 1 == k_attempts)
        throw repo_error(fmt::format("{} is held by another git process; if none is running, remove it and retry "
                                     "(nothing was committed)",
                                     lock.lock_path().string()));
      sleep_backoff(attempt);
      continue;
    }

    // HEAD: the branch to move and its current commit (none on an unborn branch).
    RefPtr head;
    check(git_reference_lookup(head.out(), repo, "HEAD"), "cannot read HEAD");
    std::string branch = "HEAD";
    if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
      branch = git_reference_symbolic_target(head.get());
    git_oid parent_id{};
    bool born = git_reference_name_to_id(&parent_id, repo, branch.c_str()) == 0;

    TreePtr base_tree;
    CommitPtr parent;
    if (born) {
      check(git_commit_lookup(parent.out(), repo, &parent_id), "cannot read the HEAD commit");
      check(git_commit_tree(base_tree.out(), parent.get()), "cannot read the HEAD tree");
    } else {
      BuilderPtr bld;
      git_oid empty{};
      check(git_treebuilder_new(bld.out(), repo, nullptr), "cannot build a tree");
      check(git_treebuilder_write(&empty, bld.get()), "cannot write a tree");
      check(git_tree_lookup(base_tree.out(), repo, &empty), "cannot read the empty tree");
    }

    // Blobs for the files as they are on disk; missing files are removed. One entry per
    // path, so the tree update and the index entry of a path always come from the same entry.
    std::vector<PathUpdate> entries(rel.size());
    for (size_t i = 0; i < rel.size(); ++i) {
      PathUpdate& u = entries[i];
      u.rel = rel[i];
      const fs::path abs = top / u.rel;
      u.exists = ::lstat(abs.c_str(), &u.st) == 0;
      if (u.exists) {
        // From the bytes, not from disk: libgit2's disk path loads the whole index to look up
        // attributes for filters, which records (UTF-8, LF) do not use.
        const std::string content = read_file(abs);
        check(git_blob_create_from_buffer(&u.blob, repo, content.data(), content.size()),
              fmt::format("cannot store {}", u.rel));
        u.mode = (u.st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
      }
    }
    std::vector<git_tree_update> updates;
    for (const PathUpdate& u : entries) {
      git_tree_update t{};
      t.path = u.rel.c_str();
      if (u.exists) {
        t.action = GIT_TREE_UPDATE_UPSERT;
        t.id = u.blob;
        t.filemode = u.mode;
      } else {
        // Removing a file the tree never had is no change.
        EntryPtr entry;
        if (git_tree_entry_bypath(entry.out(), base_tree.get(), t.path) != 0)
          continue;
        t.action = GIT_TREE_UPDATE_REMOVE;
      }
      updates.push_back(t);
    }
    if (updates.empty())
      return "";
    git_oid tree_id{};
    check(git_tree_create_updated(&tree_id, repo, base_tree.get(), updates.size(), updates.data()),
          "cannot build the commit tree");
    TreePtr tree;
    check(git_tree_lookup(tree.out(), repo, &tree_id), "cannot read the new tree");

    git_oid commit_id{};
    const git_commit* parents[] = {parent.get()};
    check(git_commit_create(&commit_id, repo, nullptr, sig.get(), committer.get(), "UTF-8", message.c_str(),
                            tree.get(), born ? 1 : 0, born ? parents : nullptr),
          "cannot create the commit");

    // Move the branch only if it still points where we started (compare-and-swap).
    RefPtr moved;
    const std::string reflog = "commit: " + message.substr(0, message.find('\n'));
    int rc = born ? git_reference_create_matching(moved.out(), repo, branch.c_str(), &commit_id, 1, &parent_id,
                                                  reflog.c_str())
                  : git_reference_create(moved.out(), repo, branch.c_str(), &commit_id, 0, reflog.c_str());
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
      lock.release();
      if (attempt + 1 == k_attempts)
        throw repo_error(fmt::format("{} kept moving while collab tried to commit; nothing was committed, try again",
                                     branch));
      sleep_backoff(attempt);
      continue;
    }
    check(rc, fmt::format("cannot update {}", branch));

    // Update only our entries of the index, in a copy installed through the lock.
    const fs::path tmp = index_path.string() + fmt::format(".collab-{}", ::getpid());
    {
      IndexPtr index;
      std::error_code ec;
      if (fs::exists(index_path, ec))
        fs::copy_file(index_path, tmp, fs::copy_options::overwrite_existing, ec);
      if (ec)
        throw repo_error(fmt::format("cannot copy {}: {}", index_path.string(), ec.message()));
      check(git_index_open(index.out(), tmp.c_str()), "cannot read the index");
      for (const PathUpdate& u : entries) {
        if (!u.exists) {
          git_index_remove_bypath(index.get(), u.rel.c_str());
          continue;
        }
        git_index_entry e{};
        const struct stat& st = u.st;
        e.ctime.seconds = static_cast<int32_t>(st.st_ctim.tv_sec);
        e.ctime.nanoseconds = static_cast<uint32_t>(st.st_ctim.tv_nsec);
        e.mtime.seconds = static_cast<int32_t>(st.st_mtim.tv_sec);
        e.mtime.nanoseconds = static_cast<uint32_t>(st.st_mtim.tv_nsec);
        e.dev = static_cast<uint32_t>(st.st_dev);
        e.ino = static_cast<uint32_t>(st.st_ino);
        e.mode = u.mode;
        e.uid = st.st_uid;
        e.gid = st.st_gid;
        e.file_size = static_cast<uint32_t>(st.st_size);
        e.id = u.blob;
        e.path = u.rel.c_str();
        check(git_index_add(index.get(), &e), fmt::format("cannot stage {}", u.rel));
      }
      const int wrc = git_index_write(index.get());
      if (wrc < 0) {
        fs::remove(tmp, ec);
        check(wrc, "cannot write the index");
      }
    }
    lock.commit(tmp);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &commit_id);
    return hex;
  }
  throw repo_error("could not commit; try again");
}

} // namespace collab::store
