// A stand-in for libssh2, loaded in its place by every command that never talks to an ssh
// remote (all but `sync`): libgit2 needs libssh2 at load time, and libssh2 pulls in OpenSSL's
// libcrypto, whose 21,000 relocations were most of the cost of loading libgit2 (store/repo.cpp,
// load_libgit2). Its soname is libssh2.so.1, so the dynamic loader takes it for libssh2 when
// libgit2 is opened after it. libgit2 calls libssh2_init and libssh2_exit at init and shutdown;
// every other function here is one libgit2's ssh transport calls, and fails as libssh2 does
// when it cannot start a session. tests/store/check_standins.sh keeps this list complete.

#include <cstddef>

namespace collab::store::standins {
namespace {
constexpr int k_error = -1; // LIBSSH2_ERROR_SOCKET_NONE
constexpr char k_message[] = "ssh is not available in this collab process (a stand-in for libssh2 is loaded)";
} // namespace
} // namespace collab::store::standins

using namespace collab::store::standins;

extern "C" {
int libssh2_init(int) { return 0; }
void libssh2_exit() {}

// Constructors fail, so no session, agent, channel or known-hosts list ever exists.
void* libssh2_session_init_ex(void*, void*, void*, void*) { return nullptr; }
void* libssh2_agent_init(void*) { return nullptr; }
void* libssh2_knownhost_init(void*) { return nullptr; }
void* libssh2_channel_open_ex(void*, const char*, unsigned, unsigned, unsigned, const char*, unsigned)
{
  return nullptr;
}

int libssh2_session_last_error(void*, char** message, int* length, int)
{
  if (message)
    *message = const_cast<char*>(k_message);
  if (length)
    *length = static_cast<int>(sizeof k_message - 1);
  return k_error;
}
void** libssh2_session_abstract(void*) { return nullptr; }
const char* libssh2_session_hostkey(void*, std::size_t* length, int* type)
{
  if (length)
    *length = 0;
  if (type)
    *type = 0;
  return nullptr;
}
const char* libssh2_hostkey_hash(void*, int) { return nullptr; }
char* libssh2_userauth_list(void*, const char*, unsigned) { return nullptr; }
int libssh2_session_handshake(void*, int) { return k_error; }
int libssh2_session_method_pref(void*, int, const char*) { return k_error; }
void libssh2_session_set_blocking(void*, int) {}
int libssh2_session_disconnect_ex(void*, int, const char*, const char*) { return k_error; }
int libssh2_session_free(void*) { return 0; }
int libssh2_userauth_authenticated(void*) { return 0; }
int libssh2_userauth_keyboard_interactive_ex(void*, const char*, unsigned, void*) { return k_error; }
int libssh2_userauth_password_ex(void*, const char*, unsigned, const char*, unsigned, void*) { return k_error; }
int libssh2_userauth_publickey(void*, const char*, const unsigned char*, std::size_t, void*, void**)
{
  return k_error;
}
int libssh2_userauth_publickey_fromfile_ex(void*, const char*, unsigned, const char*, const char*, const char*)
{
  return k_error;
}
int libssh2_userauth_publickey_frommemory(void*, const char*, std::size_t, const char*, std::size_t, const char*,
                                          std::size_t, const char*)
{
  return k_error;
}
int libssh2_agent_connect(void*) { return k_error; }
int libssh2_agent_disconnect(void*) { return k_error; }
void libssh2_agent_free(void*) {}
int libssh2_agent_list_identities(void*) { return k_error; }
int libssh2_agent_get_identity(void*, void**, void*) { return k_error; }
int libssh2_agent_userauth(void*, const char*, void*) { return k_error; }
int libssh2_channel_process_startup(void*, const char*, unsigned, const char*, unsigned) { return k_error; }
long libssh2_channel_read_ex(void*, int, char*, std::size_t) { return k_error; }
long libssh2_channel_write_ex(void*, int, const char*, std::size_t) { return k_error; }
void libssh2_channel_set_blocking(void*, int) {}
int libssh2_channel_close(void*) { return k_error; }
int libssh2_channel_free(void*) { return 0; }
int libssh2_knownhost_readfile(void*, const char*, int) { return k_error; }
int libssh2_knownhost_checkp(void*, const char*, int, const char*, std::size_t, int, void**)
{
  return 3; // LIBSSH2_KNOWNHOST_CHECK_FAILURE
}
void libssh2_knownhost_free(void*) {}
}
