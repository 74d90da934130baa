#pragma once

#include <string>
#include <string_view>

namespace collab::store {

/// Whether OpenSSH's known_hosts files (~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts) list
/// `key` (the host key in ssh's wire format, as the server sent it) for host (and port, 22 by
/// default: `[host]:port` otherwise), hashed host names included (`ssh-keygen -F` reads them).
/// libgit2 1.5 checks no host key itself: without this, any server could pose as the remote.
bool known_host_key(const std::string& host, int port, std::string_view key);

/// Base64 as known_hosts writes keys.
std::string base64(std::string_view bytes);

} // namespace collab::store
