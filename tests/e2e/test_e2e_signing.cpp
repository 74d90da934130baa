// End-to-end: commits signed as git signs them (commit.gpgsign, gpg.format openpgp/x509/ssh),
// checked with `git verify-commit` against a real gpg key and a real ssh key.
#include "fixtures.h"
#include "process.h"

#include <doctest/doctest.h>

#include <csignal>
#include <sys/stat.h>

using namespace test;

namespace {

const char* k_config = "people:\n  赵六: {dept: 市场部}\n";

/// A records root with one committed meeting (M-2024-007) and a people registry.
fs::path signing_repo(const TempDir& tmp) { return repo_with_meeting(tmp.path(), {{".collab.yaml", k_config}}); }

bool installed(const std::string& tool) { return sh("command -v " + tool + " >/dev/null", "/").status == 0; }

/// An executable script.
void script(const fs::path& p, const std::string& body) { write_script(p, body); }

RunResult set_deliverable(const fs::path& dir, const std::map<std::string, std::optional<std::string>>& env = {})
{
  return run_collab({"--as-of", "2024-06-01", "set", "M-2024-007#1", "deliverable=终稿"}, dir, env);
}

/// A GNUPGHOME with an ed25519 signing key for the test committer; its gpg-agent is stopped at
/// the end. The folder is short: the agent's socket path has a length limit.
struct GnupgHome {
  TempDir dir;
  GnupgHome()
  {
    ::chmod(dir.path().c_str(), 0700);
    const auto r = run({"gpg", "--batch", "--passphrase", "", "--quick-gen-key", "Test Recorder <recorder@example.com>",
                        "ed25519", "sign", "never"},
                       dir.path(), env());
    if (r.status != 0)
      throw std::runtime_error("gpg --quick-gen-key failed: " + r.err);
  }
  ~GnupgHome() { run({"gpgconf", "--kill", "gpg-agent"}, dir.path(), env()); }
  std::map<std::string, std::optional<std::string>> env() const { return {{"GNUPGHOME", dir.path().string()}}; }
};

} // namespace

TEST_CASE("signing: commit.gpgsign signs with gpg, and git verify-commit accepts it")
{
  if (!installed("gpg") || !installed("gpgconf")) {
    MESSAGE("skipped: gpg is not installed");
    return;
  }
  TempDir tmp;
  const fs::path dir = signing_repo(tmp);
  const GnupgHome gnupg;
  git("config commit.gpgsign true", dir);
  const std::string before = git("rev-parse HEAD", dir);

  // No user.signingkey: gpg picks the key by the committer, "Test Recorder <recorder@example.com>".
  const auto r = set_deliverable(dir, gnupg.env());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("rev-parse HEAD^", dir) == before);
  CHECK(git("cat-file commit HEAD", dir).find("\ngpgsig -----BEGIN PGP SIGNATURE-----\n") != std::string::npos);
  const auto verify = run({"git", "verify-commit", "HEAD"}, dir, gnupg.env());
  CHECK_MESSAGE(verify.status == 0, verify.err);
  const auto shown = run({"git", "log", "-1", "--show-signature"}, dir, gnupg.env());
  CHECK_MESSAGE(shown.out.find("Good signature from \"Test Recorder <recorder@example.com>\"") != std::string::npos,
                shown.out);
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("signing: gpg.format ssh signs with ssh-keygen, and git verify-commit accepts it")
{
  if (!installed("ssh-keygen")) {
    MESSAGE("skipped: ssh-keygen is not installed");
    return;
  }
  TempDir tmp, keys;
  const fs::path dir = signing_repo(tmp);
  const fs::path key = keys / "key";
  REQUIRE(run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.string()}, keys.path()).status == 0);
  write(keys / "allowed", "recorder@example.com " + read(keys / "key.pub"));
  git("config commit.gpgsign true", dir);
  git("config gpg.format ssh", dir);
  git("config user.signingkey " + key.string(), dir);
  git("config gpg.ssh.allowedSignersFile " + (keys / "allowed").string(), dir);

  TempDir private_tmp; // its own TMPDIR: another signer at work elsewhere cannot fail the check below
  const auto r = set_deliverable(dir, {{"TMPDIR", private_tmp.path().string()}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("cat-file commit HEAD", dir).find("\ngpgsig -----BEGIN SSH SIGNATURE-----\n") != std::string::npos);
  const auto verify = run({"git", "verify-commit", "HEAD"}, dir);
  CHECK_MESSAGE(verify.status == 0, verify.err);
  CHECK_MESSAGE(verify.err.find("Good \"git\" signature for recorder@example.com") != std::string::npos, verify.err);
  // Its temporary files are gone.
  CHECK(fs::is_empty(private_tmp.path()));
}

TEST_CASE("signing: a literal ssh key (key::) signs through ssh-agent")
{
  if (!installed("ssh-keygen") || !installed("ssh-agent") || !installed("ssh-add")) {
    MESSAGE("skipped: ssh-keygen, ssh-agent or ssh-add is not installed");
    return;
  }
  TempDir tmp, keys;
  const fs::path dir = signing_repo(tmp);
  const fs::path key = keys / "key", sock = keys / "agent";
  REQUIRE(run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.string()}, keys.path()).status == 0);
  const auto agent = sh("eval \"$(ssh-agent -s -a " + sock.string() + ")\" >/dev/null && SSH_AUTH_SOCK=" +
                          sock.string() + " ssh-add -q " + key.string() + " 2>/dev/null && echo $SSH_AGENT_PID",
                        keys.path());
  REQUIRE_MESSAGE(agent.status == 0, agent.err);
  struct StopAgent {
    std::string pid;
    ~StopAgent() { ::kill(std::stoi(pid), SIGTERM); }
  } stop{agent.out};
  std::string pub = read(keys / "key.pub");
  pub.pop_back();
  write(keys / "allowed", "recorder@example.com " + pub + "\n");
  git("config commit.gpgsign true && git config gpg.format ssh && git config gpg.ssh.allowedSignersFile " +
        (keys / "allowed").string(),
      dir);
  git("config user.signingkey 'key::" + pub + "'", dir);
  const auto r = set_deliverable(dir, {{"SSH_AUTH_SOCK", sock.string()}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const auto verify = run({"git", "verify-commit", "HEAD"}, dir);
  CHECK_MESSAGE(verify.status == 0, verify.err);
}

TEST_CASE("signing: the signer gets the commit text as git gives it, and the signature is stored as git stores it")
{
  // A stand-in for gpgsm (gpg.format x509) that records what it was given.
  TempDir tmp, bin;
  const fs::path dir = signing_repo(tmp);
  script(bin / "fake-gpgsm", "printf '%s|' \"$@\" > " + (bin / "args").string() + "\ncat > " +
                               (bin / "input").string() +
                               "\necho '[GNUPG:] SIG_CREATED D 22 8 00 1 X' >&2\n"
                               "printf -- '-----BEGIN SIGNED MESSAGE-----\\nabc\\n-----END SIGNED MESSAGE-----\\n'\n");
  git("config commit.gpgsign true", dir);
  git("config gpg.format x509", dir);
  git("config gpg.x509.program " + (bin / "fake-gpgsm").string(), dir);

  const auto r = set_deliverable(dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(bin / "args") == "--status-fd=2|-bsau|Test Recorder <recorder@example.com>|");
  const std::string commit = git("cat-file commit HEAD", dir);
  const std::string header = "gpgsig -----BEGIN SIGNED MESSAGE-----\n abc\n -----END SIGNED MESSAGE-----\n";
  REQUIRE(commit.find(header) != std::string::npos);
  // The signed text is the commit without its signature header: what git verify-commit checks.
  std::string payload = commit;
  payload.erase(payload.find(header), header.size());
  CHECK(read(bin / "input") == payload);

  // user.signingkey names the key.
  git("config user.signingkey 0xABCDEF", dir);
  REQUIRE(run_collab({"--as-of", "2024-06-01", "set", "M-2024-007#1", "deliverable=再稿"}, dir).status == 0);
  CHECK(read(bin / "args") == "--status-fd=2|-bsau|0xABCDEF|");
}

TEST_CASE("signing: a failing signer refuses the write and changes nothing")
{
  TempDir tmp, bin;
  const fs::path dir = signing_repo(tmp);
  git("config commit.gpgsign true", dir);
  const std::string head = git("rev-parse HEAD", dir);

  SUBCASE("gpg.program=false")
  {
    git("config gpg.program false", dir);
    const auto r = set_deliverable(dir);
    CHECK(r.status == 3);
    CHECK_MESSAGE(r.err.find("collab: error: signing the commit failed: `false` exited with status 1") !=
                    std::string::npos,
                  r.err);
  }
  SUBCASE("the signer's message is quoted")
  {
    script(bin / "gpg", "cat >/dev/null\necho '[GNUPG:] INV_SGNR 9 x' >&2\n"
                        "echo 'gpg: signing failed: No secret key' >&2\nexit 2\n");
    git("config gpg.openpgp.program " + (bin / "gpg").string(), dir);
    const auto r = set_deliverable(dir);
    CHECK(r.status == 3);
    CHECK_MESSAGE(r.err.find("collab: error: signing the commit failed: gpg: signing failed: No secret key") !=
                    std::string::npos,
                  r.err);
  }
  SUBCASE("a signer that exits 0 without a signature")
  {
    script(bin / "gpg", "cat >/dev/null\n");
    git("config gpg.program " + (bin / "gpg").string(), dir);
    CHECK(set_deliverable(dir).status == 3);
  }
  SUBCASE("ssh without user.signingkey")
  {
    git("config gpg.format ssh", dir);
    const auto r = set_deliverable(dir);
    CHECK(r.status == 3);
    CHECK_MESSAGE(r.err.find("user.signingkey is not set") != std::string::npos, r.err);
  }
  CHECK(git("rev-parse HEAD", dir) == head);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(read(tmp / "meetings/M-2024-007.yaml") == k_meeting_007);
}

TEST_CASE("signing: an unknown gpg.format is a configuration error")
{
  TempDir tmp;
  const fs::path dir = signing_repo(tmp);
  git("config commit.gpgsign true", dir);
  git("config gpg.format pgp", dir);
  const auto r = set_deliverable(dir);
  CHECK(r.status == 2);
  CHECK_MESSAGE(r.err.find("gpg.format is `pgp`") != std::string::npos, r.err);
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("signing: commit.gpgsign false or unset makes no signature")
{
  TempDir tmp;
  const fs::path dir = signing_repo(tmp);
  git("config gpg.program false", dir); // would fail if it ran
  git("config commit.gpgsign false", dir);
  REQUIRE(set_deliverable(dir).status == 0);
  CHECK(git("cat-file commit HEAD", dir).find("gpgsig") == std::string::npos);
}

TEST_CASE("signing: the merge commit of sync is signed too")
{
  if (!installed("ssh-keygen")) {
    MESSAGE("skipped: ssh-keygen is not installed");
    return;
  }
  TempDir tmp;
  const fs::path remote = tmp / "remote.git", a = tmp / "a", b = tmp / "b", key = tmp / "key";
  REQUIRE(run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.string()}, tmp.path()).status == 0);
  write(tmp / "allowed", "recorder@example.com " + read(tmp / "key.pub"));
  run({"git", "init", "-q", "--bare", "-b", "main", remote.string()}, tmp.path());
  git_init(a);
  write(a / ".collab.yaml", k_config);
  write(a / "meetings/M-2024-007.yaml", k_meeting_007);
  git("add -A && git commit -qm base && git remote add origin " + remote.string() + " && git push -qu origin main", a);
  REQUIRE(run({"git", "clone", "-q", remote.string(), b.string()}, tmp.path()).status == 0);
  const auto collab = [](const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"--as-of", "2024-06-01"});
    return run_collab(args, dir);
  };
  REQUIRE(collab(a, {"set", "M-2024-007", "title=签名测试（改）"}).status == 0);
  REQUIRE(collab(a, {"sync"}).status == 0);
  git("config commit.gpgsign true && git config gpg.format ssh && git config user.signingkey " + key.string() +
        " && git config gpg.ssh.allowedSignersFile " + (tmp / "allowed").string(),
      b);
  REQUIRE(collab(b, {"set", "M-2024-007", "location=3楼会议室"}).status == 0);
  const auto r = collab(b, {"sync"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("log -1 --format=%P", b).find(' ') != std::string::npos); // a merge commit
  const auto verify = run({"git", "verify-commit", "HEAD"}, b);
  CHECK_MESSAGE(verify.status == 0, verify.err);
  CHECK(run({"git", "verify-commit", "HEAD^2"}, b).status != 0); // a's commit: not signed
}
