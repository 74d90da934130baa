#include "collab/util/ics.h"

namespace collab::util {

std::string ics_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
    case '\\': out += "\\\\"; break;
    case ';': out += "\\;"; break;
    case ',': out += "\\,"; break;
    case '\r':
      if (i + 1 < text.size() && text[i + 1] == '\n')
        ++i; // CRLF is one break
      out += "\\n";
      break;
    case '\n': out += "\\n"; break;
    default:
      // TEXT is any character but the controls (HTAB allowed): a stray one would break a parser.
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
        break;
      out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line)
{
  std::string out;
  out.reserve(line.size() + line.size() / 64 * 3 + 2);
  ics_fold_append(out, line);
  return out;
}

void ics_fold_append(std::string& out, std::string_view line)
{
  constexpr size_t k_octets = 75; // per physical line, the leading space of a continuation included
  bool first = true;
  while (true) {
    const size_t room = first ? k_octets : k_octets - 1;
    if (line.size() <= room) {
      if (!first)
        out += ' ';
      out.append(line);
      out += "\r\n";
      return;
    }
    size_t cut = room;
    // Never inside a UTF-8 character: back up over continuation bytes (10xxxxxx) to its start.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
      --cut;
    if (cut == 0) // not UTF-8 (no lead byte within 75 octets): cut at the limit rather than loop
      cut = room;
    if (!first)
      out += ' ';
    out.append(line.substr(0, cut));
    out += "\r\n";
    line.remove_prefix(cut);
    first = false;
  }
}

} // namespace collab::util
