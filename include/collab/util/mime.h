#pragma once

// Internet mail as files (RFC 5322 messages with MIME parts): what `collab mail` writes for a
// mail client to open and send. collab never talks SMTP.

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace collab::util {

/// Base64 (RFC 4648) of `data`, one line.
std::string base64(std::string_view data);

/// Base64 of `data` in lines of at most 76 characters, each ended by CRLF (a MIME body).
std::string base64_lines(std::string_view data);

/// Quoted-printable (RFC 2045) of `text` with CRLF line breaks: lines of at most 76 characters
/// (soft breaks `=` CRLF), `=`, non-ASCII and control bytes as =XX, blanks before a break encoded.
std::string quoted_printable(std::string_view text);

/// `text` with every line break (LF or CRLF) as CRLF: the canonical form of a text/* part.
std::string crlf_lines(std::string_view text);

/// `text` as a header value: as is when it is printable ASCII, else RFC 2047 encoded-words
/// (=?UTF-8?B?...?=, each at most 75 characters, never splitting a UTF-8 character), separated
/// by spaces so that fold_header may break between them.
std::string encode_words(std::string_view text);

/// True when `email` can stand in an address header as is: `local@domain`, printable ASCII
/// without spaces or the specials `()<>[]:;,\"`, one `@`, a dotted domain. A value with a line
/// break, a display name or spaces is not one (and would forge or break headers).
bool is_mail_address(std::string_view email);

/// An address as a header shows it: `Name <a@b>` (the name quoted or encoded as needed), or
/// `a@b` without a name.
std::string format_address(std::string_view name, std::string_view email);

/// The header line `name: value` folded at spaces (after a comma, between encoded-words) into
/// lines of at most 78 characters where it can, each continuation starting with a space; CRLF
/// at the end.
std::string fold_header(std::string_view name, std::string_view value);

/// An RFC 5322 date with the local zone: `Mon, 30 Nov 2026 22:01:21 +0100`.
std::string rfc5322_date(std::time_t t);

/// A unique Message-ID `<...@domain>`.
std::string make_message_id(std::string_view domain);

/// A mail address and who it is.
struct MailAddress {
  std::string name;
  std::string email;
};

/// A message with a plain-text and an HTML version of one text (multipart/alternative).
struct MailMessage {
  MailAddress from;
  std::vector<MailAddress> to, cc;
  std::string subject;
  std::string date;       ///< rfc5322_date
  std::string message_id; ///< make_message_id
  std::string text;       ///< the text/plain part (UTF-8)
  std::string html;       ///< the text/html part (UTF-8)
};

/// The message as an .eml file: headers (encoded and folded), MIME-Version, a
/// multipart/alternative body with the text and HTML parts in base64, CRLF line endings. It
/// carries `X-Unsent: 1`, which makes Outlook open it as a draft ready to send.
std::string to_eml(const MailMessage& m);

} // namespace collab::util
