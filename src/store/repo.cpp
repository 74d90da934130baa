// The only translation unit that includes libgit2. Everything here calls it; what does not
// need it lives beside: identity.cpp (who commits), index_lock.cpp (git's index.lock),
// work_tree_path.cpp (paths as git spells them).
#include "collab/store/repo.h"

#include "index_lock.h"
#include "work_tree_path.h"

#include "collab/util/error.h"
#include "collab/util/files.h"

#include <git2.h>

#include <algorithm>
#include <dlfcn.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------
// Loading libgit2
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Errors and ownership of libgit2 objects
// ---------------------------------------------------------------------------------------

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
using RevwalkPtr = Owned<git_revwalk, git_revwalk_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;

/// The id in hex, as git prints it.
std::string hex(const git_oid& id)
{
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &id);
  return buf;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Opening a repository
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Identity: git config read here, the rules in identity.cpp
// ---------------------------------------------------------------------------------------

namespace {

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

/// user.name and user.email of a config snapshot (none: empty).
Identity configured_identity(git_config* cfg)
{
  if (!cfg)
    return {};
  return Identity{config_string(cfg, "user.name").value_or(""), config_string(cfg, "user.email").value_or("")};
}

} // namespace

Identity Repo::identity() const
{
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), m_impl->repo.get()), "cannot read git config");
  return resolve_author(configured_identity(cfg.get()));
}

Identity Repo::default_identity()
{
  ensure_init();
  ConfigPtr cfg;
  if (git_config_open_default(cfg.out()) != 0)
    return resolve_author({});
  ConfigPtr snap;
  if (git_config_snapshot(snap.out(), cfg.get()) != 0)
    return resolve_author({});
  return resolve_author(configured_identity(snap.get()));
}

// ---------------------------------------------------------------------------------------
// Reading: history, read_at, changed_paths
// ---------------------------------------------------------------------------------------

namespace {

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

/// A commit as history lists it.
Revision revision(git_commit* commit, const git_oid& id)
{
  Revision r;
  r.commit = hex(id);
  const git_signature* a = git_commit_author(commit);
  r.author = a->name ? a->name : "";
  r.email = a->email ? a->email : "";
  r.time = a->when.time;
  r.offset_minutes = a->when.offset;
  const char* msg = git_commit_message(commit);
  r.message = msg ? msg : "";
  while (!r.message.empty() && r.message.back() == '\n')
    r.message.pop_back();
  return r;
}

} // namespace

std::vector<Revision> Repo::history(const fs::path& path, size_t limit, bool& complete) const
{
  git_repository* repo = m_impl->repo.get();
  const std::string rel = work_tree_path(path, workdir());
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
    out.push_back(revision(commit.get(), id));
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
  const std::string rel = work_tree_path(path, workdir());
  const auto blob_id = blob_at(reinterpret_cast<git_commit*>(peeled.get()), rel);
  if (!blob_id)
    return std::nullopt;
  BlobPtr blob;
  check(git_blob_lookup(blob.out(), repo, &*blob_id), "cannot read a blob");
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

std::vector<fs::path> Repo::changed_paths(const fs::path& dir) const
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  std::string rel = work_tree_path(dir, top);
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

// ---------------------------------------------------------------------------------------
// Committing: commit_paths and its steps
// ---------------------------------------------------------------------------------------

namespace {

/// One path of a commit: what the tree and the index get for it. Keeping everything about a
/// path in one entry means the tree update and the index entry can never be paired wrongly.
struct PathUpdate {
  std::string rel; ///< relative to the work tree, with '/'
  bool exists = false; ///< false: the file is missing and gets removed
  struct stat st {}; ///< the file's stat, for its index entry
  git_oid blob{}; ///< the blob of its content
  git_filemode_t mode = GIT_FILEMODE_BLOB;
};

/// Author and committer signatures, timed now.
struct Signatures {
  SigPtr author;
  SigPtr committer;
};

void sign(Signatures& out, const Identity& author)
{
  check(git_signature_now(out.author.out(), author.name.c_str(), author.email.c_str()), "invalid author identity");
  const Identity committer = resolve_committer(author);
  check(git_signature_now(out.committer.out(), committer.name.c_str(), committer.email.c_str()),
        "invalid committer identity");
}

/// Where HEAD points: the branch to move, its commit and tree (the empty tree on an
/// unborn branch).
struct Head {
  std::string branch = "HEAD";
  bool born = false;
  git_oid commit_id{};
  CommitPtr commit;
  TreePtr tree;
};

void read_head(Head& out, git_repository* repo)
{
  RefPtr head;
  check(git_reference_lookup(head.out(), repo, "HEAD"), "cannot read HEAD");
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
    out.branch = git_reference_symbolic_target(head.get());
  out.born = git_reference_name_to_id(&out.commit_id, repo, out.branch.c_str()) == 0;
  if (out.born) {
    check(git_commit_lookup(out.commit.out(), repo, &out.commit_id), "cannot read the HEAD commit");
    check(git_commit_tree(out.tree.out(), out.commit.get()), "cannot read the HEAD tree");
  } else {
    BuilderPtr bld;
    git_oid empty{};
    check(git_treebuilder_new(bld.out(), repo, nullptr), "cannot build a tree");
    check(git_treebuilder_write(&empty, bld.get()), "cannot write a tree");
    check(git_tree_lookup(out.tree.out(), repo, &empty), "cannot read the empty tree");
  }
}

/// One entry per path, with the file's stat; missing files are marked for removal.
std::vector<PathUpdate> path_updates(const fs::path& top, const std::vector<std::string>& rel)
{
  std::vector<PathUpdate> out(rel.size());
  for (size_t i = 0; i < rel.size(); ++i) {
    out[i].rel = rel[i];
    out[i].exists = ::lstat((top / rel[i]).c_str(), &out[i].st) == 0;
    if (out[i].exists)
      out[i].mode = (out[i].st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
  }
  return out;
}

/// Stores the blobs of the files that exist.
void write_blobs(git_repository* repo, const fs::path& top, std::vector<PathUpdate>& entries)
{
  for (PathUpdate& u : entries) {
    if (!u.exists)
      continue;
    // From the bytes, not from disk: libgit2's disk path loads the whole index to look up
    // attributes for filters, which records (UTF-8, LF) do not use.
    const std::string content = read_file(top / u.rel);
    check(git_blob_create_from_buffer(&u.blob, repo, content.data(), content.size()),
          fmt::format("cannot store {}", u.rel));
  }
}

/// The base tree with the entries applied; nullopt when that changes nothing (only removals
/// of files the tree never had).
std::optional<git_oid> updated_tree(git_repository* repo, git_tree* base, const std::vector<PathUpdate>& entries)
{
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
      if (git_tree_entry_bypath(entry.out(), base, t.path) != 0)
        continue;
      t.action = GIT_TREE_UPDATE_REMOVE;
    }
    updates.push_back(t);
  }
  if (updates.empty())
    return std::nullopt;
  git_oid tree_id{};
  check(git_tree_create_updated(&tree_id, repo, base, updates.size(), updates.data()),
        "cannot build the commit tree");
  return tree_id;
}

/// A commit of the tree on top of HEAD (no parent on an unborn branch); no ref moves yet.
git_oid create_commit(git_repository* repo, const Head& head, const git_oid& tree_id, const Signatures& sigs,
                      const std::string& message)
{
  TreePtr tree;
  check(git_tree_lookup(tree.out(), repo, &tree_id), "cannot read the new tree");
  git_oid commit_id{};
  const git_commit* parents[] = {head.commit.get()};
  check(git_commit_create(&commit_id, repo, nullptr, sigs.author.get(), sigs.committer.get(), "UTF-8",
                          message.c_str(), tree.get(), head.born ? 1 : 0, head.born ? parents : nullptr),
        "cannot create the commit");
  return commit_id;
}

/// Moves the branch to the commit only if it still points where we started (compare-and-swap);
/// returns libgit2's code, GIT_EMODIFIED and the like when somebody else moved it.
int move_branch(git_repository* repo, const Head& head, const git_oid& commit_id, const std::string& message)
{
  RefPtr moved;
  const std::string reflog = "commit: " + message.substr(0, message.find('\n'));
  return head.born ? git_reference_create_matching(moved.out(), repo, head.branch.c_str(), &commit_id, 1,
                                                   &head.commit_id, reflog.c_str())
                   : git_reference_create(moved.out(), repo, head.branch.c_str(), &commit_id, 0, reflog.c_str());
}

/// The index entry of a file that exists, from its stat, so that git sees it clean.
git_index_entry index_entry(const PathUpdate& u)
{
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
  return e;
}

/// Updates only the entries' paths of the index, in a copy installed through the held lock.
void update_index(const fs::path& index_path, IndexLock& lock, const std::vector<PathUpdate>& entries)
{
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
      const git_index_entry e = index_entry(u);
      check(git_index_add(index.get(), &e), fmt::format("cannot stage {}", u.rel));
    }
    const int wrc = git_index_write(index.get());
    if (wrc < 0) {
      fs::remove(tmp, ec);
      check(wrc, "cannot write the index");
    }
  }
  lock.commit(tmp);
}

} // namespace

std::string Repo::commit_paths(const std::vector<fs::path>& paths, const std::string& message, const Identity& author)
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  std::vector<std::string> rel;
  for (const auto& p : paths)
    rel.push_back(path_inside_work_tree(p, top));
  Signatures sigs;
  sign(sigs, author);

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
    Head head;
    read_head(head, repo);
    std::vector<PathUpdate> entries = path_updates(top, rel);
    write_blobs(repo, top, entries);
    const auto tree_id = updated_tree(repo, head.tree.get(), entries);
    if (!tree_id)
      return "";
    const git_oid commit_id = create_commit(repo, head, *tree_id, sigs, message);
    const int rc = move_branch(repo, head, commit_id, message);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
      lock.release();
      if (attempt + 1 == k_attempts)
        throw repo_error(fmt::format("{} kept moving while collab tried to commit; nothing was committed, try again",
                                     head.branch));
      sleep_backoff(attempt);
      continue;
    }
    check(rc, fmt::format("cannot update {}", head.branch));
    update_index(index_path, lock, entries);
    return hex(commit_id);
  }
  throw repo_error("could not commit; try again");
}

} // namespace collab::store
