#include "commands/site_files.h"

#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <charconv>
#include <fmt/format.h>
#include <system_error>

namespace collab::commands {

using util::i18n::trf;

namespace {

constexpr std::string_view k_header = "collab-site 1";
constexpr char k_list_separator = '\x1f';

/// A manifest field: backslash, tab and line breaks escaped.
std::string escaped(std::string_view s)
{
  std::string out;
  for (char c : s) {
    switch (c) {
    case '\\': out += "\\\\"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    default: out += c;
    }
  }
  return out;
}

std::string unescaped(std::string_view s)
{
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
  std::vector<std::string_view> out;
  for (size_t at = 0;;) {
    const size_t end = s.find(sep, at);
    out.push_back(s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos)
      return out;
    at = end + 1;
  }
}

template <typename T>
bool number(std::string_view s, T& out, int base = 10)
{
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string joined(const std::vector<std::string>& list)
{
  std::string out;
  for (const auto& s : list)
    out += (out.empty() ? "" : std::string(1, k_list_separator)) + s;
  return out;
}

std::vector<std::string> listed(const std::string& text)
{
  std::vector<std::string> out;
  if (!text.empty())
    for (auto s : split(text, k_list_separator))
      out.emplace_back(s);
  return out;
}

} // namespace

std::string site_file_stem(std::string_view name)
{
  if (name.empty())
    return "_";
  std::string out;
  size_t cut = 0; // where a cut name ends: after the last whole character within 100 bytes
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      (c == '.' && i > 0);
    if (out.size() <= 100)
      cut = out.size();
    if (keep)
      out += static_cast<char>(c);
    else
      out += fmt::format("_{:02X}", c);
  }
  if (out.size() > 120)
    out = fmt::format("{}-{:016x}", out.substr(0, cut), SiteHash().add(name).value());
  return out;
}

void SiteHash::bytes(const void* p, size_t n)
{
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i)
    m_h = (m_h ^ b[i]) * 0x100000001b3ull;
}

SiteHash& SiteHash::add(std::string_view s)
{
  add(static_cast<long long>(s.size()));
  bytes(s.data(), s.size());
  return *this;
}

SiteHash& SiteHash::add(long long n)
{
  unsigned char b[8];
  for (int i = 0; i < 8; ++i)
    b[i] = static_cast<unsigned char>(static_cast<unsigned long long>(n) >> (8 * i));
  bytes(b, 8);
  return *this;
}

std::string SiteManifest::serialize() const
{
  std::string out = std::string(k_header) + "\n";
  for (const auto& [file, key] : pages)
    out += fmt::format("P\t{}\t{:016x}\n", escaped(file), key);
  for (const auto& [rel, r] : records) {
    out += fmt::format("R\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", escaped(rel), r.size, r.mtime_ns,
                       r.ctime_ns, r.ino, escaped(r.id), escaped(r.kind), escaped(r.title), escaped(r.date),
                       escaped(r.follow_up), escaped(joined(r.previous)), escaped(joined(r.deadlines)));
  }
  return out;
}

std::optional<SiteManifest> SiteManifest::parse(std::string_view text)
{
  const auto lines = split(text, '\n');
  if (lines.empty() || lines[0] != k_header)
    return std::nullopt;
  SiteManifest m;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty())
      continue;
    const auto f = split(lines[i], '\t');
    if (f[0] == "P" && f.size() == 3) {
      uint64_t key = 0;
      if (!number(f[2], key, 16))
        return std::nullopt;
      m.pages[unescaped(f[1])] = key;
    } else if (f[0] == "R" && f.size() == 13) {
      SiteRecord r;
      if (!number(f[2], r.size) || !number(f[3], r.mtime_ns) || !number(f[4], r.ctime_ns) || !number(f[5], r.ino))
        return std::nullopt;
      r.id = unescaped(f[6]);
      r.kind = unescaped(f[7]);
      r.title = unescaped(f[8]);
      r.date = unescaped(f[9]);
      r.follow_up = unescaped(f[10]);
      r.previous = listed(unescaped(f[11]));
      r.deadlines = listed(unescaped(f[12]));
      m.records[unescaped(f[1])] = std::move(r);
    } else {
      return std::nullopt; // torn or of another version: everything is written again
    }
  }
  return m;
}

SiteDir check_site_dir(const fs::path& dir)
{
  std::error_code ec;
  const auto st = fs::symlink_status(dir, ec);
  if (ec || st.type() == fs::file_type::not_found)
    return SiteDir::Missing;
  const auto target = fs::status(dir, ec);
  if (target.type() != fs::file_type::directory)
    throw util::usage_error(trf("{} is not a folder; name a new or empty folder for the site", dir.string()));
  if (fs::exists(dir / k_site_manifest, ec))
    return SiteDir::Site;
  fs::directory_iterator it(dir, ec);
  if (ec)
    throw util::repo_error(trf("cannot read folder {}: {}", dir.string(), ec.message()));
  if (it == fs::directory_iterator())
    return SiteDir::Empty;
  throw util::usage_error(trf("{} is not empty and holds no site collab wrote (no {}); name a new or empty folder, "
                              "or a site made by `collab site`",
                              dir.string(), k_site_manifest));
}

} // namespace collab::commands
