// known_hosts lookups for ssh remotes: the host key libgit2 is shown must be one OpenSSH knows.
#include "store/known_hosts.h"

#include "process.h"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace collab::store;
namespace fs = std::filesystem;

namespace {

/// Decodes base64 (the test's keys come from ssh-keygen as text).
std::string unbase64(const std::string& text)
{
  static const std::string k_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (char c : text) {
    const size_t d = k_digits.find(c);
    if (d == std::string::npos)
      break;
    v = v << 6 | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(v >> bits & 0xff);
    }
  }
  return out;
}

/// A fresh ed25519 key: "ssh-ed25519 BASE64".
std::string new_key(const test::TempDir& tmp, const std::string& name)
{
  const auto r = test::run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", (tmp / name).string()}, tmp.path());
  REQUIRE(r.status == 0);
  std::string pub = test::read(tmp / (name + ".pub"));
  return pub.substr(0, pub.find(' ', pub.find(' ') + 1));
}

} // namespace

TEST_CASE("known_host_key finds a host's key in ~/.ssh/known_hosts, plain, hashed or with a port")
{
  test::set_test_environment();
  test::TempDir tmp;
  if (test::run({"sh", "-c", "command -v ssh-keygen"}, tmp.path()).status != 0) {
    MESSAGE("skipped: no ssh-keygen");
    return;
  }
  const std::string good = new_key(tmp, "good"), other = new_key(tmp, "other");
  const std::string good_blob = unbase64(good.substr(good.find(' ') + 1));
  const std::string other_blob = unbase64(other.substr(other.find(' ') + 1));
  CHECK(base64(good_blob) == good.substr(good.find(' ') + 1));
  const std::string home = std::getenv("HOME");
  test::write(fs::path(home) / ".ssh/known_hosts",
              "# a comment\ngit.example.org " + good + "\n[git.example.org]:2222 " + other + "\n");
  CHECK(known_host_key("git.example.org", 22, good_blob));
  CHECK_FALSE(known_host_key("git.example.org", 22, other_blob)); // another key: a server posing as the host
  CHECK(known_host_key("git.example.org", 2222, other_blob));
  CHECK_FALSE(known_host_key("git.example.org", 2222, good_blob));
  CHECK_FALSE(known_host_key("elsewhere.example.org", 22, good_blob));
  // Hashed names (HashKnownHosts yes) are found too.
  test::run({"ssh-keygen", "-q", "-H", "-f", (fs::path(home) / ".ssh/known_hosts").string()}, tmp.path());
  CHECK(test::read(fs::path(home) / ".ssh/known_hosts").find("git.example.org") == std::string::npos);
  CHECK(known_host_key("git.example.org", 22, good_blob));
  // A revoked key is refused even where the host lists it.
  test::write(fs::path(home) / ".ssh/known_hosts", "@revoked * " + good + "\ngit.example.org " + good + "\n");
  CHECK_FALSE(known_host_key("git.example.org", 22, good_blob));
  fs::remove_all(fs::path(home) / ".ssh");
}
