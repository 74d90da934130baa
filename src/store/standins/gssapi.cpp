// A stand-in for MIT Kerberos' libgssapi_krb5, loaded in its place by every command that never
// talks to a remote (all but `sync`): libgit2 needs it at load time for https Negotiate
// authentication, and it pulls in five more Kerberos libraries (see libssh2.cpp for why and
// how). Its soname is libgssapi_krb5.so.2 and its symbols carry MIT's version node
// (gssapi.map), which libgit2's references name. Every function fails with GSS_S_FAILURE.
// tests/store/check_standins.sh keeps this list complete.

namespace collab::store::standins {
namespace {
constexpr unsigned k_failure = 13u << 16; // GSS_S_FAILURE

struct Oid {
  unsigned length;
  void* elements;
};
Oid g_hostbased_service{0, nullptr};
} // namespace
} // namespace collab::store::standins

using namespace collab::store::standins;

extern "C" {
Oid* GSS_C_NT_HOSTBASED_SERVICE = &g_hostbased_service;

unsigned gss_import_name(unsigned* minor, const void*, const Oid*, void** name)
{
  if (minor)
    *minor = 0;
  if (name)
    *name = nullptr;
  return k_failure;
}
unsigned gss_init_sec_context(unsigned* minor, void*, void**, void*, const Oid*, unsigned, unsigned, void*,
                              void*, Oid**, void*, unsigned*, unsigned*)
{
  if (minor)
    *minor = 0;
  return k_failure;
}
unsigned gss_indicate_mechs(unsigned* minor, void** mechs)
{
  if (minor)
    *minor = 0;
  if (mechs)
    *mechs = nullptr;
  return k_failure;
}
unsigned gss_display_status(unsigned* minor, unsigned, int, const Oid*, unsigned* context, void*)
{
  if (minor)
    *minor = 0;
  if (context)
    *context = 0;
  return k_failure;
}
unsigned gss_delete_sec_context(unsigned* minor, void**, void*)
{
  if (minor)
    *minor = 0;
  return 0;
}
unsigned gss_release_buffer(unsigned* minor, void*)
{
  if (minor)
    *minor = 0;
  return 0;
}
unsigned gss_release_name(unsigned* minor, void**)
{
  if (minor)
    *minor = 0;
  return 0;
}
unsigned gss_release_oid_set(unsigned* minor, void**)
{
  if (minor)
    *minor = 0;
  return 0;
}
}
