#include "collab/util/i18n.h"

#include "collab/util/files.h"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <libintl.h>

namespace collab::util::i18n {

namespace {

constexpr const char* k_domain = "collab";

std::string& current()
{
  static std::string lang = "en";
  return lang;
}

/// True when `dir` holds one of our compiled catalogues.
bool has_catalogues(const std::filesystem::path& dir)
{
  std::error_code ec;
  return std::filesystem::exists(dir / "zh_CN" / "LC_MESSAGES" / "collab.mo", ec);
}

/// Where the compiled catalogues are: COLLAB_LOCALEDIR; else next to the executable, which finds
/// both the build tree's (build/collab, build/locale) and an installed one wherever it was
/// installed (PREFIX/bin/collab, PREFIX/share/locale: a .deb puts it in /usr while the build was
/// configured for /usr/local); else the build tree's (the test programs), else the configured one.
std::string locale_dir()
{
  if (const char* env = std::getenv("COLLAB_LOCALEDIR"); env && *env)
    return env;
  std::error_code ec;
  if (const std::filesystem::path exe_dir = executable_dir(); !exe_dir.empty()) {
    for (const auto& dir : {exe_dir / "locale", exe_dir.parent_path() / "share" / "locale"})
      if (has_catalogues(dir))
        return dir.string();
  }
  if (std::filesystem::is_directory(COLLAB_BUILD_LOCALEDIR, ec))
    return COLLAB_BUILD_LOCALEDIR;
  return COLLAB_INSTALL_LOCALEDIR;
}

/// The gettext language name of ours.
const char* gettext_language(std::string_view lang) { return lang == "zh" ? "zh_CN" : nullptr; }

} // namespace

std::string language_from_environment()
{
  for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (!v || !*v)
      continue;
    return std::string_view(v).starts_with("zh") ? "zh" : "en";
  }
  return "en";
}

void set_language(std::string_view lang)
{
  const char* name = gettext_language(lang);
  current() = name ? std::string(lang) : "en";
  if (!name)
    return;
  // glibc's gettext ignores LANGUAGE under the "C" locale, and a fresh Debian has no zh_CN
  // locale installed; C.UTF-8 is built into glibc and only LC_MESSAGES is changed, so numbers,
  // dates and character classes are untouched.
  if (!std::setlocale(LC_MESSAGES, "C.UTF-8"))
    std::setlocale(LC_MESSAGES, "");
  ::setenv("LANGUAGE", name, 1);
  ::bindtextdomain(k_domain, locale_dir().c_str());
  ::bind_textdomain_codeset(k_domain, "UTF-8");
  // strerror's texts come from glibc's own catalogue (libc-l10n): in UTF-8 too, or the "C"
  // character set turns every Chinese character into '?'.
  ::bind_textdomain_codeset("libc", "UTF-8");
}

const std::string& language() { return current(); }

const char* trn(const char* singular, const char* plural, unsigned long n)
{
  if (current() == "en")
    return n == 1 ? singular : plural;
  return ::dngettext(k_domain, singular, plural, n);
}

const char* tr(const char* msgid)
{
  if (current() == "en")
    return msgid;
  return ::dgettext(k_domain, msgid);
}

} // namespace collab::util::i18n
