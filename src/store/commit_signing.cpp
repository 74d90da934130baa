#include "commit_signing.h"

#include "collab/util/cleanup.h"
#include "collab/util/error.h"
#include "collab/util/files.h"
#include "collab/util/i18n.h"
#include "collab/util/process.h"
#include "collab/util/text.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace collab::store {

using namespace collab::util;
using util::i18n::tr;
using util::i18n::trf;

namespace fs = std::filesystem;

namespace {

/// The last line of a signer's standard error that says something, without gpg's status lines
/// (`[GNUPG:] ...`, asked for by --status-fd=2).
std::string last_message(const std::string& err) { return util::last_line(err, "[GNUPG:]"); }

Error signing_failed(const std::string& reason) { return repo_error(trf("signing the commit failed: {}", reason)); }

/// Why a signer failed: its message, else how it ended.
Error signer_error(const std::string& program, const ProcessResult& r)
{
  if (r.spawn_error)
    return signing_failed(trf("cannot run `{}`: {}", program, std::strerror(r.spawn_error)));
  if (const std::string said = last_message(r.err); !said.empty())
    return signing_failed(said);
  return signing_failed(trf("`{}` exited with status {}", program, r.status));
}

/// A new file with `content` in the temporary folder (TMPDIR, as git's), watched for removal.
fs::path temp_file(CleanupPath& cleanup, std::string_view stem, std::string_view content)
{
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec);
  if (ec)
    dir = "/tmp";
  std::string name = (dir / (std::string(stem) + "XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw signing_failed(trf("cannot create a temporary file in {}: {}", dir.string(), std::strerror(errno)));
  cleanup.watch(name);
  bool ok = true;
  for (size_t at = 0; ok && at < content.size();) {
    const ssize_t n = ::write(fd, content.data() + at, content.size() - at);
    ok = n > 0 || (n < 0 && errno == EINTR);
    at += n > 0 ? static_cast<size_t>(n) : 0;
  }
  const int err = errno;
  ::close(fd);
  if (!ok)
    throw signing_failed(trf("cannot write {}: {}", name, std::strerror(err)));
  return name;
}

/// `~/` at the start of a path is the home folder, as git's user.signingkey allows.
std::string expand_home(const std::string& path)
{
  const char* home = std::getenv("HOME");
  if (path.starts_with("~/") && home && *home)
    return std::string(home) + path.substr(1);
  return path;
}

std::string sign_gpg(const SigningConfig& cfg, const std::string& text, const std::string& committer)
{
  ProcessSpec spec;
  spec.argv = {cfg.program, "--status-fd=2", "-bsau", cfg.key.empty() ? committer : cfg.key};
  spec.input = text;
  const ProcessResult r = run_process(spec);
  // As git: a zero status is not enough, gpg must also say that it made the signature.
  const bool created = r.err.starts_with("[GNUPG:] SIG_CREATED ") ||
                       r.err.find("\n[GNUPG:] SIG_CREATED ") != std::string::npos;
  if (r.spawn_error || r.status != 0 || !created || r.out.empty())
    throw signer_error(cfg.program, r);
  return r.out;
}

std::string sign_ssh(const SigningConfig& cfg, const std::string& text)
{
  if (cfg.key.empty())
    throw signing_failed(tr("gpg.format is ssh but user.signingkey is not set; set it to your key file "
                            "(`git config user.signingkey ~/.ssh/id_ed25519.pub`)"));
  CleanupPath key_cleanup, buffer_cleanup, sig_cleanup;
  std::vector<std::string> argv{cfg.program, "-Y", "sign", "-n", "git", "-f"};
  // A literal public key (`key::...`, or one starting `ssh-`, as git reads it) is written out,
  // and ssh-keygen finds its private half in ssh-agent (-U).
  const bool literal = cfg.key.starts_with("key::") || cfg.key.starts_with("ssh-");
  if (literal) {
    const fs::path key = temp_file(key_cleanup, ".git_signing_key_tmp",
                                   cfg.key.starts_with("key::") ? cfg.key.substr(5) : cfg.key);
    argv.insert(argv.end(), {key.string(), "-U"});
  } else {
    argv.push_back(expand_home(cfg.key));
  }
  const fs::path buffer = temp_file(buffer_cleanup, ".git_signing_buffer_tmp", text);
  const fs::path sig = buffer.string() + ".sig";
  sig_cleanup.watch(sig);
  argv.push_back(buffer.string());
  ProcessSpec spec;
  spec.argv = argv;
  const ProcessResult r = run_process(spec);
  std::error_code ec;
  if (r.spawn_error || r.status != 0 || !fs::exists(sig, ec))
    throw signer_error(cfg.program, r);
  std::string signature = read_file(sig);
  if (signature.empty())
    throw signing_failed(trf("`{}` wrote an empty signature", cfg.program));
  return signature;
}

} // namespace

std::string signing_program(const std::string& format, const std::string& format_program,
                            const std::string& legacy_program)
{
  if (!format_program.empty())
    return format_program;
  if (format == "openpgp")
    return legacy_program.empty() ? "gpg" : legacy_program;
  if (format == "x509")
    return "gpgsm";
  if (format == "ssh")
    return "ssh-keygen";
  throw usage_error(trf("gpg.format is `{}` in git config; git knows openpgp, x509 and ssh", format));
}

std::string sign_commit_text(const SigningConfig& cfg, const std::string& text, const std::string& committer)
{
  std::string signature = cfg.format == "ssh" ? sign_ssh(cfg, text) : sign_gpg(cfg, text, committer);
  // libgit2 continues every line break of the header with a space: the last one would leave a
  // blank continuation line that git never writes (and its payload check then differs).
  while (!signature.empty() && (signature.back() == '\n' || signature.back() == '\r'))
    signature.pop_back();
  return signature;
}

} // namespace collab::store
