#include "collab/util/mime.h"

#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <random>
#include <unistd.h>

namespace collab::util {

namespace {

constexpr char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The longest an encoded-word may be (RFC 2047 §2) and what `=?UTF-8?B?` and `?=` take of it.
constexpr size_t k_word_max = 75;
constexpr size_t k_word_overhead = 12;

/// The length of the UTF-8 sequence that starts with byte c (1 for a stray continuation byte).
size_t sequence_length(unsigned char c)
{
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

bool printable_ascii(std::string_view s)
{
  for (const unsigned char c : s)
    if (c < 0x20 || c > 0x7E)
      return false;
  return true;
}

} // namespace

std::string base64(std::string_view data)
{
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += k_b64[(v >> 18) & 63];
    out += k_b64[(v >> 12) & 63];
    out += k_b64[(v >> 6) & 63];
    out += k_b64[v & 63];
  }
  if (i < data.size()) {
    const bool two = i + 1 < data.size();
    const unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (two ? static_cast<unsigned char>(data[i + 1]) << 8 : 0);
    out += k_b64[(v >> 18) & 63];
    out += k_b64[(v >> 12) & 63];
    out += two ? k_b64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_lines(std::string_view data)
{
  const std::string all = base64(data);
  std::string out;
  for (size_t i = 0; i < all.size(); i += 76)
    out += all.substr(i, 76) + "\r\n";
  return out;
}

std::string crlf_lines(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 20);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
      continue; // the LF adds the pair
    if (text[i] == '\n')
      out += '\r';
    out += text[i];
  }
  return out;
}

std::string quoted_printable(std::string_view text)
{
  const std::string canonical = crlf_lines(text);
  std::string out;
  size_t col = 0;
  const auto put = [&](const std::string& piece) {
    if (col + piece.size() > 75) { // room for the soft break's `=`
      out += "=\r\n";
      col = 0;
    }
    out += piece;
    col += piece.size();
  };
  for (size_t i = 0; i < canonical.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(canonical[i]);
    if (c == '\r' && i + 1 < canonical.size() && canonical[i + 1] == '\n') {
      out += "\r\n";
      col = 0;
      ++i;
      continue;
    }
    const bool line_end = i + 1 == canonical.size() || canonical[i + 1] == '\r';
    const bool plain = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_end);
    put(plain ? std::string(1, static_cast<char>(c)) : fmt::format("={:02X}", c));
  }
  return out;
}

std::string encode_words(std::string_view text)
{
  if (printable_ascii(text))
    return std::string(text);
  // Words of at most 39 bytes (52 characters of base64, 64 with the markers, well under the
  // 75 allowed) leave room for `Subject: ` before the first one within 78 columns.
  constexpr size_t max_bytes = 39;
  static_assert(max_bytes / 3 * 4 + k_word_overhead <= k_word_max);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t n = std::min(sequence_length(static_cast<unsigned char>(text[end])), text.size() - end);
      if (end + n - i > max_bytes)
        break;
      end += n;
    }
    if (end == i) // cannot happen with max_bytes >= 4; never loop forever
      end = std::min(text.size(), i + max_bytes);
    if (!out.empty())
      out += ' ';
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

bool is_mail_address(std::string_view email)
{
  const size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= email.size() || email.find('@', at + 1) != std::string_view::npos)
    return false;
  for (const unsigned char c : email)
    if (c <= 0x20 || c >= 0x7F || std::string_view("()<>[]:;,\\\"").find(char(c)) != std::string_view::npos)
      return false;
  const std::string_view domain = email.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string_view::npos &&
         email[at - 1] != '.' && email.front() != '.';
}

std::string format_address(std::string_view name, std::string_view email)
{
  if (name.empty())
    return std::string(email);
  if (!printable_ascii(name))
    return encode_words(name) + " <" + std::string(email) + ">";
  // A name with specials (RFC 5322 §3.2.3) is a quoted-string.
  if (name.find_first_of("()<>[]:;@\\,.\"") == std::string_view::npos)
    return std::string(name) + " <" + std::string(email) + ">";
  std::string quoted = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + std::string(email) + ">";
}

std::string fold_header(std::string_view name, std::string_view value)
{
  std::string out(name);
  out += ':';
  size_t col = out.size();
  size_t i = 0;
  while (i < value.size()) {
    size_t end = value.find(' ', i);
    if (end == std::string_view::npos)
      end = value.size();
    const std::string_view word = value.substr(i, end - i);
    if (col > name.size() + 1 && col + 1 + word.size() > 78) {
      out += "\r\n";
      col = 0;
    }
    out += ' ';
    out += word;
    col += 1 + word.size();
    i = end + 1;
  }
  return out + "\r\n";
}

std::string rfc5322_date(std::time_t t)
{
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm local{};
  localtime_r(&t, &local);
  const long offset = local.tm_gmtoff / 60; // minutes east of UTC
  const long abs_offset = offset < 0 ? -offset : offset;
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} {}{:02}{:02}", k_days[local.tm_wday], local.tm_mday,
                     k_months[local.tm_mon], local.tm_year + 1900, local.tm_hour, local.tm_min, local.tm_sec,
                     offset < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
}

std::string make_message_id(std::string_view domain)
{
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("<{}.{}.{}.{:08x}{:08x}@{}>",
                     std::chrono::duration_cast<std::chrono::microseconds>(now).count(), ::getpid(), counter++, rd(),
                     rd(), domain.empty() ? std::string_view("collab.invalid") : domain);
}

std::string to_eml(const MailMessage& m)
{
  const auto list = [](const std::vector<MailAddress>& as) {
    std::string v;
    for (const auto& a : as)
      v += (v.empty() ? "" : ", ") + format_address(a.name, a.email);
    return v;
  };
  std::random_device rd;
  const std::string boundary = fmt::format("=_collab_{:08x}{:08x}", rd(), rd());
  std::string out;
  out += fold_header("From", format_address(m.from.name, m.from.email));
  if (!m.to.empty())
    out += fold_header("To", list(m.to));
  if (!m.cc.empty())
    out += fold_header("Cc", list(m.cc));
  out += fold_header("Subject", encode_words(m.subject));
  out += fold_header("Date", m.date);
  out += fold_header("Message-ID", m.message_id);
  out += "MIME-Version: 1.0\r\n";
  out += "X-Unsent: 1\r\n";
  out += fmt::format("Content-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n", boundary);
  out += "\r\n";
  out += "This is a message in MIME format: the minutes as text and as HTML.\r\n";
  for (const auto& [type, body] : {std::pair<std::string_view, const std::string*>{"text/plain", &m.text},
                                   {"text/html", &m.html}}) {
    out += fmt::format("\r\n--{}\r\n", boundary);
    out += fmt::format("Content-Type: {}; charset=UTF-8\r\n", type);
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(crlf_lines(*body));
  }
  out += fmt::format("\r\n--{}--\r\n", boundary);
  return out;
}

} // namespace collab::util
