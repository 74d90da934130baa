#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

/// Messages a person reads go through the catalogue: English in the source (the msgid), other
/// languages in po/LANG.po, compiled to LOCALEDIR/LANG/LC_MESSAGES/collab.mo (GNU gettext).
namespace collab::util::i18n {

/// The language the environment asks for: "zh" when LANGUAGE, LC_ALL, LC_MESSAGES or LANG
/// (the first one set) starts with `zh`, else "en".
std::string language_from_environment();

/// Speaks `lang` ("en", "zh") from now on; an unknown language is English.
void set_language(std::string_view lang);

/// The language in use.
const std::string& language();

/// The message in the language in use (the msgid itself when it has no translation).
const char* tr(const char* msgid);

/// Marks `msgid` for the catalogue without translating it: for tables built before the
/// language is known, translated with tr() where they are shown.
constexpr const char* tr_noop(const char* msgid) { return msgid; }

/// The singular or plural message for n (the language's plural rule; Chinese has one form).
const char* trn(const char* singular, const char* plural, unsigned long n);

/// `text` (a translation of `msgid`) formatted with args; a translation that does not take
/// them (a broken catalogue) falls back to the English msgid rather than failing.
template <typename... Args>
std::string format_translated(const char* text, const char* msgid, const Args&... args)
{
  if (text != msgid) {
    try {
      return fmt::format(fmt::runtime(text), args...);
    } catch (const fmt::format_error&) {
    }
  }
  return fmt::format(fmt::runtime(msgid), args...);
}

/// tr(), then fmt::format: the translation must use the msgid's placeholders.
template <typename... Args>
std::string trf(const char* msgid, const Args&... args)
{
  return format_translated(tr(msgid), msgid, args...);
}

/// trn(), then fmt::format with n as the first argument.
template <typename... Args>
std::string trnf(const char* singular, const char* plural, unsigned long n, const Args&... args)
{
  return format_translated(trn(singular, plural, n), n == 1 ? singular : plural, n, args...);
}

} // namespace collab::util::i18n
