#pragma once

#include <string>

namespace collab::store {

/// How git config asks commits to be signed (commit.gpgsign, gpg.format, gpg.*.program,
/// user.signingkey).
struct SigningConfig {
  bool sign = false;             ///< commit.gpgsign
  std::string format = "openpgp"; ///< gpg.format: openpgp, x509 or ssh
  std::string program;           ///< the signer git would run for that format
  std::string key;               ///< user.signingkey ("" unset)
};

/// The program git runs for a gpg.format (gpg.<format>.program, gpg.program for openpgp, else
/// gpg, gpgsm or ssh-keygen), given the configured values ("" when unset). Throws Error(2) for
/// a format git does not know.
std::string signing_program(const std::string& format, const std::string& format_program,
                            const std::string& legacy_program);

/// Signs a commit object's text the way `git commit -S` does: openpgp and x509 by
/// `PROGRAM --status-fd=2 -bsau KEY` (KEY defaults to the committer, "Name <email>") with the
/// text on its standard input; ssh by `PROGRAM -Y sign -n git -f KEYFILE FILE` on a temporary
/// file (a `key::` literal is written to a temporary key file). Returns the armored signature
/// without its last line break, as git stores it in the `gpgsig` header. Throws Error(3)
/// "signing the commit failed: REASON" (the signer's last message line) when it fails.
std::string sign_commit_text(const SigningConfig& cfg, const std::string& text, const std::string& committer);

} // namespace collab::store
