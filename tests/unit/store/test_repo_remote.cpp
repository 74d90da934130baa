// Repo's sync plumbing against real remotes: bare repositories through file:// and a local
// `git daemon` (git://127.0.0.1), checked with the git CLI.
#include "collab/store/repo.h"
#include "collab/store/transaction.h"
#include "collab/util/error.h"

#include "process.h"
#include "remote.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::store;

namespace {

Identity tester() { return Identity{"Test Recorder", "recorder@example.com"}; }

std::unique_ptr<Repo> open_repo(const fs::path& dir)
{
  auto repo = Repo::discover(dir);
  REQUIRE(repo);
  return repo;
}

std::string trim(std::string s)
{
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();
  return s;
}

/// A commit of one file with the git CLI in a clone, pushed when `push`.
void commit_file(const fs::path& clone, const std::string& rel, const std::string& text, bool push)
{
  test::write(clone / rel, text);
  test::git("add -- " + rel, clone);
  test::git("commit -qm " + rel, clone);
  if (push)
    test::git("push -q", clone);
}

/// The Error(3) a call throws, its message; "" (and a failed check) when it throws none.
template <typename F>
std::string error_of(F&& f)
{
  try {
    f();
  } catch (const util::Error& e) {
    CHECK(e.exit_status() == 3);
    return e.what();
  }
  FAIL_CHECK("no Error thrown");
  return "";
}

/// Two clones of one remote at `url`: a (which made the first commit, pushed) and b.
struct TwoClones {
  fs::path a, b;
  TwoClones(const test::TempDir& tmp, const std::string& url)
  {
    a = test::clone(url, tmp / "a");
    commit_file(a, "tasks/T-2029-001.yaml", "id: T-2029-001\nkind: task\ntitle: one\n", false);
    test::git("push -q -u origin main", a);
    b = test::clone(url, tmp / "b");
  }
};

/// The remote cases, run against file:// and git:// urls alike.
void check_fetch_and_push(const test::TempDir& tmp, const std::string& url, const fs::path& bare)
{
  TwoClones c(tmp, url);
  auto a = open_repo(c.a);
  const Upstream up = a->upstream();
  CHECK(up.branch == "main");
  CHECK(up.remote == "origin");
  CHECK(up.url == url);
  CHECK(up.merge == "refs/heads/main");
  CHECK(up.tracking == "refs/remotes/origin/main");

  // Nothing new: the fetched commit is the remote's branch.
  std::vector<TransferProgress> seen;
  const ProgressFn progress = [&](const TransferProgress& p) { seen.push_back(p); };
  CHECK(a->fetch(up, progress) == a->head_id());

  // b pushes two commits; a fetches them into origin/main without touching main.
  commit_file(c.b, "tasks/T-2029-002.yaml", "id: T-2029-002\nkind: task\ntitle: two\n", false);
  commit_file(c.b, "notes.txt", "hello\n", true);
  const std::string b_head = trim(test::git("rev-parse HEAD", c.b));
  const auto fetched = a->fetch(up, progress);
  REQUIRE(fetched);
  CHECK(fetched->hex() == b_head);
  CHECK(trim(test::git("rev-parse origin/main", c.a)) == b_head);
  CHECK(trim(test::git("rev-parse main", c.a)) != b_head);
  // The receiving phase was reported (a remote on this machine is fetched by git itself, at once).
  if (url.rfind("file://", 0) != 0)
    CHECK_FALSE(seen.empty());

  // a commits on top of its old main: the push is refused as non-fast-forward (false), the
  // remote keeps b's commit.
  commit_file(c.a, "tasks/T-2029-003.yaml", "id: T-2029-003\nkind: task\ntitle: three\n", false);
  CHECK_FALSE(a->push(up, progress));
  CHECK(trim(test::git("rev-parse main", bare)) == b_head);

  // A merge commit with b's commit as second parent makes the push a fast-forward.
  const auto head = a->head_id();
  REQUIRE(head);
  const std::string merged = a->commit_paths({}, "sync: merge", tester(), CommitParents{{*fetched}, std::nullopt});
  REQUIRE_FALSE(merged.empty());
  CHECK(trim(test::git("log -1 --format=%P", c.a)) == head->hex() + " " + b_head);
  // The merge's tree is ours (no path given): git sees b's files as deleted, so bring them in.
  test::git("checkout -q " + b_head + " -- tasks/T-2029-002.yaml notes.txt", c.a);
  test::git("reset -q", c.a);
  a->commit_paths({c.a / "tasks/T-2029-002.yaml", c.a / "notes.txt"}, "sync: files", tester());
  CHECK(a->push(up, progress));
  const std::string a_head = trim(test::git("rev-parse HEAD", c.a));
  CHECK(trim(test::git("rev-parse main", bare)) == a_head);
  CHECK(trim(test::git("rev-parse origin/main", c.a)) == a_head);
  CHECK(test::git("status --porcelain", c.a).empty());

  // b fast-forwards to a's commits: files written first, then the branch moves, no new commit.
  auto b = open_repo(c.b);
  const auto next = b->fetch(b->upstream(), {});
  REQUIRE(next);
  CHECK(next->hex() == a_head);
  const auto changes = b->diff_commits(b->head_id(), *next);
  std::vector<FileChange> files;
  for (const PathChange& ch : changes)
    files.push_back({c.b / ch.path, ch.blob.null() ? std::nullopt : std::optional(b->read_blob(ch.blob))});
  CHECK(files.size() == 1); // T-2029-003
  write_and_commit(*b, files, "sync: fast-forward", tester(), CommitParents{{}, next});
  CHECK(trim(test::git("rev-parse HEAD", c.b)) == a_head);
  CHECK(test::git("status --porcelain", c.b).empty());
  CHECK(test::run({"git", "fsck", "--strict"}, bare).status == 0);
  CHECK(test::run({"git", "fsck", "--strict"}, c.a).status == 0);
  CHECK(test::run({"git", "fsck", "--strict"}, c.b).status == 0);
}

} // namespace

TEST_CASE("Repo fetches and pushes through file:// (new commits, non-fast-forward refused, merge, fast-forward)")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "remote.git");
  check_fetch_and_push(tmp, test::file_url(bare), bare);
}

TEST_CASE("Repo fetches and pushes through a git daemon on 127.0.0.1")
{
  if (!test::GitDaemon::available()) {
    MESSAGE("skipped: git has no daemon (git-daemon missing from `git --exec-path`)");
    return;
  }
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "served/remote.git");
  test::GitDaemon daemon(tmp / "served");
  check_fetch_and_push(tmp, daemon.url("remote.git"), bare);
}

TEST_CASE("Repo::fetch of an empty remote gives nullopt, the first push creates its branch")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "remote.git");
  const fs::path a = test::clone(test::file_url(bare), tmp / "a");
  commit_file(a, "x.txt", "x\n", false);
  test::git("config branch.main.remote origin", a);
  test::git("config branch.main.merge refs/heads/main", a);
  auto repo = open_repo(a);
  const Upstream up = repo->upstream();
  CHECK_FALSE(repo->fetch(up, {}));
  CHECK(repo->push(up, {}));
  CHECK(trim(test::git("rev-parse main", bare)) == trim(test::git("rev-parse HEAD", a)));
  CHECK(trim(test::git("rev-parse origin/main", a)) == trim(test::git("rev-parse HEAD", a)));
}

TEST_CASE("Repo::upstream names the git command that sets one")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path dir = test::git_init(tmp / "solo");
  commit_file(dir, "x.txt", "x\n", false);
  auto repo = open_repo(dir);
  CHECK(error_of([&] { repo->upstream(); }).find("git remote add origin") != std::string::npos);
  test::git("remote add origin file:///nowhere.git", dir);
  CHECK(error_of([&] { repo->upstream(); }).find("git push -u origin main") != std::string::npos);
  test::git("checkout -q --detach", dir);
  CHECK(error_of([&] { repo->upstream(); }).find("detached") != std::string::npos);
}

TEST_CASE("Repo::fetch and push refuse an unreachable host or a missing repository with Error(3) and one line")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "remote.git");
  const fs::path a = test::clone(test::file_url(bare), tmp / "a");
  commit_file(a, "x.txt", "x\n", false);
  test::git("push -q -u origin main", a);
  auto repo = open_repo(a);
  const auto expect_refusal = [&](const std::string& url) {
    test::git("remote set-url origin " + url, a);
    const Upstream up = repo->upstream();
    const std::string fetch = error_of([&] { repo->fetch(up, {}); });
    CHECK(fetch.find("cannot fetch from origin (" + url + ")") != std::string::npos);
    CHECK(fetch.find('\n') == std::string::npos);
    const std::string push = error_of([&] { repo->push(up, {}); });
    CHECK(push.find("cannot push to origin") != std::string::npos);
    CHECK(push.find('\n') == std::string::npos);
    MESSAGE(fetch);
  };
  expect_refusal(test::file_url(tmp / "missing.git"));         // repository not found
  expect_refusal("git://127.0.0.1:" + std::to_string(test::free_port()) + "/x.git"); // nobody listens
  if (test::GitDaemon::available()) {
    test::GitDaemon daemon(tmp.path());
    expect_refusal(daemon.url("missing.git")); // the daemon refuses an unknown repository
  }
}

namespace {

/// An http server on 127.0.0.1 that asks for a password on every request and accepts none;
/// over https with `cert` and `key` (PEM files) when given.
std::unique_ptr<test::Background> deny_server(const test::TempDir& tmp, int port, const std::string& cert = "",
                                              const std::string& key = "")
{
  test::write(tmp / "deny.py", "import http.server, ssl, sys\n"
                               "class H(http.server.BaseHTTPRequestHandler):\n"
                               "    def do_GET(self):\n"
                               "        self.send_response(401)\n"
                               "        self.send_header('WWW-Authenticate', 'Basic realm=\"records\"')\n"
                               "        self.send_header('Content-Length', '0')\n"
                               "        self.end_headers()\n"
                               "    do_POST = do_GET\n"
                               "    def log_message(self, *a): pass\n"
                               "s = http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), H)\n"
                               "if len(sys.argv) > 3:\n"
                               "    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
                               "    c.load_cert_chain(sys.argv[2], sys.argv[3])\n"
                               "    s.socket = c.wrap_socket(s.socket, server_side=True)\n"
                               "s.serve_forever()\n");
  std::vector<std::string> argv{"/usr/bin/python3", (tmp / "deny.py").string(), std::to_string(port)};
  if (!cert.empty()) {
    argv.push_back(cert);
    argv.push_back(key);
  }
  auto server = std::make_unique<test::Background>(argv, tmp.path());
  REQUIRE(test::wait_for_port(port));
  return server;
}

} // namespace

TEST_CASE("Repo::fetch asks git's credential helper for a password, and rejects it when the server refuses it")
{
  test::set_test_environment();
  test::TempDir tmp;
  const int port = test::free_port();
  const auto server = deny_server(tmp, port);
  const fs::path dir = test::git_init(tmp / "a");
  commit_file(dir, "x.txt", "x\n", false);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/records.git";
  test::git("remote add origin " + url, dir);
  test::git("config branch.main.remote origin", dir);
  test::git("config branch.main.merge refs/heads/main", dir);
  // A helper that logs each question and answers with a user and password.
  const fs::path log = tmp / "helper.log";
  test::write(tmp / "helper.sh", "#!/bin/sh\necho \"$1\" >> '" + log.string() +
                                   "'\ncat > /dev/null\nif [ \"$1\" = get ]; then echo username=recorder; echo "
                                   "password=secret; fi\n");
  fs::permissions(tmp / "helper.sh", fs::perms::owner_exec, fs::perm_options::add);
  test::git("config credential.helper '" + (tmp / "helper.sh").string() + "'", dir);
  auto repo = open_repo(dir);
  const std::string why = error_of([&] { repo->fetch(repo->upstream(), {}); });
  CHECK(why.find("authentication failed: the remote refused the user and password") != std::string::npos);
  CHECK(why.find('\n') == std::string::npos);
  const std::string asked = test::read(log);
  CHECK(asked.find("get") != std::string::npos);   // consulted for the password
  CHECK(asked.find("erase") != std::string::npos); // and told it was refused
  CHECK(asked.find("store") == std::string::npos);
}

TEST_CASE("Repo::commit_paths fast-forward refuses files that differ from the target's tree")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "remote.git");
  TwoClones c(tmp, test::file_url(bare));
  commit_file(c.b, "x.txt", "from b\n", true);
  auto a = open_repo(c.a);
  const auto target = a->fetch(a->upstream(), {});
  REQUIRE(target);
  const std::string before = trim(test::git("rev-parse HEAD", c.a));
  test::write(c.a / "x.txt", "something else\n");
  const std::string why =
    error_of([&] { a->commit_paths({c.a / "x.txt"}, "ff", tester(), CommitParents{{}, target}); });
  CHECK(why.find("cannot fast-forward") != std::string::npos);
  CHECK(trim(test::git("rev-parse HEAD", c.a)) == before);
  CHECK(test::git("diff --cached --name-only", c.a).empty()); // the index was put back
}

TEST_CASE("write_and_commit keeps a file outside the sparse checkout out of the work tree (skip-worktree kept)")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path dir = test::git_init(tmp / "a");
  test::write(dir / "mine/T-2029-001.yaml", "id: T-2029-001\n");
  test::write(dir / "other/T-2029-002.yaml", "id: T-2029-002\n");
  test::git("add -A", dir);
  test::git("commit -qm base", dir);
  test::git("sparse-checkout set --no-cone /mine/", dir);
  REQUIRE_FALSE(fs::exists(dir / "other/T-2029-002.yaml"));
  auto repo = open_repo(dir);
  CHECK(repo->skip_worktree({dir / "other/T-2029-002.yaml", dir / "mine/T-2029-001.yaml"}) ==
        std::vector<bool>{true, false});
  write_and_commit(*repo,
                   {{dir / "other/T-2029-002.yaml", std::string("id: T-2029-002\ntitle: changed\n")},
                    {dir / "mine/T-2029-001.yaml", std::string("id: T-2029-001\ntitle: mine\n")}},
                   "two files", tester());
  CHECK_FALSE(fs::exists(dir / "other/T-2029-002.yaml"));
  CHECK(test::git("show HEAD:other/T-2029-002.yaml", dir) == "id: T-2029-002\ntitle: changed\n");
  CHECK(test::git("show HEAD:mine/T-2029-001.yaml", dir) == "id: T-2029-001\ntitle: mine\n");
  CHECK(test::git("ls-files -t -- other/T-2029-002.yaml", dir) == "S other/T-2029-002.yaml\n");
  CHECK(test::git("status --porcelain", dir).empty());
  CHECK(test::run({"git", "fsck", "--strict"}, dir).status == 0);
  // Deleted outside the sparse set: gone from the tree and the index.
  write_and_commit(*repo, {{dir / "other/T-2029-002.yaml", std::nullopt}}, "rm", tester());
  CHECK(test::git("ls-files -- other", dir).empty());
  CHECK(test::git("status --porcelain", dir).empty());
}

TEST_CASE("Repo::diff_commits lists added, changed and deleted files below a prefix, and merge_base")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path dir = test::git_init(tmp / "a");
  commit_file(dir, "records/tasks/T-1.yaml", "a\n", false);
  commit_file(dir, "records/tasks/T-2.yaml", "b\n", false);
  commit_file(dir, "README.md", "r\n", false);
  auto repo = open_repo(dir);
  const ObjectId base = *repo->head_id();
  test::git("checkout -q -b side", dir);
  commit_file(dir, "records/side.yaml", "s\n", false);
  const ObjectId side = *repo->head_id();
  test::git("checkout -q main", dir);
  test::write(dir / "records/tasks/T-1.yaml", "a2\n");
  test::write(dir / "records/new/T-3.yaml", "c\n");
  test::write(dir / "README.md", "r2\n");
  test::git("rm -q records/tasks/T-2.yaml", dir);
  test::git("add -A", dir);
  test::git("commit -qm change", dir);
  const ObjectId head = *repo->head_id();
  const auto changes = repo->diff_commits(base, head, "records");
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].path == "records/new/T-3.yaml");
  CHECK(changes[0].old_blob.null());
  CHECK(changes[1].path == "records/tasks/T-1.yaml");
  CHECK(repo->read_blob(changes[1].blob) == "a2\n");
  CHECK(repo->read_blob(changes[1].old_blob) == "a\n");
  CHECK(changes[2].path == "records/tasks/T-2.yaml");
  CHECK(changes[2].blob.null());
  CHECK(repo->diff_commits(base, head).size() == 4); // README.md too
  CHECK(repo->diff_commits(std::nullopt, base).size() == 3);
  CHECK(repo->merge_base(head, side) == base);
  test::git("checkout -q --orphan lonely", dir);
  test::git("commit -qm alone", dir);
  CHECK_FALSE(repo->merge_base(head, *repo->head_id()));
}

TEST_CASE("Repo::merge_text merges as git merge-file does, nullopt on a conflict")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path dir = test::git_init(tmp / "a");
  commit_file(dir, "x.txt", "x\n", false);
  auto repo = open_repo(dir);
  CHECK(repo->merge_text("1\n2\n3\n4\n5\n", "one\n2\n3\n4\n5\n", "1\n2\n3\n4\nfive\n") == "one\n2\n3\n4\nfive\n");
  CHECK_FALSE(repo->merge_text("1\n", "ours\n", "theirs\n"));
  CHECK(repo->merge_text("1\n", "same\n", "same\n") == "same\n");
}

TEST_CASE("Repo::push throws Error(3) with the remote's one-line reason when a hook declines the push")
{
  if (!test::GitDaemon::available()) {
    MESSAGE("skipped: git has no daemon (git-daemon missing from `git --exec-path`)");
    return;
  }
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "served/remote.git");
  test::GitDaemon daemon(tmp / "served");
  TwoClones c(tmp, daemon.url("remote.git"));
  test::write(bare / "hooks/pre-receive", "#!/bin/sh\necho 'records are frozen' >&2\nexit 1\n");
  fs::permissions(bare / "hooks/pre-receive", fs::perms::owner_exec, fs::perm_options::add);
  commit_file(c.a, "x.txt", "x\n", false);
  auto a = open_repo(c.a);
  const std::string before = trim(test::git("rev-parse main", bare));
  const std::string why = error_of([&] { a->push(a->upstream(), {}); });
  MESSAGE(why);
  CHECK(why.find("cannot push to origin") != std::string::npos);
  CHECK(why.find("hook declined") != std::string::npos);
  CHECK(why.find('\n') == std::string::npos);
  CHECK(trim(test::git("rev-parse main", bare)) == before);
}

TEST_CASE("Repo::push through file:// runs the remote's hooks: a declined push is Error(3) with its reason")
{
  // libgit2's local transport ran no hook: a pre-receive hook enforcing lint was skipped.
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path bare = test::bare_remote(tmp / "remote.git");
  TwoClones c(tmp, test::file_url(bare));
  test::write(bare / "hooks/pre-receive", "#!/bin/sh\necho 'records are frozen' >&2\nexit 1\n");
  fs::permissions(bare / "hooks/pre-receive", fs::perms::owner_exec, fs::perm_options::add);
  commit_file(c.a, "x.txt", "x\n", false);
  auto a = open_repo(c.a);
  const std::string before = trim(test::git("rev-parse main", bare));
  const std::string why = error_of([&] { a->push(a->upstream(), {}); });
  MESSAGE(why);
  CHECK(why.find("cannot push to origin") != std::string::npos);
  CHECK(why.find("hook declined") != std::string::npos);
  CHECK(why.find('\n') == std::string::npos);
  CHECK(trim(test::git("rev-parse main", bare)) == before);
}

TEST_CASE("Repo::fetch over https trusts the CA certificates git would (http.sslCAInfo), and no others")
{
  test::set_test_environment();
  test::TempDir tmp;
  if (test::run({"openssl", "version"}, tmp.path()).status != 0) {
    MESSAGE("skipped: no openssl to make a certificate");
    return;
  }
  const auto made = test::run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                               (tmp / "key.pem").string(), "-out", (tmp / "cert.pem").string(), "-days", "2", "-subj",
                               "/CN=127.0.0.1"}, // mbedTLS 2 matches the CN, not IP SANs
                              tmp.path());
  REQUIRE(made.status == 0);
  const int port = test::free_port();
  const auto server = deny_server(tmp, port, (tmp / "cert.pem").string(), (tmp / "key.pem").string());
  const fs::path dir = test::git_init(tmp / "a");
  commit_file(dir, "x.txt", "x\n", false);
  test::git("remote add origin https://127.0.0.1:" + std::to_string(port) + "/records.git", dir);
  test::git("config branch.main.remote origin", dir);
  test::git("config branch.main.merge refs/heads/main", dir);
  auto repo = open_repo(dir);
  // The system's CAs do not know the test's certificate: refused before any request.
  const std::string untrusted = error_of([&] { repo->fetch(repo->upstream(), {}); });
  MESSAGE(untrusted);
  CHECK(untrusted.find("authentication failed") == std::string::npos);
  CHECK(untrusted.find("cannot fetch from origin") != std::string::npos);
  // Trusted through git's own setting: the TLS connection works and the server is reached (its
  // 401, with no credential helper, is an authentication failure).
  test::git("config http.sslCAInfo " + (tmp / "cert.pem").string(), dir);
  const std::string reached = error_of([&] { repo->fetch(repo->upstream(), {}); });
  MESSAGE(reached);
  CHECK(reached.find("authentication failed") != std::string::npos);
  CHECK(reached.find("credential helper gave no user and password") != std::string::npos); // and no prompt
}

TEST_CASE("write_and_commit with expected_head refuses when HEAD moved meanwhile, and puts the files back")
{
  test::set_test_environment();
  test::TempDir tmp;
  const fs::path dir = test::git_init(tmp / "a");
  commit_file(dir, "x.txt", "x\n", false);
  auto repo = open_repo(dir);
  const auto planned_on = repo->head_id();
  commit_file(dir, "y.txt", "a git commit meanwhile\n", false); // HEAD moves
  const std::string moved = trim(test::git("rev-parse HEAD", dir));
  CommitParents parents;
  parents.expected_head = planned_on;
  const std::string why =
    error_of([&] { write_and_commit(*repo, {{dir / "x.txt", std::string("merged\n")}}, "sync", tester(), parents); });
  CHECK(why.find("moved while collab was preparing") != std::string::npos);
  CHECK(test::read(dir / "x.txt") == "x\n");
  CHECK(trim(test::git("rev-parse HEAD", dir)) == moved);
  CHECK(test::git("status --porcelain", dir).empty());
  // Against the HEAD it is: committed.
  parents.expected_head = repo->head_id();
  CHECK_FALSE(write_and_commit(*repo, {{dir / "x.txt", std::string("merged\n")}}, "sync", tester(), parents).empty());
  CHECK(test::git("show HEAD:x.txt", dir) == "merged\n");
}
