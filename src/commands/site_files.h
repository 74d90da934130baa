#pragma once

// What `collab site DIR` keeps in DIR besides its pages: safe file names for ids and names in
// any script, and the manifest that makes a second run write only what changed.

#include "collab/util/files.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::commands {

/// The manifest's name in DIR: it marks the folder as a site collab wrote.
inline constexpr std::string_view k_site_manifest = ".collab-site";

/// A file name (no extension) for an id, an owner or a department in any script: ASCII letters,
/// digits, '-' and '.' (not leading) stay, every other byte is `_XX` (hex), so that names are
/// distinct, portable (zip, Windows, Pages) and need no escaping in a link; "" gives "_". A
/// name longer than 120 bytes is cut and ends with a hash of the whole name.
std::string site_file_stem(std::string_view name);

/// A 64-bit FNV-1a hash, the same on every platform (the manifest's keys).
class SiteHash {
public:
  /// Adds a text, with its length so that ("ab","c") and ("a","bc") differ.
  SiteHash& add(std::string_view s);
  SiteHash& add(long long n);
  uint64_t value() const { return m_h; }

private:
  void bytes(const void* p, size_t n);
  uint64_t m_h = 0xcbf29ce484222325ull;
};

/// What the manifest remembers of a record: the file's identity when it was read, and what
/// other pages need of it without reading it again.
struct SiteRecord {
  long long size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0;
  std::string id, kind, title, date, follow_up;
  std::vector<std::string> previous;  ///< a meeting's previous_actions refs
  std::vector<std::string> deadlines; ///< the deadlines of what is open in it (its page shows them late)
};

/// DIR's manifest: every file the site wrote with the key of what it was made from, and the
/// records as they were read.
struct SiteManifest {
  std::map<std::string, uint64_t> pages;       ///< DIR-relative file -> key
  std::map<std::string, SiteRecord> records;   ///< root-relative record file -> what it held

  std::string serialize() const;
  /// nullopt when the text is no manifest of this version (then every page is written again).
  static std::optional<SiteManifest> parse(std::string_view text);
};

/// What DIR holds before a run.
enum class SiteDir { Missing, Empty, Site };

/// DIR's state; Error(2) when it is a file, or a folder holding anything but a site collab
/// wrote (as `git clone` refuses a non-empty folder).
SiteDir check_site_dir(const fs::path& dir);

} // namespace collab::commands
