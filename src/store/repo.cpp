// The only translation unit that includes libgit2. Everything here calls it; what does not
// need it lives beside: identity.cpp (who commits), index_lock.cpp (git's index.lock),
// object_temps.cpp (libgit2's leftovers), work_tree_path.cpp (paths as git spells them).
#include "collab/store/repo.h"

#include "commit_hooks.h"
#include "commit_signing.h"
#include "git_cli.h"
#include "index_lock.h"
#include "known_hosts.h"
#include "object_temps.h"
#include "work_tree_path.h"

#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/text.h"

#include <git2.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <deque>
#include <dlfcn.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <queue>
#include <set>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace collab::store {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------
// Loading libgit2
// ---------------------------------------------------------------------------------------

namespace {

/// Every libgit2 function collab calls. libgit2 is loaded with dlopen on first use, not
/// linked: it pulls in 17 shared libraries (krb5, mbedtls, ssh2...) whose loading cost
/// ~9 ms at every start, which read-only commands (views, lint) never need.
#define COLLAB_GIT_FUNCTIONS(X) \
  X(git_attr_get) \
  X(git_attr_value) \
  X(git_blob_create_from_buffer) \
  X(git_blob_create_from_workdir) \
  X(git_blob_free) \
  X(git_blob_lookup) \
  X(git_blob_rawcontent) \
  X(git_blob_rawsize) \
  X(git_branch_upstream_name) \
  X(git_buf_dispose) \
  X(git_commit_author) \
  X(git_commit_create) \
  X(git_commit_create_buffer) \
  X(git_commit_create_with_signature) \
  X(git_commit_free) \
  X(git_commit_id) \
  X(git_commit_lookup) \
  X(git_commit_message) \
  X(git_commit_parent) \
  X(git_commit_parent_id) \
  X(git_commit_parentcount) \
  X(git_commit_summary) \
  X(git_commit_time) \
  X(git_commit_tree) \
  X(git_commit_tree_id) \
  X(git_config_free) \
  X(git_config_get_bool) \
  X(git_config_get_path) \
  X(git_config_get_string_buf) \
  X(git_config_open_default) \
  X(git_config_set_string) \
  X(git_config_snapshot) \
  X(git_credential_ssh_key_from_agent) \
  X(git_credential_ssh_key_new) \
  X(git_credential_username_new) \
  X(git_credential_userpass_plaintext_new) \
  X(git_error_last) \
  X(git_index_add) \
  X(git_index_entrycount) \
  X(git_index_free) \
  X(git_index_get_byindex) \
  X(git_index_get_bypath) \
  X(git_index_open) \
  X(git_index_remove_bypath) \
  X(git_index_write) \
  X(git_libgit2_init) \
  X(git_libgit2_opts) \
  X(git_libgit2_shutdown) \
  X(git_merge_base) \
  X(git_merge_file) \
  X(git_merge_file_result_free) \
  X(git_object_free) \
  X(git_object_peel) \
  X(git_odb_exists) \
  X(git_odb_free) \
  X(git_odb_object_data) \
  X(git_odb_object_free) \
  X(git_odb_object_size) \
  X(git_odb_object_type) \
  X(git_odb_read) \
  X(git_oid_equal) \
  X(git_oid_fromstr) \
  X(git_oid_tostr) \
  X(git_reference_create) \
  X(git_reference_create_matching) \
  X(git_reference_free) \
  X(git_reference_delete) \
  X(git_reference_lookup) \
  X(git_reference_name_to_id) \
  X(git_reference_symbolic_target) \
  X(git_reference_type) \
  X(git_remote_fetch) \
  X(git_remote_free) \
  X(git_remote_lookup) \
  X(git_remote_ls) \
  X(git_remote_push) \
  X(git_repository_config) \
  X(git_repository_config_snapshot) \
  X(git_repository_free) \
  X(git_repository_hashfile) \
  X(git_repository_head_detached) \
  X(git_repository_head_unborn) \
  X(git_repository_index) \
  X(git_repository_init_ext) \
  X(git_repository_is_bare) \
  X(git_repository_item_path) \
  X(git_repository_odb) \
  X(git_repository_open_bare) \
  X(git_repository_open_ext) \
  X(git_repository_path) \
  X(git_repository_set_index) \
  X(git_repository_state) \
  X(git_repository_workdir) \
  X(git_revparse_single) \
  X(git_signature_free) \
  X(git_signature_now) \
  X(git_status_byindex) \
  X(git_status_list_entrycount) \
  X(git_status_list_free) \
  X(git_status_list_new) \
  X(git_tree_create_updated) \
  X(git_tree_entry_bypath) \
  X(git_tree_entry_filemode) \
  X(git_tree_entry_free) \
  X(git_tree_entry_id) \
  X(git_tree_free) \
  X(git_tree_id) \
  X(git_tree_entry_byname) \
  X(git_tree_entry_type) \
  X(git_tree_lookup) \
  X(git_treebuilder_free) \
  X(git_treebuilder_new) \
  X(git_treebuilder_write)

// Pointers named like the functions: calls below resolve to them (a variable hides the
// global function and turns off argument-dependent lookup).
#define COLLAB_GIT_POINTER(name) decltype(&::name) name = nullptr;
COLLAB_GIT_FUNCTIONS(COLLAB_GIT_POINTER)
#undef COLLAB_GIT_POINTER

} // namespace
} // namespace collab::store

namespace collab::store {
namespace {
/// Set by a fetch or push over https before it loads the CA certificates (see below).
std::atomic<bool> g_tls_wanted{false};

/// mbedTLS's own function `name` (from libmbedx509, which libgit2 loaded), or nullptr.
void* real_mbedtls(const char* name)
{
  void* lib = ::dlopen("libmbedx509.so.1", RTLD_LAZY | RTLD_NOLOAD);
  return lib ? ::dlsym(lib, name) : nullptr;
}
} // namespace
} // namespace collab::store

/// Replaces mbedTLS's CA file parser for libgit2: Debian's libgit2 parses every system CA
/// certificate in git_libgit2_init (10-18 ms, more than half of a whole `collab set` at
/// 1,000 records), which every command but an https sync never needs. The executable exports
/// this symbol (CMakeLists.txt: --dynamic-list), so the dynamic linker binds libgit2's call to
/// it. A fetch or push over https sets g_tls_wanted and has libgit2 load the certificates again
/// (GIT_OPT_SET_SSL_CERT_LOCATIONS), which then reaches mbedTLS's own parser. Otherwise no
/// certificate is trusted: verification fails closed.
extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_file(void* chain, const char* path)
{
  if (!collab::store::g_tls_wanted)
    return 0;
  using Fn = int (*)(void*, const char*);
  static const auto real = reinterpret_cast<Fn>(collab::store::real_mbedtls("mbedtls_x509_crt_parse_file"));
  return real ? real(chain, path) : -1;
}
extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_path(void* chain, const char* path)
{
  if (!collab::store::g_tls_wanted)
    return 0;
  using Fn = int (*)(void*, const char*);
  static const auto real = reinterpret_cast<Fn>(collab::store::real_mbedtls("mbedtls_x509_crt_parse_path"));
  return real ? real(chain, path) : -1;
}

namespace collab::store {
namespace {

/// False once preload(Libraries::local) has asked for stand-ins (set before the loading
/// thread starts, read by it).
std::atomic<bool> g_network_wanted{true};
/// True when libgit2 was loaded with the stand-ins: it can then reach no remote but a local
/// folder through the git CLI.
std::atomic<bool> g_standins_loaded{false};

/// The folder of the stand-ins for libssh2 and libgssapi_krb5 (src/store/standins/): `standins`
/// next to the executable in the build tree, PREFIX/LIBDIR/collab when installed wherever the
/// installation is (found from the executable, as the catalogues are); empty when neither holds
/// them.
fs::path standins_dir()
{
  const fs::path exe_dir = executable_dir();
  if (exe_dir.empty())
    return {};
  std::error_code ec;
  for (const fs::path& dir : {exe_dir / "standins", exe_dir / COLLAB_STANDINS_RELDIR})
    if (fs::exists(dir / "libssh2.so", ec) && fs::exists(dir / "gssapi.so", ec))
      return dir;
  return {};
}

/// Loads the stand-ins for libssh2 and libgssapi_krb5 that libgit2, opened next, binds to in
/// place of the real ones: the dynamic loader matches libgit2's needed sonames against objects
/// already loaded. Loading libssh2 (which needs OpenSSL's libcrypto, 21,000 relocations) and
/// Kerberos (six libraries) was two thirds of loading libgit2: 4 ms of a 15 ms `collab set`.
/// Nothing is lost but ssh and https remotes, which only `sync` uses. COLLAB_STANDINS=0 turns
/// this off (bench/write_bench.sh compares).
void load_standins()
{
  if (const char* env = std::getenv("COLLAB_STANDINS"); env && std::string_view(env) == "0")
    return;
  const fs::path dir = standins_dir();
  if (dir.empty())
    return; // libgit2 loads its own dependencies, as when linked
  void* ssh = ::dlopen((dir / "libssh2.so").c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (!ssh)
    return;
  // Without the second, libgit2 loads the real Kerberos libraries: slower, still right.
  (void)::dlopen((dir / "gssapi.so").c_str(), RTLD_LAZY | RTLD_LOCAL);
  g_standins_loaded = true;
}

/// Opens libgit2 and sets the pointers; throws Error(3) when it is missing.
void load_libgit2()
{
  if (!g_network_wanted)
    load_standins();
  // Lazy: libgit2's own calls into its 17 libraries bind when first made, not all at load
  // (0.7 ms of 12 ms of CPU per write); collab's entry points are looked up below anyway.
  void* lib = ::dlopen(COLLAB_LIBGIT2_SONAME, RTLD_LAZY | RTLD_LOCAL);
  if (!lib)
    throw repo_error(trf("cannot load {}: {}; install it with `apt-get install libgit2-1.5`",
                         COLLAB_LIBGIT2_SONAME, ::dlerror()));
#define COLLAB_GIT_LOAD(name)                                                                          \
  name = reinterpret_cast<decltype(name)>(::dlsym(lib, #name));                                        \
  if (!name)                                                                                           \
    throw repo_error(trf("cannot load {}: it has no {}", COLLAB_LIBGIT2_SONAME, #name));
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
  static Git2Init init; // thread-safe: a second caller waits for the first
}

/// The thread of Repo::preload(). Joined before the process exits (Repo::wait_for_preload):
/// exit() running static destructors while that thread is inside the dynamic loader or
/// libgit2's init crashed a usage error 1 time in 10 (SIGSEGV).
struct Preloader {
  std::thread thread;
  std::mutex mutex;
  std::once_flag started;
};

Preloader& preloader()
{
  static Preloader* p = new Preloader; // never destroyed: joined explicitly, not at exit
  return *p;
}

// ---------------------------------------------------------------------------------------
// Errors and ownership of libgit2 objects
// ---------------------------------------------------------------------------------------

std::string last_error(int code)
{
  const git_error* e = git_error_last();
  return e && e->message ? e->message : trf("libgit2 error {}", code);
}

void check(int code, std::string_view what)
{
  if (code < 0)
    throw repo_error(trf("{}: {}", what, last_error(code)));
}

/// check() for calls that read the index. A sparse index (`git sparse-checkout
/// --sparse-index`) marks its folder entries with the extension `sdir`, which libgit2 1.5
/// refuses as an unknown mandatory one: it cannot read that index at all. Git's own advice
/// for tools that cannot is to make the index full again; the sparse checkout stays.
void check_index(int code, std::string_view what, bool nothing_written = false)
{
  if (code < 0 && last_error(code).find("'sdir'") != std::string::npos)
    throw repo_error(nothing_written
                       ? tr("the index is a sparse index (`git sparse-checkout --sparse-index`), which libgit2, the "
                            "git library collab uses, cannot read; make it a full index with `git sparse-checkout "
                            "init --no-sparse-index` (the sparse checkout stays as it is), then run the command "
                            "again; nothing was written")
                       : tr("the index is a sparse index (`git sparse-checkout --sparse-index`), which libgit2, the "
                            "git library collab uses, cannot read; make it a full index with `git sparse-checkout "
                            "init --no-sparse-index` (the sparse checkout stays as it is), then run the command "
                            "again"));
  check(code, what);
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
using ObjectPtr = Owned<git_object, git_object_free>;
using BlobPtr = Owned<git_blob, git_blob_free>;

/// True when the index entry of path is marked skip-worktree (sparse checkout): its file is
/// absent from the work tree on purpose.
bool skips_worktree(git_index* index, const std::string& rel)
{
  const git_index_entry* e = git_index_get_bypath(index, rel.c_str(), 0);
  return e && (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE);
}

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
  std::optional<fs::path> hooks; ///< the hooks folder, once commit_paths has read git config
};

Repo::Repo(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Repo::~Repo() = default;

void Repo::preload(Libraries libraries)
{
  Preloader& p = preloader();
  std::call_once(p.started, [&p, libraries] {
    g_network_wanted = libraries == Libraries::network;
    // The thread takes no signal: SIGINT and SIGTERM must reach the thread that defers them
    // while it writes (util::DeferSignals), never a thread that cannot.
    sigset_t all{}, old{};
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &old);
    try {
      const std::lock_guard lock(p.mutex);
      p.thread = std::thread([] {
        try {
          ensure_init();
        } catch (...) {
          // The caller that needs libgit2 tries again and reports the failure.
        }
      });
    } catch (const std::system_error&) {
      // No thread: libgit2 loads on first use.
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  });
}

void Repo::wait_for_preload()
{
  Preloader& p = preloader();
  const std::lock_guard lock(p.mutex);
  if (p.thread.joinable())
    p.thread.join();
}

std::unique_ptr<Repo> Repo::discover(const fs::path& path)
{
  ensure_init();
  auto impl = std::make_unique<Impl>();
  const int rc = git_repository_open_ext(impl->repo.out(), path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND)
    return nullptr;
  check(rc, trf("cannot open the git repository at {}", path.string()));
  if (git_repository_is_bare(impl->repo.get()))
    throw repo_error(trf("{} is a bare repository, which has no work tree for records; clone it "
                         "(`git clone {} DIR`) and run collab in the clone",
                         git_repository_path(impl->repo.get()), git_repository_path(impl->repo.get())));
  return std::unique_ptr<Repo>(new Repo(std::move(impl)));
}

std::unique_ptr<Repo> Repo::init(const fs::path& dir)
{
  ensure_init();
  auto impl = std::make_unique<Impl>();
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  check(git_repository_init_ext(impl->repo.out(), dir.c_str(), &opts),
        trf("cannot create a git repository in {}", dir.string()));
  return std::unique_ptr<Repo>(new Repo(std::move(impl)));
}

fs::path Repo::workdir() const
{
  const char* w = git_repository_workdir(m_impl->repo.get());
  return w ? fs::path(w).lexically_normal() : fs::path();
}

fs::path Repo::git_dir() const { return fs::path(git_repository_path(m_impl->repo.get())).lexically_normal(); }

namespace {

/// The folder of loose objects (shared by linked work trees, unlike git_dir).
fs::path objects_dir(git_repository* repo)
{
  git_buf buf = GIT_BUF_INIT;
  if (git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_OBJECTS) != 0)
    return {};
  fs::path out(std::string(buf.ptr, buf.size));
  git_buf_dispose(&buf);
  return out.lexically_normal();
}

} // namespace

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
  check(git_repository_config_snapshot(cfg.out(), m_impl->repo.get()), tr("cannot read git config"));
  return resolve_author(configured_identity(cfg.get()));
}

std::optional<std::string> Repo::config_value(const std::string& key) const
{
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), m_impl->repo.get()), tr("cannot read git config"));
  return config_string(cfg.get(), key.c_str());
}

void Repo::set_config(const std::string& key, const std::string& value)
{
  ConfigPtr cfg;
  check(git_repository_config(cfg.out(), m_impl->repo.get()), tr("cannot read git config"));
  check(git_config_set_string(cfg.get(), key.c_str(), value.c_str()), trf("cannot set {} in git config", key));
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

} // namespace

// ---------------------------------------------------------------------------------------
// Walking history in bulk: commits with the files each changed (for the history index)
// ---------------------------------------------------------------------------------------

bool ObjectId::null() const
{
  for (unsigned char b : bytes)
    if (b)
      return false;
  return true;
}

std::string ObjectId::hex() const
{
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(40, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = k_digits[bytes[i] >> 4];
    out[2 * i + 1] = k_digits[bytes[i] & 15];
  }
  return out;
}

std::optional<ObjectId> ObjectId::from_hex(std::string_view hex)
{
  if (hex.size() != 40)
    return std::nullopt;
  ObjectId id;
  for (size_t i = 0; i < 40; ++i) {
    const char c = hex[i];
    const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0)
      return std::nullopt;
    id.bytes[i / 2] = static_cast<unsigned char>(id.bytes[i / 2] << 4 | v);
  }
  return id;
}

namespace {

using OdbPtr = Owned<git_odb, git_odb_free>;

ObjectId to_id(const git_oid& oid)
{
  ObjectId id;
  std::memcpy(id.bytes.data(), oid.id, id.bytes.size());
  return id;
}

git_oid to_oid(const ObjectId& id)
{
  git_oid oid{};
  std::memcpy(oid.id, id.bytes.data(), id.bytes.size());
  return oid;
}

struct IdHash {
  size_t operator()(const ObjectId& id) const
  {
    size_t h;
    std::memcpy(&h, id.bytes.data(), sizeof h); // ids are uniformly random already
    return h;
  }
};

/// A raw tree object, kept alive while a comparison looks at it.
using RawTree = std::shared_ptr<git_odb_object>;

/// Raw tree objects by id, the most recently read kept up to a byte budget: walking newest
/// first, the tree a commit is compared against is the one its parent is compared with next,
/// and a folder's tree stays the same for every commit that changed another folder.
class TreeCache {
public:
  explicit TreeCache(git_odb* odb) : m_odb(odb) {}

  /// The tree's bytes (entries "MODE NAME\0ID"); throws Error(3) when it cannot be read.
  RawTree get(const ObjectId& id)
  {
    if (auto it = m_trees.find(id); it != m_trees.end())
      return it->second;
    git_odb_object* obj = nullptr;
    const git_oid oid = to_oid(id);
    check(git_odb_read(&obj, m_odb, &oid), trf("cannot read tree {}", id.hex()));
    RawTree tree(obj, git_odb_object_free);
    if (git_odb_object_type(obj) != GIT_OBJECT_TREE)
      throw repo_error(trf("object {} is not a tree", id.hex()));
    m_bytes += git_odb_object_size(obj);
    m_order.push_back(id);
    m_trees.emplace(id, tree);
    while (m_bytes > k_budget && m_order.size() > k_min_trees) {
      auto old = m_trees.find(m_order.front());
      m_bytes -= git_odb_object_size(old->second.get());
      m_trees.erase(old);
      m_order.pop_front();
    }
    return tree;
  }

private:
  static constexpr size_t k_budget = 4u << 20; ///< bounds memory at any history length
  static constexpr size_t k_min_trees = 8;      ///< kept whatever their size: a few folders' latest
  git_odb* m_odb;
  std::unordered_map<ObjectId, RawTree, IdHash> m_trees;
  std::deque<ObjectId> m_order; ///< oldest read first
  size_t m_bytes = 0;
};

std::string_view tree_bytes(const RawTree& t)
{
  return t ? std::string_view(static_cast<const char*>(git_odb_object_data(t.get())), git_odb_object_size(t.get()))
           : std::string_view();
}

/// One entry of a raw tree.
struct RawEntry {
  std::string_view name;
  const unsigned char* id = nullptr;
  unsigned mode = 0;
  bool tree = false;
  ObjectId object_id() const
  {
    ObjectId out;
    std::memcpy(out.bytes.data(), id, out.bytes.size());
    return out;
  }
};

/// Reads the entry at the front of `data` and drops it from there; false at the end.
bool next_entry(std::string_view& data, RawEntry& e)
{
  if (data.empty())
    return false;
  const char* p = data.data();
  const char* const end = p + data.size();
  unsigned mode = 0;
  for (; p < end && *p != ' '; ++p)
    mode = mode * 8 + static_cast<unsigned>(*p - '0');
  ++p;
  const char* nul = p < end ? static_cast<const char*>(std::memchr(p, 0, static_cast<size_t>(end - p))) : nullptr;
  if (!nul || end - nul < 21)
    throw repo_error(tr("a tree object is damaged (run `git fsck`)"));
  e.name = std::string_view(p, static_cast<size_t>(nul - p));
  e.id = reinterpret_cast<const unsigned char*>(nul + 1);
  e.mode = mode;
  e.tree = (mode & 0170000) == 040000;
  data = std::string_view(nul + 21, static_cast<size_t>(end - nul - 21));
  return true;
}

/// Git's order of tree entries: by name, a tree's name as if it ended in '/'.
int entry_order(const RawEntry& a, const RawEntry& b)
{
  const size_t n = std::min(a.name.size(), b.name.size());
  if (const int c = std::memcmp(a.name.data(), b.name.data(), n))
    return c;
  const unsigned ca = a.name.size() > n ? static_cast<unsigned char>(a.name[n]) : a.tree ? '/' : 0;
  const unsigned cb = b.name.size() > n ? static_cast<unsigned char>(b.name[n]) : b.tree ? '/' : 0;
  return static_cast<int>(ca) - static_cast<int>(cb);
}

/// How many first bytes a and b share: large blocks first (memcmp is fast on them), then small.
size_t common_front(std::string_view a, std::string_view b)
{
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (size_t block : {size_t(4096), size_t(64)})
    while (i + block <= n && std::memcmp(a.data() + i, b.data() + i, block) == 0)
      i += block;
  while (i < n && a[i] == b[i])
    ++i;
  return i;
}

/// How many last bytes a and b share.
size_t common_back(std::string_view a, std::string_view b)
{
  const size_t n = std::min(a.size(), b.size());
  const char* ea = a.data() + a.size();
  const char* eb = b.data() + b.size();
  size_t i = 0;
  for (size_t block : {size_t(4096), size_t(64)})
    while (i + block <= n && std::memcmp(ea - i - block, eb - i - block, block) == 0)
      i += block;
  while (i < n && ea[-1 - static_cast<long>(i)] == eb[-1 - static_cast<long>(i)])
    ++i;
  return i;
}

/// Compares trees top down, entry ids first: an identical subtree is never opened.
struct TreeDiff {
  TreeCache& cache;
  std::vector<PathChange>& out;
  std::string path; ///< the folder being compared, with a trailing '/' ("" at the top)
  const WalkScope& scope;
  size_t top = path.size(); ///< the length of `path` in the folder the scope applies to

  /// Whether the scope takes the entry (anything below the scope's folder is taken).
  bool wanted(const RawEntry& e) const
  {
    if (path.size() != top)
      return true;
    if (!e.tree)
      return scope.files;
    return std::binary_search(scope.folders.begin(), scope.folders.end(), e.name) != scope.except;
  }

  /// Every file of a subtree, as added (`added`) or deleted.
  void all(const RawEntry& e, bool added)
  {
    if (!e.tree) {
      PathChange c;
      c.path = path + std::string(e.name);
      (added ? c.blob : c.old_blob) = e.object_id();
      out.push_back(std::move(c));
      return;
    }
    const RawTree t = cache.get(e.object_id());
    const size_t keep = path.size();
    path.append(e.name).push_back('/');
    std::string_view data = tree_bytes(t);
    RawEntry sub;
    while (next_entry(data, sub))
      all(sub, added);
    path.resize(keep);
  }

  /// An entry present on both sides with the same name.
  void both(const RawEntry& a, const RawEntry& b)
  {
    if (a.mode == b.mode && std::memcmp(a.id, b.id, 20) == 0)
      return;
    if (a.tree && b.tree) {
      const size_t keep = path.size();
      path.append(a.name).push_back('/');
      compare(a.object_id(), b.object_id());
      path.resize(keep);
      return;
    }
    PathChange c;
    c.path = path + std::string(a.name);
    c.old_blob = a.object_id();
    c.blob = b.object_id();
    out.push_back(std::move(c));
  }

  /// The trees `a` (the parent's; null: empty) and `b` (the commit's).
  void compare(const ObjectId& a_id, const ObjectId& b_id)
  {
    if (a_id == b_id)
      return;
    const RawTree ta = a_id.null() ? nullptr : cache.get(a_id);
    const RawTree tb = b_id.null() ? nullptr : cache.get(b_id);
    std::string_view a = tree_bytes(ta), b = tree_bytes(tb);
    // Most of a large folder is the same on both sides: the bytes before the first difference
    // and after the last are the same entries, so only the middle is merge-walked.
    const size_t same_front = common_front(a, b), same_back = common_back(a, b);
    // Whole entries inside the common front are the same on both sides: skipped in step, by
    // their name's NUL alone (a mode and a name never hold one; an id may, after it).
    const char* p = a.data();
    const char* const a_end = a.data() + a.size();
    const char* const limit = a.data() + same_front;
    // Nothing in common (a side that is absent has no bytes, and memchr takes no null): none.
    while (same_front > 0) {
      const char* nul = static_cast<const char*>(std::memchr(p, 0, static_cast<size_t>(a_end - p)));
      if (!nul || nul + 21 > limit)
        break;
      p = nul + 21;
    }
    const size_t skipped = static_cast<size_t>(p - a.data());
    a.remove_prefix(skipped);
    b.remove_prefix(skipped);
    RawEntry ea, eb;
    bool has_a = next_entry(a, ea), has_b = next_entry(b, eb);
    while (has_a || has_b) {
      const int c = !has_a ? 1 : !has_b ? -1 : entry_order(ea, eb);
      if (c < 0) {
        if (wanted(ea))
          all(ea, false);
        has_a = next_entry(a, ea);
      } else if (c > 0) {
        if (wanted(eb))
          all(eb, true);
        has_b = next_entry(b, eb);
      } else {
        if (wanted(ea) || wanted(eb))
          both(ea, eb);
        // The rest is the common back: same length and within it means same entries.
        if (a.size() == b.size() && a.size() <= same_back)
          break;
        has_a = next_entry(a, ea);
        has_b = next_entry(b, eb);
      }
    }
  }
};

/// What the history walk reads of a commit, parsed from its raw object: reading it raw is a
/// third of what git_commit_lookup costs (it parses every header into allocations and caches
/// the object), and the walk reads 20,000 to 100,000 of them.
struct RawCommit {
  ObjectId tree;
  std::vector<ObjectId> parents;
  std::string_view author, email, message;
  long long author_time = 0, commit_time = 0;
  int author_offset = 0;
};

/// 40 hex digits at the front of `s`, or nullopt.
std::optional<ObjectId> hex_id(std::string_view s) { return s.size() < 40 ? std::nullopt : ObjectId::from_hex(s.substr(0, 40)); }

/// "NAME <EMAIL> TIME ±HHMM" as libgit2's signature parser reads it (the last '<' and '>').
void parse_signature(std::string_view line, std::string_view& name, std::string_view& email, long long& time, int& offset)
{
  const size_t lt = line.rfind('<'), gt = line.rfind('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt)
    throw repo_error(tr("a commit's author or committer is malformed (run `git fsck`)"));
  name = util::trim(line.substr(0, lt));
  email = util::trim(line.substr(lt + 1, gt - lt - 1));
  std::string_view rest = util::trim(line.substr(gt + 1));
  // The digits of a number at the front of rest, dropped from it; nullopt for none or too many.
  const auto number = [&rest]() -> std::optional<long long> {
    size_t i = 0;
    long long v = 0;
    for (; i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i])); ++i)
      if (i < 18)
        v = v * 10 + (rest[i] - '0');
    const bool ok = i > 0 && i <= 18;
    rest = util::trim(rest.substr(i));
    return ok ? std::optional(v) : std::nullopt;
  };
  time = number().value_or(0);
  offset = 0;
  // As libgit2: "+HHMM" with hours up to 14 and minutes up to 59, else no offset.
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    const bool west = rest[0] == '-';
    rest.remove_prefix(1);
    if (const auto hhmm = number(); hhmm && *hhmm / 100 <= 14 && *hhmm % 100 <= 59)
      offset = static_cast<int>(*hhmm / 100 * 60 + *hhmm % 100) * (west ? -1 : 1);
  }
}

/// Parses a raw commit object; throws Error(3) when it is malformed.
RawCommit parse_commit(std::string_view raw)
{
  RawCommit c;
  bool tree = false, author = false;
  while (!raw.empty()) {
    const size_t nl = raw.find('\n');
    const std::string_view line = raw.substr(0, nl);
    raw.remove_prefix(nl == std::string_view::npos ? raw.size() : nl + 1);
    if (line.empty()) { // the headers end at a blank line; the message follows
      c.message = raw;
      break;
    }
    if (line.starts_with("tree ")) {
      const auto id = hex_id(line.substr(5));
      tree = id.has_value();
      c.tree = id.value_or(ObjectId{});
    } else if (line.starts_with("parent ")) {
      const auto id = hex_id(line.substr(7));
      if (!id)
        throw repo_error(tr("a commit's parent is malformed (run `git fsck`)"));
      c.parents.push_back(*id);
    } else if (line.starts_with("author ") && !author) { // the first one counts, as in libgit2
      author = true;
      parse_signature(line.substr(7), c.author, c.email, c.author_time, c.author_offset);
    } else if (line.starts_with("committer ")) {
      std::string_view name, email;
      int offset = 0;
      parse_signature(line.substr(10), name, email, c.commit_time, offset);
    }
  }
  if (!tree)
    throw repo_error(tr("a commit has no tree (run `git fsck`)"));
  return c;
}

/// The first paragraph of a message on one line, as git_commit_summary gives it: leading blank
/// lines skipped, the paragraph ends at an empty or blank line, and a run of spaces holding a
/// line break becomes one space (other runs are kept; trailing ones dropped).
std::string summary_of(std::string_view msg)
{
  msg = msg.substr(0, msg.find('\0')); // libgit2 reads the message as a C string
  while (!msg.empty() && msg.front() == '\n')
    msg.remove_prefix(1);
  std::string out;
  size_t space = std::string_view::npos;
  bool space_has_newline = false;
  for (size_t i = 0; i < msg.size(); ++i) {
    const char ch = msg[i];
    if (ch == '\n') {
      if (i + 1 == msg.size() || msg[i + 1] == '\n')
        break;
      size_t next = i + 1;
      while (next < msg.size() && msg[next] != '\n' && std::isspace(static_cast<unsigned char>(msg[next])))
        ++next;
      if (next == msg.size() || msg[next] == '\n')
        break;
    }
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (space == std::string_view::npos) {
        space = i;
        space_has_newline = false;
      }
      space_has_newline |= ch == '\n';
    } else {
      if (space != std::string_view::npos) {
        if (space_has_newline)
          out.push_back(' ');
        else
          out.append(msg.substr(space, i - space));
        space = std::string_view::npos;
      }
      out.push_back(ch);
    }
  }
  return out;
}

/// A commit read raw through the object database: its bytes and what they say.
struct ReadCommit {
  std::shared_ptr<git_odb_object> obj;
  RawCommit fields;
};

/// Reads a commit raw; nullopt when the repository lacks it (a shallow clone's edge).
std::optional<ReadCommit> read_commit(git_odb* odb, const ObjectId& id)
{
  git_odb_object* obj = nullptr;
  const git_oid oid = to_oid(id);
  const int rc = git_odb_read(&obj, odb, &oid);
  if (rc == GIT_ENOTFOUND)
    return std::nullopt;
  check(rc, tr("cannot read a commit"));
  ReadCommit c{std::shared_ptr<git_odb_object>(obj, git_odb_object_free), {}};
  if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT)
    throw repo_error(trf("object {} is not a commit", id.hex()));
  c.fields = parse_commit(std::string_view(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj)));
  return c;
}

/// The id of the subtree at `prefix` ("a/b") of a tree; null when absent or not a tree.
ObjectId subtree(TreeCache& cache, ObjectId tree, std::string_view prefix)
{
  while (!prefix.empty() && !tree.null()) {
    const size_t slash = prefix.find('/');
    const std::string_view name = prefix.substr(0, slash);
    prefix = slash == std::string_view::npos ? std::string_view() : prefix.substr(slash + 1);
    const RawTree t = cache.get(tree);
    std::string_view data = tree_bytes(t);
    RawEntry e;
    ObjectId found;
    while (next_entry(data, e))
      if (e.tree && e.name == name) {
        found = e.object_id();
        break;
      }
    tree = found;
  }
  return tree;
}

} // namespace

std::optional<ObjectId> Repo::head_id() const
{
  git_oid id;
  if (git_reference_name_to_id(&id, m_impl->repo.get(), "HEAD") != 0)
    return std::nullopt;
  return to_id(id);
}

void Repo::walk_history(const ObjectId& start, const std::function<bool(const ObjectId&)>& known,
                        const std::string& prefix, const WalkScope& scope,
                        const std::function<void(const WalkedCommit&)>& fn) const
{
  git_repository* repo = m_impl->repo.get();
  if (known(start))
    return;
  // libgit2 hashes every object it reads again (SHA-1 with collision detection) to check it:
  // three quarters of the walk's time with large folder trees. Git itself does not on reads
  // (`git fsck` does); the walk reads trees only, and a damaged one fails to parse.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  // Every commit is read once or twice, in order, and the trees that are read again are in
  // the walk's own cache: libgit2's object cache would keep every commit (300 MB at 100,000)
  // and, bounded, spends a fifth of the walk evicting and looking up (perf). Off for the walk.
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  struct CachingBack {
    ~CachingBack() { git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1); }
  } caching_back;
  OdbPtr odb;
  check(git_repository_odb(odb.out(), repo), tr("cannot open the object database"));
  TreeCache cache(odb.get());
  const std::string top = prefix.empty() ? "" : prefix + "/";
  // Depth first, first parents first: a commit's parent comes next and its tree is still in
  // the cache. Not libgit2's revwalk: it fails on a shallow clone's missing parents, and the
  // caller knows better than a hidden tip where to stop (at any commit it already has).
  std::unordered_map<ObjectId, bool, IdHash> seen{{start, true}};
  std::vector<ObjectId> todo{start};
  WalkedCommit c;
  std::vector<ObjectId> next;
  // The parents read for the last commit: the first of them is usually the next one walked.
  std::vector<std::pair<ObjectId, ReadCommit>> read_parents, previous;
  while (!todo.empty()) {
    const ObjectId id = todo.back();
    todo.pop_back();
    previous.swap(read_parents);
    read_parents.clear();
    std::optional<ReadCommit> commit;
    for (auto& [pid, pc] : previous)
      if (pid == id) {
        commit = std::move(pc);
        break;
      }
    if (!commit && !(commit = read_commit(odb.get(), id)))
      throw repo_error(trf("cannot read commit {}", id.hex()));
    const RawCommit& cm = commit->fields;
    c.id = id;
    c.author = cm.author;
    c.email = cm.email;
    c.author_time = cm.author_time;
    c.author_offset = cm.author_offset;
    c.commit_time = cm.commit_time;
    c.subject = summary_of(cm.message);
    const ObjectId mine = subtree(cache, cm.tree, prefix);
    const auto parents = static_cast<unsigned>(cm.parents.size());
    c.parents = cm.parents;
    c.changes.assign(std::max(parents, 1u), {});
    next.clear();
    for (unsigned i = 0; i < parents; ++i) {
      const ObjectId& pid = cm.parents[i];
      std::optional<ReadCommit> parent = read_commit(odb.get(), pid);
      // A parent missing (beyond a shallow clone's edge) compares as empty, as git log shows it.
      const ObjectId theirs = parent ? subtree(cache, parent->fields.tree, prefix) : ObjectId{};
      TreeDiff{cache, c.changes[i], top, scope}.compare(theirs, mine);
      if (parent && !known(pid) && seen.emplace(pid, true).second)
        next.push_back(pid);
      if (parent)
        read_parents.emplace_back(pid, std::move(*parent));
    }
    if (parents == 0)
      TreeDiff{cache, c.changes[0], top, scope}.compare(ObjectId{}, mine);
    todo.insert(todo.end(), next.rbegin(), next.rend());
    fn(c);
  }
}

std::string Repo::read_blob(const ObjectId& id) const
{
  BlobPtr blob;
  const git_oid oid = to_oid(id);
  check(git_blob_lookup(blob.out(), m_impl->repo.get(), &oid), trf("cannot read blob {}", id.hex()));
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

std::optional<ObjectId> Repo::resolve_commit(const std::string& rev) const
{
  ObjectPtr obj;
  if (git_revparse_single(obj.out(), m_impl->repo.get(), rev.c_str()) != 0)
    return std::nullopt;
  ObjectPtr peeled;
  if (git_object_peel(peeled.out(), obj.get(), GIT_OBJECT_COMMIT) != 0)
    return std::nullopt;
  return to_id(*git_commit_id(reinterpret_cast<git_commit*>(peeled.get())));
}

std::optional<std::string> Repo::read_at(const std::string& rev, const fs::path& path) const
{
  git_repository* repo = m_impl->repo.get();
  ObjectPtr obj;
  if (git_revparse_single(obj.out(), repo, rev.c_str()) != 0)
    throw usage_error(trf("unknown revision `{}`", rev));
  ObjectPtr peeled;
  if (git_object_peel(peeled.out(), obj.get(), GIT_OBJECT_COMMIT) != 0)
    throw usage_error(trf("`{}` is not a commit", rev));
  const std::string rel = work_tree_path(path, workdir());
  const auto blob_id = blob_at(reinterpret_cast<git_commit*>(peeled.get()), rel);
  if (!blob_id)
    return std::nullopt;
  BlobPtr blob;
  check(git_blob_lookup(blob.out(), repo, &*blob_id), tr("cannot read a blob"));
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
  check_index(git_status_list_new(&list, repo, &opts), tr("cannot read git status"), true);
  IndexPtr index;
  check_index(git_repository_index(index.out(), repo), tr("cannot read the index"), true);
  std::vector<fs::path> out;
  for (size_t i = 0; i < git_status_list_entrycount(list); ++i) {
    const git_status_entry* e = git_status_byindex(list, i);
    const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
    // libgit2 knows no sparse checkout: a file left out of the work tree looks deleted.
    if (d && d->new_file.path && !(e->status == GIT_STATUS_WT_DELETED && skips_worktree(index.get(), d->new_file.path)))
      out.push_back(top / d->new_file.path);
  }
  git_status_list_free(list);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

/// True when the file's stat is the one its index entry recorded and the file is older than the
/// index (a file changed in the index's own second could have the same stat: git re-reads those).
bool stat_matches(const git_index_entry& e, const fs::path& p, long long index_mtime_ns)
{
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0)
    return false;
  const long long mtime = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  return static_cast<uint32_t>(st.st_size) == e.file_size && static_cast<int32_t>(st.st_mtim.tv_sec) == e.mtime.seconds &&
         static_cast<uint32_t>(st.st_mtim.tv_nsec) == e.mtime.nanoseconds && static_cast<uint32_t>(st.st_ino) == e.ino &&
         mtime < index_mtime_ns;
}

} // namespace

std::vector<fs::path> Repo::changed_among(const std::vector<fs::path>& paths) const
{
  // git_status_file lists the file's whole folder each time: for 300 files of folders of
  // thousands that is seconds. Compared here as git does: HEAD's blob, the index entry, the file.
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  IndexPtr index;
  check_index(git_repository_index(index.out(), repo), tr("cannot read the index"), true);
  CommitPtr head;
  TreePtr head_tree;
  if (const auto id = head_id()) {
    const git_oid oid = to_oid(*id);
    check(git_commit_lookup(head.out(), repo, &oid), tr("cannot read HEAD"));
    check(git_commit_tree(head_tree.out(), head.get()), tr("cannot read HEAD"));
  }
  // HEAD's blob of a path, each folder's tree read once (a folder of thousands of records is
  // a large object: reading and verifying it per file cost more than the whole sync).
  std::map<std::string, std::unique_ptr<TreePtr>> folders;
  const auto head_blob = [&](const std::string& rel) -> std::optional<git_oid> {
    if (!head_tree.get())
      return std::nullopt;
    const size_t slash = rel.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : rel.substr(0, slash);
    auto& folder = folders[dir];
    if (!folder) {
      folder = std::make_unique<TreePtr>();
      if (dir.empty()) {
        check(git_commit_tree(folder->out(), head.get()), tr("cannot read HEAD"));
      } else {
        EntryPtr e;
        if (git_tree_entry_bypath(e.out(), head_tree.get(), dir.c_str()) == 0 &&
            git_tree_entry_type(e.get()) == GIT_OBJECT_TREE)
          git_tree_lookup(folder->out(), repo, git_tree_entry_id(e.get()));
      }
    }
    if (!folder->get())
      return std::nullopt;
    const git_tree_entry* e = git_tree_entry_byname(folder->get(), rel.substr(slash == std::string::npos ? 0 : slash + 1).c_str());
    if (!e || git_tree_entry_type(e) != GIT_OBJECT_BLOB)
      return std::nullopt;
    return *git_tree_entry_id(e);
  };
  struct stat index_st {};
  const long long index_mtime = ::stat((git_dir() / "index").c_str(), &index_st) == 0
                                  ? index_st.st_mtim.tv_sec * 1000000000LL + index_st.st_mtim.tv_nsec
                                  : 0;
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    const std::string rel = work_tree_path(p, top);
    const std::optional<git_oid> in_head = head_blob(rel);
    const git_index_entry* entry = git_index_get_bypath(index.get(), rel.c_str(), 0);
    const auto same = [](const std::optional<git_oid>& a, const git_oid* b) {
      return a.has_value() == (b != nullptr) && (!a || git_oid_equal(&*a, b));
    };
    bool changed = !same(in_head, entry ? &entry->id : nullptr); // staged
    std::error_code ec;
    const auto st = fs::symlink_status(p, ec);
    if (!changed && !fs::exists(st)) {
      changed = entry && !skips_worktree(index.get(), rel); // deleted, unless sparse left it out
    } else if (!changed && entry && fs::is_regular_file(st) && stat_matches(*entry, p, index_mtime)) {
      changed = false; // as the index saw it: git's own shortcut, racily clean entries excepted
    } else if (!changed) {
      git_oid id{};
      changed = !entry || !fs::is_regular_file(st) ||
                git_repository_hashfile(&id, repo, p.c_str(), GIT_OBJECT_BLOB, rel.c_str()) != 0 ||
                !git_oid_equal(&id, &entry->id); // untracked, or edited
    }
    if (changed)
      out.push_back(p);
  }
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
  bool outside_sparse = false; ///< missing because sparse checkout left it out: not a change
  bool given = false; ///< outside_sparse, with its blob (or removal: !exists) given, not read from disk
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
  check(git_signature_now(out.author.out(), author.name.c_str(), author.email.c_str()), tr("invalid author identity"));
  const Identity committer = resolve_committer(author);
  check(git_signature_now(out.committer.out(), committer.name.c_str(), committer.email.c_str()),
        tr("invalid committer identity"));
}

/// Whether commits run the verifying hooks (pre-commit, pre-merge-commit, commit-msg);
/// --no-verify turns them off for the process (Repo::set_verify_hooks).
std::atomic<bool> g_verify_hooks{true};

/// Where git finds the hooks: core.hooksPath (relative to the work tree), else the hooks folder
/// of the common git dir; "" when neither can be told.
fs::path hooks_dir(git_repository* repo, git_config* cfg, const fs::path& top)
{
  git_buf buf = GIT_BUF_INIT;
  if (git_config_get_path(&buf, cfg, "core.hooksPath") == 0) {
    fs::path dir(std::string(buf.ptr, buf.size));
    git_buf_dispose(&buf);
    return dir.is_relative() ? top / dir : dir;
  }
  if (git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_HOOKS) != 0)
    return {};
  fs::path dir(std::string(buf.ptr, buf.size));
  git_buf_dispose(&buf);
  return dir;
}

/// What git config asks of a commit beyond its content: a signature, and where the hooks are.
struct CommitConfig {
  SigningConfig signing;
  fs::path hooks;
};

/// One config snapshot and a lookup per key: a write that neither signs nor has hooks pays no
/// more than that (no process is started).
CommitConfig commit_config(git_repository* repo, const fs::path& top)
{
  CommitConfig out;
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), repo), tr("cannot read git config"));
  int sign = 0;
  const int rc = git_config_get_bool(&sign, cfg.get(), "commit.gpgsign");
  if (rc != 0 && rc != GIT_ENOTFOUND)
    throw usage_error(trf("commit.gpgsign in git config is not true or false: {}", last_error(rc)));
  out.signing.sign = rc == 0 && sign != 0;
  if (out.signing.sign) {
    out.signing.format = config_string(cfg.get(), "gpg.format").value_or("openpgp");
    const std::string own = "gpg." + out.signing.format + ".program";
    out.signing.program = signing_program(out.signing.format, config_string(cfg.get(), own.c_str()).value_or(""),
                                          config_string(cfg.get(), "gpg.program").value_or(""));
    out.signing.key = config_string(cfg.get(), "user.signingkey").value_or("");
  }
  out.hooks = hooks_dir(repo, cfg.get(), top);
  return out;
}

/// The hooks a commit runs before it is made, as `git commit` (a merge: as `git merge`) does.
struct CommitHooks {
  fs::path verify;      ///< pre-commit or pre-merge-commit
  fs::path prepare;     ///< prepare-commit-msg (run even with --no-verify, as git does)
  fs::path check_msg;   ///< commit-msg
  std::string source;   ///< prepare-commit-msg's second argument
  std::string verify_name;
  bool any() const { return !verify.empty() || !prepare.empty() || !check_msg.empty(); }
};

CommitHooks commit_hooks(const fs::path& dir, const CommitParents& parents)
{
  CommitHooks h;
  if (parents.fast_forward) // no commit is made: only post-merge runs, afterwards
    return h;
  const bool merge = !parents.extra.empty();
  h.verify_name = merge ? "pre-merge-commit" : "pre-commit";
  h.source = merge ? "merge" : "message";
  if (g_verify_hooks) {
    h.verify = find_hook(dir, h.verify_name);
    h.check_msg = find_hook(dir, "commit-msg");
  }
  h.prepare = find_hook(dir, "prepare-commit-msg");
  return h;
}

/// Runs a hook that may refuse the commit; throws Error(3) when it does (its output is on
/// stderr). 3, not git's 1: a refusal of the repository's own rules, like a held index.lock,
/// and every write command keeps the exit statuses it had (1 stays "lint findings").
void run_refusing_hook(const fs::path& hook, std::string_view name, const std::vector<std::string>& args,
                       const fs::path& top, const std::vector<std::string>& env, bool skippable)
{
  const HookRun r = run_hook(hook, args, top, env);
  if (r.spawn_error)
    throw repo_error(trf("cannot run the {} hook {}: {}; nothing was written", name, hook.string(),
                         std::strerror(r.spawn_error)));
  if (r.status == 0)
    return;
  if (skippable)
    throw repo_error(trf("the {} hook refused the commit (exit status {}); nothing was written (--no-verify "
                         "skips it)",
                         name, r.status));
  throw repo_error(trf("the {} hook refused the commit (exit status {}); nothing was written", name, r.status));
}

/// Runs the hooks before a commit with the index that holds the change (`index`, as
/// GIT_INDEX_FILE) and returns the message they leave in $GIT_DIR/COMMIT_EDITMSG, cleaned up as
/// git does; the message as given when no message hook exists.
std::string run_commit_hooks(const CommitHooks& h, const fs::path& index, const fs::path& git_dir,
                             const fs::path& top, const std::string& message)
{
  const std::vector<std::string> env{"GIT_INDEX_FILE=" + index.string(), "GIT_EDITOR=:"};
  if (!h.verify.empty())
    run_refusing_hook(h.verify, h.verify_name, {}, top, env, true);
  if (h.prepare.empty() && h.check_msg.empty())
    return message;
  const fs::path file = git_dir / "COMMIT_EDITMSG";
  write_file_atomic(file, message, false);
  if (!h.prepare.empty())
    run_refusing_hook(h.prepare, "prepare-commit-msg", {file.string(), h.source}, top, env, false);
  if (!h.check_msg.empty())
    run_refusing_hook(h.check_msg, "commit-msg", {file.string()}, top, env, true);
  std::string edited = clean_message(read_file(file));
  if (edited.empty())
    throw repo_error(tr("the commit message is empty after the commit-msg hook; nothing was written"));
  return edited;
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
  check(git_reference_lookup(head.out(), repo, "HEAD"), tr("cannot read HEAD"));
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
    out.branch = git_reference_symbolic_target(head.get());
  out.born = git_reference_name_to_id(&out.commit_id, repo, out.branch.c_str()) == 0;
  if (out.born) {
    check(git_commit_lookup(out.commit.out(), repo, &out.commit_id), tr("cannot read the HEAD commit"));
    check(git_commit_tree(out.tree.out(), out.commit.get()), tr("cannot read the HEAD tree"));
  } else {
    BuilderPtr bld;
    git_oid empty{};
    check(git_treebuilder_new(bld.out(), repo, nullptr), tr("cannot build a tree"));
    check(git_treebuilder_write(&empty, bld.get()), tr("cannot write a tree"));
    check(git_tree_lookup(out.tree.out(), repo, &empty), tr("cannot read the empty tree"));
  }
}

/// One entry per path, with the file's stat; missing files are marked for removal, unless
/// sparse checkout keeps them out of the work tree.
std::vector<PathUpdate> path_updates(const fs::path& top, const std::vector<std::string>& rel, git_index* index)
{
  std::vector<PathUpdate> out(rel.size());
  for (size_t i = 0; i < rel.size(); ++i) {
    out[i].rel = rel[i];
    out[i].exists = ::lstat((top / rel[i]).c_str(), &out[i].st) == 0;
    if (out[i].exists)
      out[i].mode = (out[i].st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
    else
      out[i].outside_sparse = skips_worktree(index, rel[i]);
  }
  return out;
}

/// The filter driver (`filter=NAME` in .gitattributes) that git would run on path, when
/// git config defines one: libgit2 runs no external drivers, so git must.
std::optional<std::string> external_filter(git_repository* repo, const std::string& rel)
{
  const char* value = nullptr;
  if (git_attr_get(&value, repo, GIT_ATTR_CHECK_FILE_THEN_INDEX, rel.c_str(), "filter") != 0 ||
      git_attr_value(value) != GIT_ATTR_VALUE_STRING)
    return std::nullopt;
  const std::string name = value;
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), repo), tr("cannot read git config"));
  const std::string key = "filter." + name;
  if (config_string(cfg.get(), (key + ".clean").c_str()) || config_string(cfg.get(), (key + ".process").c_str()))
    return name;
  if (config_string(cfg.get(), (key + ".required").c_str()).value_or("") == "true")
    throw repo_error(trf("{} needs the filter `{}`, which git config does not define; set "
                         "filter.{}.clean (see gitattributes(5)); nothing was committed",
                         rel, name, name));
  return std::nullopt; // git too stores the bytes as they are
}

/// Stores the blobs of the files that exist, as `git add` would: through core.autocrlf,
/// text/eol and ident (libgit2), and through external clean filters (git itself).
void write_blobs(git_repository* repo, const fs::path& top, std::vector<PathUpdate>& entries)
{
  OdbPtr odb;
  git_repository_odb(odb.out(), repo); // without it every blob is written, as before
  for (PathUpdate& u : entries) {
    if (!u.exists)
      continue;
    if (external_filter(repo, u.rel)) {
      std::string hex_id = run_git({"hash-object", "-w", "--", u.rel}, top);
      while (!hex_id.empty() && (hex_id.back() == '\n' || hex_id.back() == '\r'))
        hex_id.pop_back();
      check(git_oid_fromstr(&u.blob, hex_id.c_str()), trf("`git hash-object {}` printed no id", u.rel));
      continue;
    }
    // A blob the object database already has (a sync brings in files whose blobs it fetched)
    // is only hashed, through the same filters: writing it again costs a loose object and its flush.
    git_oid id{};
    std::error_code ec;
    if (odb.get() && fs::is_regular_file(fs::symlink_status(top / u.rel, ec)) &&
        git_repository_hashfile(&id, repo, (top / u.rel).c_str(), GIT_OBJECT_BLOB, u.rel.c_str()) == 0 &&
        git_odb_exists(odb.get(), &id)) {
      u.blob = id;
      continue;
    }
    check(git_blob_create_from_workdir(&u.blob, repo, u.rel.c_str()), trf("cannot store {}", u.rel));
  }
}

/// The base tree with the entries applied; nullopt when that changes nothing (only removals
/// of files the tree never had). HEAD's tree is the base, so paths absent from the work
/// tree for other reasons (sparse checkout) stay as they are.
std::optional<git_oid> updated_tree(git_repository* repo, git_tree* base, const std::vector<PathUpdate>& entries)
{
  std::vector<git_tree_update> updates;
  for (const PathUpdate& u : entries) {
    if (u.outside_sparse && !u.given)
      continue;
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
        tr("cannot build the commit tree"));
  return tree_id;
}

/// A commit of the tree on top of HEAD (no parent on an unborn branch), then the extra parents
/// (a merge); no ref moves yet.
/// Signed as `git commit -S` signs when `signing.sign` (see commit_signing.h).
git_oid create_commit(git_repository* repo, const Head& head, const git_oid& tree_id, const Signatures& sigs,
                      const std::string& message, const std::vector<ObjectId>& extra, const SigningConfig& signing)
{
  TreePtr tree;
  check(git_tree_lookup(tree.out(), repo, &tree_id), tr("cannot read the new tree"));
  std::vector<CommitPtr> owned(extra.size());
  std::vector<const git_commit*> parents;
  if (head.born)
    parents.push_back(head.commit.get());
  for (size_t i = 0; i < extra.size(); ++i) {
    const git_oid oid = to_oid(extra[i]);
    check(git_commit_lookup(owned[i].out(), repo, &oid), trf("cannot read the commit {} to merge", extra[i].hex()));
    parents.push_back(owned[i].get());
  }
  git_oid commit_id{};
  if (!signing.sign) {
    check(git_commit_create(&commit_id, repo, nullptr, sigs.author.get(), sigs.committer.get(), "UTF-8",
                            message.c_str(), tree.get(), parents.size(), parents.empty() ? nullptr : parents.data()),
          tr("cannot create the commit"));
    return commit_id;
  }
  // The commit's text, signed by the configured program, then stored with the signature in
  // its `gpgsig` header: what git writes, so `git verify-commit` checks it.
  git_buf buf = GIT_BUF_INIT;
  check(git_commit_create_buffer(&buf, repo, sigs.author.get(), sigs.committer.get(), "UTF-8", message.c_str(),
                                 tree.get(), parents.size(), parents.empty() ? nullptr : parents.data()),
        tr("cannot create the commit"));
  const std::string text(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  const git_signature* who = sigs.committer.get();
  const std::string signature = sign_commit_text(signing, text, fmt::format("{} <{}>", who->name, who->email));
  check(git_commit_create_with_signature(&commit_id, repo, text.c_str(), signature.c_str(), "gpgsig"),
        tr("cannot store the signed commit"));
  return commit_id;
}

/// Moves the branch to the commit only if it still points where we started (compare-and-swap);
/// returns libgit2's code, GIT_EMODIFIED and the like when somebody else moved it.
int move_branch(git_repository* repo, const Head& head, const git_oid& commit_id, const std::string& message)
{
  RefPtr moved;
  const std::string reflog = "commit: " + message.substr(0, message.find('\n'));
  const int rc = head.born ? git_reference_create_matching(moved.out(), repo, head.branch.c_str(), &commit_id, 1,
                                                           &head.commit_id, reflog.c_str())
                           : git_reference_create(moved.out(), repo, head.branch.c_str(), &commit_id, 0, reflog.c_str());
  if (rc == 0)
    return 0;
  // Failed after the ref file was renamed into place (a reflog or fsync error): it moved.
  git_oid now{};
  if (git_reference_name_to_id(&now, repo, head.branch.c_str()) == 0 && git_oid_equal(&now, &commit_id))
    return 0;
  return rc;
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

/// A copy of the index, taken under the index lock, that the commit's entries are staged in.
struct StagedIndex {
  fs::path path;
  util::CleanupPath cleanup;
  util::CleanupPath lock_cleanup; ///< libgit2's PATH.lock while it writes the copy
  IndexPtr index;
};

/// Copies the index to `index.collab-PID` and opens it; refuses an index with conflicts.
void open_index_copy(StagedIndex& out, const fs::path& index_path)
{
  out.path = index_path.parent_path() / fmt::format("{}{}", k_index_temp_infix, ::getpid());
  out.cleanup.watch(out.path);
  out.lock_cleanup.watch(out.path.string() + ".lock");
  // libgit2 writes PATH.lock next to it: watched too, so a signal leaves neither behind.
  std::error_code ec;
  struct stat original {};
  if (::stat(index_path.c_str(), &original) == 0) {
    fs::copy_file(index_path, out.path, fs::copy_options::overwrite_existing, ec);
    // The copy keeps the index's mtime, in whole seconds. An entry whose file changed in the
    // same second as the last index write is "racily clean" (same size and seconds): git
    // checks its content while the index is that old, and whoever rewrites the index must
    // smudge it if it changed. libgit2 does that on write, but judges "same time" against the
    // loaded file's time in nanoseconds, while Debian's git compares seconds. With the copy's
    // own newer time, or nanoseconds, a file edited right after a `git commit` read as
    // unmodified to git once collab had committed (found beside `git commit` under load).
    const struct timespec times[2] = {original.st_atim, {original.st_mtim.tv_sec, 0}};
    if (!ec && ::utimensat(AT_FDCWD, out.path.c_str(), times, 0) != 0)
      ec = std::error_code(errno, std::generic_category());
  }
  if (ec)
    throw repo_error(trf("cannot copy {}: {}; nothing was committed", index_path.string(), ec.message()));
  // No "nothing was ..." here: the caller knows whether it wrote files (and put them back).
  check_index(git_index_open(out.index.out(), out.path.c_str()), tr("cannot read the index"));
  for (size_t i = 0; i < git_index_entrycount(out.index.get()); ++i) {
    const git_index_entry* e = git_index_get_byindex(out.index.get(), i);
    if (GIT_INDEX_ENTRY_STAGE(e) != 0)
      throw repo_error(trf("the index has unresolved conflicts ({} and maybe more); resolve them and "
                           "commit with git (`git add PATH`, `git commit`), then run the command again; "
                           "nothing was written",
                           e->path));
  }
}

/// Stages the entries' paths, and only them, in the copy and writes it to disk.
void stage(StagedIndex& staged, const std::vector<PathUpdate>& entries)
{
  git_index* index = staged.index.get();
  for (const PathUpdate& u : entries) {
    if (u.outside_sparse) {
      if (!u.given)
        continue;
      // Not on disk: the entry keeps skip-worktree and gets the new blob, no stat data.
      if (!u.exists) {
        git_index_remove_bypath(index, u.rel.c_str());
        continue;
      }
      git_index_entry e{};
      if (const git_index_entry* old = git_index_get_bypath(index, u.rel.c_str(), 0))
        e = *old;
      e.id = u.blob;
      e.mode = u.mode;
      e.path = u.rel.c_str();
      e.flags_extended |= GIT_INDEX_ENTRY_SKIP_WORKTREE;
      check(git_index_add(index, &e), trf("cannot stage {}; nothing was committed", u.rel));
      continue;
    }
    if (!u.exists) {
      git_index_remove_bypath(index, u.rel.c_str());
      continue;
    }
    const git_index_entry e = index_entry(u);
    check(git_index_add(index, &e), trf("cannot stage {}; nothing was committed", u.rel));
  }
  check(git_index_write(index), tr("cannot write the index; nothing was committed"));
}

/// What git operation a repository state is, and how to end it.
std::optional<std::string> state_advice(int state)
{
  switch (state) {
  case GIT_REPOSITORY_STATE_NONE:
    return std::nullopt;
  // A bisect only reads history and checks out the commits it tests, detached (refused below
  // as any detached HEAD is). On a branch (before the first checkout, or `--no-checkout`) a
  // commit is an ordinary one, as `git commit` makes there too: it touches neither BISECT_*
  // nor refs/bisect, and `git bisect reset` returns to the branch with it.
  case GIT_REPOSITORY_STATE_BISECT:
    return std::nullopt;
  case GIT_REPOSITORY_STATE_MERGE:
    return tr("a merge is in progress; finish it with `git merge --continue` (after resolving conflicts) or "
              "undo it with `git merge --abort`");
  case GIT_REPOSITORY_STATE_REVERT:
  case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
    return tr("a revert is in progress; finish it with `git revert --continue` (after resolving conflicts) or "
              "undo it with `git revert --abort`");
  case GIT_REPOSITORY_STATE_CHERRYPICK:
  case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
    return tr("a cherry-pick is in progress; finish it with `git cherry-pick --continue` (after resolving "
              "conflicts) or undo it with `git cherry-pick --abort`");
  case GIT_REPOSITORY_STATE_REBASE:
  case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
  case GIT_REPOSITORY_STATE_REBASE_MERGE:
    return tr("a rebase is in progress; finish it with `git rebase --continue` or undo it with `git rebase --abort`");
  case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
    return tr("`git am` is in progress; finish it with `git am --continue` (after applying the patch by hand) or "
              "undo it with `git am --abort`");
  case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
    // .git/rebase-apply without the file that tells which: say both.
    return tr("`git am` or `git rebase` is in progress (.git/rebase-apply exists); finish it with `git am --continue` "
              "or `git rebase --continue`, or undo it with `git am --abort` or `git rebase --abort`");
  default:
    return tr("a git operation is in progress (see `git status`); finish or abort it");
  }
}

/// Whether writes are flushed to disk before the branch moves; COLLAB_FSYNC=0 turns it off
/// (benchmarks). libgit2's own fsync (GIT_OPT_ENABLE_FSYNC_GITDIR) stays off: it costs an
/// fsync per object, per object folder, for the index and the ref (11 for one `set`, 4-9 ms
/// here, more than the rest of the write). One syncfs(2) of everything the write made, before
/// the ref points at it, gives the same guarantee, as git's `core.fsyncMethod=batch` does.
bool durable_writes()
{
  static const bool durable = [] {
    const char* env = std::getenv("COLLAB_FSYNC");
    return !(env && std::string_view(env) == "0");
  }();
  return durable;
}

} // namespace

namespace {

/// The same file or folder (both missing counts as different).
bool same_place(const fs::path& a, const fs::path& b)
{
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

/// Refuses GIT_DIR, GIT_WORK_TREE or GIT_INDEX_FILE that point elsewhere than the repository
/// collab found from the records folder: collab would commit somewhere the user did not mean.
void require_no_foreign_env(const fs::path& git_dir, const fs::path& workdir)
{
  struct Var {
    const char* name;
    fs::path expected;
  };
  for (const Var& v : {Var{"GIT_DIR", git_dir}, Var{"GIT_WORK_TREE", workdir}, Var{"GIT_INDEX_FILE", git_dir / "index"}}) {
    const char* value = std::getenv(v.name);
    if (!value || !*value || same_place(value, v.expected))
      continue;
    throw repo_error(trf("{} is set to {}, but the records are in the repository at {}, which collab uses; "
                         "unset it (`unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE`) or run collab inside "
                         "the work tree you meant; nothing was written",
                         v.name, value, workdir.string()));
  }
}

} // namespace

void Repo::require_writable() const
{
  git_repository* repo = m_impl->repo.get();
  require_no_foreign_env(git_dir(), workdir());
  const int state = git_repository_state(repo);
  if (const auto advice = state_advice(state))
    throw repo_error(trf("{}, then run the command again; nothing was written", *advice));
  if (git_repository_head_detached(repo) == 1 && state == GIT_REPOSITORY_STATE_BISECT)
    throw repo_error(tr("a bisect is in progress and HEAD is detached at a commit it tests, where a commit would "
                        "belong to no branch; end the bisect with `git bisect reset` (back to your branch), then run "
                        "the command again; nothing was written"));
  if (git_repository_head_detached(repo) == 1)
    throw repo_error(tr("HEAD is detached, and a commit there would belong to no branch; check out a branch first "
                        "(`git switch BRANCH`), then run the command again; nothing was written"));
}

std::vector<fs::path> Repo::removed_paths(const fs::path& dir) const
{
  if (git_repository_head_unborn(m_impl->repo.get()) == 1)
    return {};
  // The git CLI: its log walks the history with diffs far faster than a libgit2 revwalk with
  // a tree diff per commit; `new` pays it once (e.g. 0.1 s for 10,000 commits).
  const std::string rel = path_inside_work_tree(dir, workdir());
  const std::string out = run_git({"log", "--diff-filter=D", "--no-renames", "--name-only", "--format=", "-z", "--",
                                   rel.empty() ? "*.yaml" : rel + "/*.yaml"},
                                  workdir());
  std::vector<fs::path> paths;
  for (size_t at = 0; at < out.size();) {
    const size_t end = out.find('\0', at);
    std::string name = out.substr(at, end == std::string::npos ? std::string::npos : end - at);
    name.erase(0, name.find_first_not_of('\n')); // commits are separated by a line break
    if (name.find_first_not_of('\n') != std::string::npos)
      paths.push_back(workdir() / name);
    if (end == std::string::npos)
      break;
    at = end + 1;
  }
  return paths;
}

HeadCommit Repo::head_commit() const
{
  Head head;
  read_head(head, m_impl->repo.get());
  HeadCommit out;
  if (!head.born)
    return out;
  out.id = hex(head.commit_id);
  out.message = git_commit_message(head.commit.get());
  CommitPtr parent;
  if (git_commit_parentcount(head.commit.get()) > 0 && git_commit_parent(parent.out(), head.commit.get(), 0) == 0)
    out.parent = hex(*git_commit_id(parent.get()));
  return out;
}

void Repo::reset_index_paths(const std::vector<fs::path>& paths)
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  const fs::path index_path = git_dir() / "index";
  IndexLock lock(index_path);
  lock.acquire(k_index_attempts);
  Head head;
  read_head(head, repo);
  StagedIndex staged;
  open_index_copy(staged, index_path);
  for (const auto& p : paths) {
    const std::string rel = path_inside_work_tree(p, top);
    EntryPtr entry;
    if (git_tree_entry_bypath(entry.out(), head.tree.get(), rel.c_str()) != 0) {
      git_index_remove_bypath(staged.index.get(), rel.c_str());
      continue;
    }
    // No stat data: git compares the file's content with the blob at its next look.
    git_index_entry e{};
    e.mode = git_tree_entry_filemode(entry.get());
    e.id = *git_tree_entry_id(entry.get());
    e.path = rel.c_str();
    check(git_index_add(staged.index.get(), &e), trf("cannot reset {} in the index", rel));
  }
  check(git_index_write(staged.index.get()), tr("cannot write the index"));
  lock.install(staged.path);
  staged.cleanup.dismiss();
  if (durable_writes())
    sync_file_systems({git_dir()});
  // The lock is released on return.
}

std::vector<bool> Repo::skip_worktree(const std::vector<fs::path>& paths) const
{
  std::vector<bool> out(paths.size(), false);
  IndexPtr index;
  const fs::path index_path = git_dir() / "index";
  std::error_code ec;
  if (!fs::exists(index_path, ec))
    return out;
  check_index(git_index_open(index.out(), index_path.c_str()), tr("cannot read the index"));
  const fs::path top = workdir();
  for (size_t i = 0; i < paths.size(); ++i)
    out[i] = skips_worktree(index.get(), path_inside_work_tree(paths[i], top));
  return out;
}

namespace {

/// What tells whether a hook rewrote the index copy: its size and modification time.
std::pair<std::uintmax_t, std::int64_t> index_stamp(const fs::path& index)
{
  struct stat st {};
  if (::stat(index.c_str(), &st) != 0)
    return {0, 0};
  return {static_cast<std::uintmax_t>(st.st_size), st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec};
}

} // namespace

std::string Repo::commit_paths(const std::vector<fs::path>& paths, const std::string& message, const Identity& author,
                               const CommitParents& parents)
{
  return commit_paths(paths, message, author, parents, {});
}

namespace {

/// The entry of a path outside the sparse checkout as the commit `target` has it (a
/// fast-forward's tree must be the target's): its blob, or removal when absent there.
void take_from(PathUpdate& u, git_tree* target)
{
  EntryPtr entry;
  u.given = true;
  u.exists = git_tree_entry_bypath(entry.out(), target, u.rel.c_str()) == 0;
  if (u.exists) {
    u.blob = *git_tree_entry_id(entry.get());
    u.mode = static_cast<git_filemode_t>(git_tree_entry_filemode(entry.get()));
  }
}

} // namespace

std::string Repo::commit_paths(const std::vector<fs::path>& paths, const std::string& message, const Identity& author,
                               const CommitParents& parents, const std::vector<SparseContent>& sparse)
{
  git_repository* repo = m_impl->repo.get();
  const fs::path top = workdir();
  std::vector<std::string> rel;
  for (const auto& p : paths)
    rel.push_back(path_inside_work_tree(p, top));
  Signatures sigs;
  sign(sigs, author);
  const CommitConfig config = commit_config(repo, top);
  m_impl->hooks = config.hooks; // for run_post_commit_hook: no second read of the config
  const CommitHooks hooks = commit_hooks(config.hooks, parents);
  std::string final_message = message; // as the message hooks leave it (they run once)
  bool hooks_ran = !hooks.any();

  const fs::path index_path = git_dir() / "index";
  remove_stale_index_temps(git_dir());
  // On every write, not only after a crash of collab: libgit2's leftovers only become stale an
  // hour later (see object_temps.cpp), and may come from other programs. One listing of the
  // objects folder (~260 entries) takes ~0.2 ms.
  if (const fs::path objects = objects_dir(repo); !objects.empty())
    remove_stale_object_temps(objects);
  constexpr int k_attempts = k_index_attempts;
  for (int attempt = 0; attempt < k_attempts; ++attempt) {
    IndexLock lock(index_path);
    if (!lock.try_acquire()) {
      if (attempt + 1 == k_attempts)
        throw repo_error(lock.busy_message());
      sleep_backoff(attempt);
      continue;
    }
    // Everything is read under the lock: a git process that got it first has finished.
    require_writable();
    Head head;
    read_head(head, repo);
    StagedIndex staged;
    open_index_copy(staged, index_path);
    std::vector<PathUpdate> entries = path_updates(top, rel, staged.index.get());
    // Attribute lookups (filters, eol) read the index: give them the copy already loaded
    // instead of a second read of a large index (477 ms at 100,000 records).
    check(git_repository_set_index(repo, staged.index.get()), tr("cannot use the index"));
    write_blobs(repo, top, entries);
    for (const SparseContent& c : sparse) {
      PathUpdate u;
      u.rel = c.rel;
      u.outside_sparse = u.given = true;
      u.exists = c.content.has_value();
      if (c.content)
        check(git_blob_create_from_buffer(&u.blob, repo, c.content->data(), c.content->size()),
              trf("cannot store {}", c.rel));
      entries.push_back(std::move(u));
    }
    if (parents.expected_head) {
      const std::optional<ObjectId> now = head.born ? std::optional(to_id(head.commit_id)) : std::nullopt;
      if (now != *parents.expected_head)
        throw repo_error(trf("{} moved while collab was preparing this commit (now at {}); nothing was committed, "
                             "run the command again",
                             head.branch, now ? now->hex() : std::string("nothing")));
    }
    CommitPtr target;
    TreePtr target_tree;
    if (parents.fast_forward) {
      const git_oid oid = to_oid(*parents.fast_forward);
      check(git_commit_lookup(target.out(), repo, &oid),
            trf("cannot read the commit {} to fast-forward to", parents.fast_forward->hex()));
      check(git_commit_tree(target_tree.out(), target.get()), tr("cannot read the tree to fast-forward to"));
      for (PathUpdate& u : entries)
        if (u.outside_sparse && !u.given)
          take_from(u, target_tree.get());
    }
    const bool plain = !parents.fast_forward && parents.extra.empty();
    auto tree_id = updated_tree(repo, head.tree.get(), entries);
    if (!tree_id && plain)
      return "";
    if (!tree_id) // a merge or a fast-forward that changes no file here still joins the histories
      tree_id = *git_tree_id(head.tree.get());
    git_oid commit_id{};
    if (parents.fast_forward) {
      if (!git_oid_equal(&*tree_id, git_tree_id(target_tree.get())))
        throw repo_error(trf("cannot fast-forward {} to {}: its files differ from the ones written; nothing was "
                             "committed",
                             head.branch, parents.fast_forward->hex()));
      commit_id = *git_commit_id(target.get());
    }
    stage(staged, entries);
    if (!parents.fast_forward) {
      // The hooks see the index copy that holds the change (as `git commit PATH` shows its
      // hooks a temporary index); refused, the copy goes and nothing has changed.
      if (!hooks_ran) {
        const auto before = index_stamp(staged.path);
        final_message = run_commit_hooks(hooks, staged.path, git_dir(), top, message);
        hooks_ran = true;
        // git commits what a pre-commit hook stages; collab has made its tree already, and
        // installing the hook's index would leave staged changes no commit holds.
        if (index_stamp(staged.path) != before)
          throw repo_error(tr("a hook changed the index (git add?); collab commits only the records it writes: "
                              "nothing was committed. Let the hook check, not stage, or commit its files with git"));
      }
      commit_id = create_commit(repo, head, *tree_id, sigs, final_message, parents.extra, config.signing);
    }
    // The index first, then the branch: a crash in between leaves the change staged, never
    // an index that a later `git commit` would turn into a revert of this commit.
    lock.install(staged.path);
    staged.cleanup.dismiss();
    // The record files, objects and index reach the disk before the ref names the commit: a
    // power cut never leaves a branch pointing at a missing object or a torn record.
    if (durable_writes())
      sync_file_systems({git_dir(), top});
    const int rc = move_branch(repo, head, commit_id, final_message);
    if (rc == 0) {
      // The ref and its reflog too, so that a write reported done stays done. Best effort:
      // the branch has moved, so a flush error can no longer undo the commit.
      if (durable_writes()) {
        try {
          sync_file_systems({git_dir()});
        } catch (const Error&) {
        }
      }
      return hex(commit_id); // the lock is released on return; nothing after this may fail
    }
    lock.restore();
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
      lock.release();
      if (attempt + 1 == k_attempts && rc == GIT_ELOCKED)
        throw repo_error(trf("{}.lock exists: another git process is moving {}, or one was killed while "
                             "doing so; nothing was committed. If no git process is running, remove it with "
                             "`rm {}.lock` and run the command again",
                             (git_dir() / head.branch).string(), head.branch,
                             (git_dir() / head.branch).string()));
      if (attempt + 1 == k_attempts)
        throw repo_error(trf("{} kept moving while collab tried to commit; nothing was committed, try again",
                             head.branch));
      sleep_backoff(attempt);
      continue;
    }
    check(rc, trf("cannot update {}; nothing was committed", head.branch));
  }
  throw repo_error(tr("could not commit; try again"));
}

void Repo::set_verify_hooks(bool verify) { g_verify_hooks = verify; }

void Repo::run_post_commit_hook(const CommitParents& parents) const noexcept
{
  // The commit is made: nothing here may throw into the caller's undo of a write that failed.
  try {
    git_repository* repo = m_impl->repo.get();
    const fs::path top = workdir();
    if (!m_impl->hooks) {
      ConfigPtr cfg;
      if (git_repository_config_snapshot(cfg.out(), repo) != 0)
        return;
      m_impl->hooks = hooks_dir(repo, cfg.get(), top);
    }
    const bool merge = parents.fast_forward || !parents.extra.empty();
    const fs::path hook = find_hook(*m_impl->hooks, merge ? "post-merge" : "post-commit");
    if (hook.empty())
      return;
    // As git: its status changes nothing, the commit is made (post-merge's 0: not a squash).
    if (merge)
      run_hook(hook, {"0"}, top, {});
    else
      run_hook(hook, {}, top, {"GIT_INDEX_FILE=" + (git_dir() / "index").string()});
  } catch (...) {
  }
}

// ---------------------------------------------------------------------------------------
// Remotes (sync): upstream, fetch, push, merge base, diff of two commits, text merge
// ---------------------------------------------------------------------------------------

namespace {

using RemotePtr = Owned<git_remote, git_remote_free>;

/// The short branch HEAD is on, or Error(3) when HEAD is detached.
std::string current_branch(git_repository* repo)
{
  RefPtr head;
  check(git_reference_lookup(head.out(), repo, "HEAD"), tr("cannot read HEAD"));
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
    throw repo_error(tr("HEAD is detached, so there is no branch to sync; check out a branch first (`git switch "
                        "BRANCH`), then run the command again"));
  std::string target = git_reference_symbolic_target(head.get());
  constexpr std::string_view k_heads = "refs/heads/";
  if (target.rfind(k_heads, 0) == 0)
    target.erase(0, k_heads.size());
  return target;
}

/// The first line of a message, without a trailing period or blanks: one line for the reason.
std::string one_line(std::string text)
{
  text.erase(0, text.find_first_not_of(" \t\r\n"));
  text = text.substr(0, text.find_first_of("\r\n"));
  while (!text.empty() && (text.back() == ' ' || text.back() == '.'))
    text.pop_back();
  return text;
}

/// What the credential callback tried, so that a failure can say why and approve/reject the
/// password that git's credential helper gave.
struct Credentials {
  fs::path workdir;
  bool interactive = false; ///< stdin is a terminal: git's helpers may prompt
  int ssh_step = 0;         ///< 0: ssh-agent, then the key files one by one
  bool ssh_exhausted = false;
  bool helper_asked = false; ///< `git credential fill` gave a user and password
  bool helper_failed = false;   ///< it gave no user and password
  bool helper_rejected = false; ///< the remote refused the ones it gave
  std::string fill_input; ///< what fill was asked ("url=...\n"), for approve/reject
  std::string filled;     ///< what fill answered
  bool auth_failed() const { return ssh_exhausted || helper_failed || helper_rejected || helper_asked; }
};

/// `key=value` of git's credential protocol, "" when absent.
std::string credential_field(const std::string& text, std::string_view key)
{
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find('\n', at);
    const std::string_view line(text.data() + at, (end == std::string::npos ? text.size() : end) - at);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == '=')
      return std::string(line.substr(key.size() + 1));
    if (end == std::string::npos)
      break;
    at = end + 1;
  }
  return "";
}

/// The environment of git's credential helpers: no prompt unless stdin is a terminal.
std::vector<std::string> credential_env(const Credentials& c)
{
  if (c.interactive)
    return {};
  return {"GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=", "SSH_ASKPASS="};
}

/// libgit2 asks again after each refused credential: ssh-agent, then each key file, then git's
/// credential helpers for a user and password (asked once: a second call means it was refused).
int acquire_credential(git_credential** out, const char* url, const char* user_from_url, unsigned int allowed,
                       void* payload)
{
  auto& c = *static_cast<Credentials*>(payload);
  const std::string user = user_from_url && *user_from_url ? user_from_url : "git";
  if (allowed & GIT_CREDENTIAL_USERNAME)
    return git_credential_username_new(out, user.c_str());
  if (allowed & GIT_CREDENTIAL_SSH_KEY) {
    for (;;) {
      const int step = c.ssh_step++;
      if (step == 0) {
        const char* sock = std::getenv("SSH_AUTH_SOCK");
        if (sock && *sock)
          return git_credential_ssh_key_from_agent(out, user.c_str());
        continue;
      }
      static constexpr const char* k_keys[] = {"id_ed25519", "id_ecdsa", "id_rsa"};
      if (step - 1 >= static_cast<int>(std::size(k_keys)))
        break;
      const char* home = std::getenv("HOME");
      if (!home)
        break;
      const fs::path key = fs::path(home) / ".ssh" / k_keys[step - 1];
      std::error_code ec;
      if (!fs::exists(key, ec))
        continue;
      const fs::path pub = key.string() + ".pub";
      return git_credential_ssh_key_new(out, user.c_str(), fs::exists(pub, ec) ? pub.c_str() : nullptr, key.c_str(),
                                        nullptr);
    }
    c.ssh_exhausted = true;
    if (!(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
      return GIT_EAUTH;
  }
  if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    if (c.helper_asked) { // the helper's password was refused: forget it, as git does
      run_git_input({"credential", "reject"}, c.workdir, c.fill_input + c.filled + "\n", credential_env(c));
      c.helper_asked = false;
      c.helper_rejected = true;
      return GIT_EAUTH;
    }
    if (c.helper_failed || c.helper_rejected)
      return GIT_EAUTH;
    c.fill_input = fmt::format("url={}\n", url);
    if (user_from_url && *user_from_url)
      c.fill_input += fmt::format("username={}\n", user_from_url);
    const GitRun fill = run_git_input({"credential", "fill"}, c.workdir, c.fill_input + "\n", credential_env(c));
    const std::string name = credential_field(fill.out, "username");
    const std::string password = credential_field(fill.out, "password");
    if (fill.status != 0 || name.empty()) {
      c.helper_failed = true;
      return GIT_EAUTH;
    }
    c.helper_asked = true;
    c.filled = fill.out;
    return git_credential_userpass_plaintext_new(out, name.c_str(), password.c_str());
  }
  return GIT_PASSTHROUGH;
}

/// Tells git's credential helpers that the password they gave worked (`git credential approve`).
void approve_credential(const Credentials& c)
{
  if (c.helper_asked)
    run_git_input({"credential", "approve"}, c.workdir, c.fill_input + c.filled + "\n", credential_env(c));
}

/// Where a fetch or push reports to, with the push's per-ref verdicts.
struct Transfer {
  Credentials creds;
  std::string url;
  std::string unknown_host; ///< an ssh host whose key known_hosts does not list
  const ProgressFn* progress = nullptr;
  std::string rejected; ///< the remote's reason for refusing the ref, "" when it took it
};

int on_fetch_progress(const git_indexer_progress* p, void* payload)
{
  auto& t = *static_cast<Transfer*>(payload);
  if (t.progress && *t.progress) {
    const bool indexing = p->received_objects == p->total_objects && p->indexed_deltas < p->total_deltas;
    (*t.progress)(TransferProgress{indexing ? "resolving" : "receiving",
                                   indexing ? p->indexed_deltas : p->received_objects,
                                   indexing ? p->total_deltas : p->total_objects, p->received_bytes});
  }
  return 0;
}

int on_push_progress(unsigned current, unsigned total, size_t bytes, void* payload)
{
  auto& t = *static_cast<Transfer*>(payload);
  if (t.progress && *t.progress)
    (*t.progress)(TransferProgress{"sending", current, total, bytes});
  return 0;
}

int on_push_ref(const char*, const char* status, void* payload)
{
  auto& t = *static_cast<Transfer*>(payload);
  if (status)
    t.rejected = status;
  return 0;
}

/// The port of an ssh url (`ssh://[user@]host[:port]/path`; 22 for `user@host:path`).
int ssh_port(const std::string& url)
{
  if (url.rfind("ssh://", 0) != 0 && url.rfind("git+ssh://", 0) != 0 && url.rfind("ssh+git://", 0) != 0)
    return 22;
  const size_t start = url.find("://") + 3;
  const size_t slash = url.find('/', start);
  std::string authority = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
  authority.erase(0, authority.find('@') + 1);
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos || authority.back() == ']')
    return 22;
  try {
    return std::stoi(authority.substr(colon + 1));
  } catch (...) {
    return 22;
  }
}

/// TLS certificates as libgit2 checks them; an ssh host key only when known_hosts lists it for
/// the host, as OpenSSH (and so git) requires: libgit2 1.5 would accept any.
int check_certificate(git_cert* cert, int, const char* host, void* payload)
{
  auto& t = *static_cast<Transfer*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
    return GIT_PASSTHROUGH;
  const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
  if ((key->type & GIT_CERT_SSH_RAW) && key->hostkey &&
      known_host_key(host ? host : "", ssh_port(t.url), std::string_view(key->hostkey, key->hostkey_len)))
    return 0;
  t.unknown_host = host ? host : "";
  return GIT_ECERTIFICATE;
}

void set_callbacks(git_remote_callbacks& cb, Transfer& t)
{
  cb.certificate_check = check_certificate;
  cb.credentials = acquire_credential;
  cb.transfer_progress = on_fetch_progress;
  cb.push_transfer_progress = on_push_progress;
  cb.push_update_reference = on_push_ref;
  cb.payload = &t;
}

/// The one-line reason of a failed fetch or push (libgit2's message, named by what failed).
[[noreturn]] void throw_transfer_error(int code, const Transfer& t, const Upstream& up, bool pushing)
{
  std::string why = one_line(last_error(code));
  if (!t.unknown_host.empty())
    why = trf("the ssh host key of {} is not in ~/.ssh/known_hosts; connect once with `ssh {}` to check it and "
              "add it, then sync again",
              t.unknown_host, t.unknown_host);
  // libgit2 keeps no message of its own when the credential callback gives up: say what was tried.
  const Credentials& c = t.creds;
  if (!t.unknown_host.empty())
    ;
  else if (c.helper_rejected || c.helper_asked)
    why = tr("authentication failed: the remote refused the user and password of git's credential helper "
             "(check them with `git credential fill`)");
  else if (c.helper_failed)
    why = tr("authentication failed: git's credential helper gave no user and password (set one up, e.g. `git "
             "config credential.helper store`, or run once on a terminal)");
  else if (c.ssh_exhausted)
    why = tr("authentication failed: the remote accepted no ssh key (ssh-agent, ~/.ssh/id_ed25519, id_ecdsa, "
             "id_rsa)");
  else if (code == GIT_EAUTH)
    why = trf("authentication failed: {}", why);
  throw repo_error(pushing ? trf("cannot push to {} ({}): {}", up.remote, up.url, why)
                           : trf("cannot fetch from {} ({}): {}", up.remote, up.url, why));
}

/// The folder of a remote that libgit2 reaches through its local transport (a `file://` url or a
/// path), "" for a network remote.
std::string local_remote_path(const std::string& url)
{
  if (url.rfind("file://", 0) == 0)
    return url.substr(7);
  if (url.find("://") != std::string::npos)
    return "";
  std::error_code ec;
  return fs::is_directory(url, ec) ? url : "";
}

/// The remote `up` names. For an https url, the CA certificates are loaded first (once), as git
/// finds them: http.sslCAInfo, then SSL_CERT_FILE, then Debian's bundle.
void open_remote(RemotePtr& out, git_repository* repo, const Upstream& up)
{
  // The command line decides which libraries load (cli/app.cpp): only `sync` reaches remotes.
  if (g_standins_loaded)
    throw repo_error(trf("cannot reach the remote {} ({}): this command loaded git without ssh and https "
                         "support; run `collab sync`",
                         up.remote, up.url));
  check(git_remote_lookup(out.out(), repo, up.remote.c_str()), trf("cannot read the remote {}", up.remote));
  if (up.url.rfind("https://", 0) != 0)
    return;
  static std::mutex mutex;
  static std::string loaded;
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), repo), tr("cannot read git config"));
  std::string file = config_string(cfg.get(), "http.sslCAInfo").value_or("");
  if (const char* env = std::getenv("GIT_SSL_CAINFO"); file.empty() && env && *env)
    file = env;
  if (const char* env = std::getenv("SSL_CERT_FILE"); file.empty() && env && *env)
    file = env;
  if (file.empty())
    file = "/etc/ssl/certs/ca-certificates.crt";
  const std::lock_guard lock(mutex);
  if (loaded == file)
    return;
  g_tls_wanted = true;
  check(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file.c_str(), nullptr),
        trf("cannot read the CA certificates in {}", file));
  loaded = file;
}

} // namespace

Upstream Repo::upstream() const
{
  git_repository* repo = m_impl->repo.get();
  Upstream up;
  up.branch = current_branch(repo);
  const std::string local = "refs/heads/" + up.branch;
  ConfigPtr cfg;
  check(git_repository_config_snapshot(cfg.out(), repo), tr("cannot read git config"));
  const std::string key = "branch." + up.branch;
  up.remote = config_string(cfg.get(), (key + ".remote").c_str()).value_or("");
  up.merge = config_string(cfg.get(), (key + ".merge").c_str()).value_or("");
  if (up.remote.empty() || up.merge.empty()) {
    const bool has_origin = config_string(cfg.get(), "remote.origin.url").has_value();
    throw repo_error(
      has_origin ? trf("the branch {} has no upstream to sync with; set one with `git push -u origin {}` (or `git "
                       "branch --set-upstream-to=origin/{}` when the remote has that branch)",
                       up.branch, up.branch, up.branch)
                 : trf("the branch {} has no upstream to sync with, and there is no remote; add one with `git remote "
                       "add origin URL`, then `git push -u origin {}`",
                       up.branch, up.branch));
  }
  if (up.remote == ".")
    throw repo_error(trf("the branch {} tracks a local branch ({}); sync needs a remote: set one with `git branch "
                         "--set-upstream-to=origin/BRANCH`",
                         up.branch, up.merge));
  up.url = config_string(cfg.get(), ("remote." + up.remote + ".url").c_str()).value_or("");
  if (up.url.empty())
    throw repo_error(trf("the remote {} (upstream of {}) has no url; set it with `git remote set-url {} URL`",
                         up.remote, up.branch, up.remote));
  git_buf buf = GIT_BUF_INIT;
  if (git_branch_upstream_name(&buf, repo, local.c_str()) == 0) {
    up.tracking.assign(buf.ptr, buf.size);
    git_buf_dispose(&buf);
  } else {
    // No fetch refspec maps the ref: git's default place for it.
    std::string name = up.merge;
    if (name.rfind("refs/heads/", 0) == 0)
      name.erase(0, std::string_view("refs/heads/").size());
    up.tracking = "refs/remotes/" + up.remote + "/" + name;
  }
  return up;
}

namespace {

/// What git said went wrong: its first `fatal:`/`error:` line without the prefix, else its last
/// line that says something ("" when none).
std::string last_message(const std::string& out)
{
  for (std::string_view prefix : {"fatal: ", "error: "})
    for (size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at + 1))
      if (at == 0 || out[at - 1] == '\n') {
        const size_t begin = at + prefix.size();
        return out.substr(begin, out.find('\n', begin) - begin);
      }
  return util::last_line(out);
}

/// A remote on this machine is fetched from and pushed to by git itself: libgit2 1.5's local
/// transport packs every object anew (zlib and a delta search: 0.6 s where git's reuse of the
/// remote's packs takes 0.2 s for 100 commits of a 10,000-record repository), and it runs
/// none of the remote's hooks (a pre-receive hook that enforces lint would be skipped).
bool fetched_by_git(const std::string& local_path) { return !local_path.empty(); }

} // namespace

std::optional<ObjectId> Repo::fetch(const Upstream& up, const ProgressFn& progress)
{
  git_repository* repo = m_impl->repo.get();
  if (fetched_by_git(local_remote_path(up.url))) {
    const GitRun run = run_git_input({"fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", up.remote,
                                      "+" + up.merge + ":" + up.tracking},
                                     workdir(), "", {"LC_ALL=C"}, true);
    // A remote without the branch is an empty one (nothing pushed yet), as with libgit2 below.
    if (run.status != 0 && run.out.find("couldn't find remote ref") != std::string::npos)
      return std::nullopt;
    if (run.status != 0)
      throw repo_error(trf("cannot fetch from {} ({}): {}", up.remote, up.url, last_message(run.out)));
    git_oid id{};
    if (git_reference_name_to_id(&id, repo, up.tracking.c_str()) != 0)
      return std::nullopt;
    (void)progress; // git's own transfer of local objects is quick: nothing to show
    return to_id(id);
  }
  RemotePtr remote;
  open_remote(remote, repo, up);
  Transfer t;
  t.creds.workdir = workdir();
  t.creds.interactive = ::isatty(STDIN_FILENO) == 1;
  t.progress = &progress;
  t.url = up.url;
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  set_callbacks(opts.callbacks, t);
  opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  // Forced, as git's default refspec is: the tracking ref follows the remote wherever it went.
  std::string spec = "+" + up.merge + ":" + up.tracking;
  char* specs[] = {spec.data()};
  const git_strarray refspecs{specs, 1};
  const std::string reflog = "fetch " + up.remote;
  if (const int rc = git_remote_fetch(remote.get(), &refspecs, &opts, reflog.c_str()); rc < 0)
    throw_transfer_error(rc, t, up, false);
  approve_credential(t.creds);
  // What the remote advertised: its branch, or nothing when it has none yet (a stale tracking ref
  // from before does not count).
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  if (git_remote_ls(&heads, &count, remote.get()) == 0)
    for (size_t i = 0; i < count; ++i)
      if (heads[i]->name == up.merge)
        return to_id(heads[i]->oid);
  return std::nullopt;
}

bool Repo::push(const Upstream& up, const ProgressFn& progress)
{
  git_repository* repo = m_impl->repo.get();
  const std::string local = "refs/heads/" + up.branch;
  git_oid head{};
  check(git_reference_name_to_id(&head, repo, local.c_str()), trf("the branch {} has no commit to push", up.branch));
  if (fetched_by_git(local_remote_path(up.url))) {
    // git's receive-pack checks the fast-forward under the ref's lock and runs the remote's hooks.
    const GitRun run = run_git_input({"push", "--porcelain", "--quiet", "--", up.remote, local + ":" + up.merge},
                                     workdir(), "", {"LC_ALL=C"}, true);
    if (run.status == 0) {
      RefPtr moved;
      check(git_reference_create(moved.out(), repo, up.tracking.c_str(), &head, 1, "update by push"),
            trf("cannot update {}", up.tracking));
      return true;
    }
    static constexpr std::string_view k_moved[] = {"non-fast-forward", "fetch first", "stale info", "failed to lock",
                                                   "failed to update ref", "cannot lock ref"};
    for (std::string_view m : k_moved)
      if (run.out.find(m) != std::string::npos)
        return false;
    // --porcelain says why on the ref's line: `!<TAB>from:to<TAB>[remote rejected] (pre-receive hook declined)`.
    std::string why = last_message(run.out);
    if (const size_t mark = run.out.find("rejected] ("); mark != std::string::npos) {
      const size_t begin = mark + 11;
      why = run.out.substr(begin, run.out.find_first_of(")\n", begin) - begin);
    }
    throw repo_error(trf("cannot push to {} ({}): the remote refused {}: {}", up.remote, up.url, up.merge, why));
  }
  RemotePtr remote;
  open_remote(remote, repo, up);
  Transfer t;
  t.creds.workdir = workdir();
  t.creds.interactive = ::isatty(STDIN_FILENO) == 1;
  t.progress = &progress;
  t.url = up.url;
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  set_callbacks(opts.callbacks, t);
  // libgit2's local transport (file:// and paths) sets the remote's ref by force, without the
  // compare-and-swap that git's receive-pack does: a push landing between its check and its
  // update would be overwritten. So there the objects go to a ref of collab's own, and the
  // branch then moves by compare-and-swap from the value checked here.
  const std::string local_path = local_remote_path(up.url);
  RepoPtr remote_repo;
  std::optional<git_oid> remote_was;
  std::string parking;
  if (!local_path.empty()) {
    if (const int rc = git_repository_open_bare(remote_repo.out(), local_path.c_str()); rc < 0)
      throw_transfer_error(rc, t, up, true);
    git_oid was{};
    if (git_reference_name_to_id(&was, remote_repo.get(), up.merge.c_str()) == 0) {
      remote_was = was;
      git_oid base{};
      if (git_merge_base(&base, repo, &head, &was) != 0 || !git_oid_equal(&base, &was))
        return false; // not a fast-forward (or the remote's commit is not here: fetch first)
    }
    parking = fmt::format("refs/collab/push-{}", ::getpid());
  }
  std::string spec = parking.empty() ? local + ":" + up.merge // no '+': fast-forward only
                                     : "+" + local + ":" + parking;
  char* specs[] = {spec.data()};
  const git_strarray refspecs{specs, 1};
  int rc = git_remote_push(remote.get(), &refspecs, &opts);
  if (!parking.empty() && rc == 0 && t.rejected.empty()) {
    RefPtr moved;
    const std::string reflog = "push";
    const int cas = remote_was ? git_reference_create_matching(moved.out(), remote_repo.get(), up.merge.c_str(), &head,
                                                               1, &*remote_was, reflog.c_str())
                               : git_reference_create(moved.out(), remote_repo.get(), up.merge.c_str(), &head, 0,
                                                      reflog.c_str());
    RefPtr parked;
    if (git_reference_lookup(parked.out(), remote_repo.get(), parking.c_str()) == 0)
      git_reference_delete(parked.get());
    if (cas == GIT_EMODIFIED || cas == GIT_EEXISTS || cas == GIT_ELOCKED)
      return false; // another push landed meanwhile
    rc = cas;
  }
  // libgit2 checks a fast-forward itself against what the remote advertised; the remote checks
  // again when another push landed in between.
  if (rc == GIT_ENONFASTFORWARD)
    return false;
  if (rc < 0)
    throw_transfer_error(rc, t, up, true);
  approve_credential(t.creds);
  if (!t.rejected.empty()) {
    static constexpr std::string_view k_moved[] = {"non-fast-forward", "fetch first", "stale info", "failed to lock",
                                                   "failed to update ref", "cannot lock ref"};
    for (std::string_view m : k_moved)
      if (t.rejected.find(m) != std::string::npos)
        return false;
    throw repo_error(trf("cannot push to {} ({}): the remote refused {}: {}", up.remote, up.url, up.merge,
                         one_line(t.rejected)));
  }
  // The tracking ref names what the remote now has, as after `git push`.
  RefPtr moved;
  const std::string reflog = "update by push";
  check(git_reference_create(moved.out(), repo, up.tracking.c_str(), &head, 1, reflog.c_str()),
        trf("cannot update {}", up.tracking));
  return true;
}

std::optional<ObjectId> Repo::merge_base(const ObjectId& a, const ObjectId& b) const
{
  const git_oid oa = to_oid(a), ob = to_oid(b);
  git_oid base{};
  const int rc = git_merge_base(&base, m_impl->repo.get(), &oa, &ob);
  if (rc == GIT_ENOTFOUND)
    return std::nullopt;
  check(rc, trf("cannot find the merge base of {} and {}", a.hex(), b.hex()));
  return to_id(base);
}

std::vector<PathChange> Repo::diff_commits(const std::optional<ObjectId>& from, const ObjectId& to,
                                           const std::string& prefix) const
{
  git_repository* repo = m_impl->repo.get();
  const auto tree_of = [&](const ObjectId& commit) {
    CommitPtr c;
    const git_oid oid = to_oid(commit);
    check(git_commit_lookup(c.out(), repo, &oid), trf("cannot read commit {}", commit.hex()));
    return to_id(*git_commit_tree_id(c.get()));
  };
  OdbPtr odb;
  check(git_repository_odb(odb.out(), repo), tr("cannot open the object database"));
  TreeCache cache(odb.get());
  std::string top = prefix;
  while (!top.empty() && top.back() == '/')
    top.pop_back();
  const ObjectId a = from ? subtree(cache, tree_of(*from), top) : ObjectId{};
  const ObjectId b = subtree(cache, tree_of(to), top);
  std::vector<PathChange> out;
  const WalkScope everything;
  TreeDiff{cache, out, top.empty() ? "" : top + "/", everything}.compare(a, b);
  return out;
}

std::string Repo::last_author(const ObjectId& from, const ObjectId& to, const std::string& path) const
{
  git_repository* repo = m_impl->repo.get();
  // Newest first by commit time, not past `from`: the commits `git log from..to -- path` lists first.
  std::priority_queue<std::pair<long long, ObjectId>> queue;
  std::set<ObjectId> seen{to};
  const auto commit_of = [&](const ObjectId& id, CommitPtr& c) {
    const git_oid oid = to_oid(id);
    check(git_commit_lookup(c.out(), repo, &oid), trf("cannot read commit {}", id.hex()));
  };
  {
    CommitPtr c;
    commit_of(to, c);
    queue.emplace(git_commit_time(c.get()), to);
  }
  for (int steps = 0; !queue.empty() && steps < 10000; ++steps) {
    const ObjectId id = queue.top().second;
    queue.pop();
    if (id == from)
      continue;
    CommitPtr c;
    commit_of(id, c);
    const auto blob = blob_at(c.get(), path);
    const auto same = [](const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
      return a.has_value() == b.has_value() && (!a || git_oid_equal(&*a, &*b));
    };
    const unsigned n = git_commit_parentcount(c.get());
    bool changed = n > 0 || blob.has_value();
    for (unsigned i = 0; i < n; ++i) {
      CommitPtr parent;
      if (git_commit_parent(parent.out(), c.get(), i) != 0)
        continue; // a shallow clone's edge
      if (same(blob_at(parent.get(), path), blob))
        changed = false;
      const ObjectId pid = to_id(*git_commit_id(parent.get()));
      if (seen.insert(pid).second)
        queue.emplace(git_commit_time(parent.get()), pid);
    }
    if (changed)
      return git_commit_author(c.get())->name;
  }
  return "";
}

std::optional<std::string> Repo::merge_text(std::string_view base, std::string_view ours,
                                            std::string_view theirs, bool union_lines) const
{
  git_merge_file_input in[3];
  const std::string_view texts[3] = {base, ours, theirs};
  for (int i = 0; i < 3; ++i) {
    in[i] = GIT_MERGE_FILE_INPUT_INIT;
    in[i].ptr = texts[i].data();
    in[i].size = texts[i].size();
  }
  git_merge_file_options opts = GIT_MERGE_FILE_OPTIONS_INIT;
  if (union_lines)
    opts.favor = GIT_MERGE_FILE_FAVOR_UNION;
  git_merge_file_result result{};
  check(git_merge_file(&result, &in[0], &in[1], &in[2], &opts), tr("cannot merge the texts"));
  std::optional<std::string> out;
  if (result.automergeable)
    out = std::string(result.ptr ? result.ptr : "", result.len);
  git_merge_file_result_free(&result);
  return out;
}

} // namespace collab::store
