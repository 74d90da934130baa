#include "collab/util/mime.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab::util;

TEST_CASE("mime: base64 of RFC 4648's test vectors, and in 76-column CRLF lines")
{
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64("\xff\xfe") == "//4=");
  const std::string lines = base64_lines(std::string(100, 'a'));
  CHECK(lines.substr(76, 2) == "\r\n");
  CHECK(lines.size() == 136 + 4);
  CHECK(lines.ends_with("\r\n"));
}

TEST_CASE("mime: CRLF line breaks and quoted-printable")
{
  CHECK(crlf_lines("a\nb\r\nc") == "a\r\nb\r\nc");
  CHECK(quoted_printable("a=b\n") == "a=3Db\r\n");
  CHECK(quoted_printable("中") == "=E4=B8=AD");
  CHECK(quoted_printable("end \nx") == "end=20\r\nx"); // a blank before a line break is encoded
  const std::string qp = quoted_printable(std::string(200, 'x'));
  for (size_t at = 0, end; (end = qp.find("\r\n", at)) != std::string::npos; at = end + 2)
    CHECK(end - at <= 76);
  CHECK(qp.find("=\r\n") != std::string::npos);
}

TEST_CASE("mime: encoded-words are at most 75 characters and never split a character")
{
  CHECK(encode_words("Minutes: launch") == "Minutes: launch");
  CHECK(encode_words("会议纪要") == "=?UTF-8?B?5Lya6K6u57qq6KaB?=");
  const std::string long_zh = "会议纪要：618活动协同推进会：页面开发、设计稿交付与仓储备货的跨部门排期确认（2024-05-10）";
  const std::string words = encode_words(long_zh);
  std::string decoded;
  size_t count = 0;
  for (size_t at = 0; at < words.size();) {
    size_t end = words.find(' ', at);
    if (end == std::string::npos)
      end = words.size();
    const std::string w = words.substr(at, end - at);
    CHECK(w.size() <= 75);
    CHECK(w.starts_with("=?UTF-8?B?"));
    CHECK(w.ends_with("?="));
    ++count;
    at = end + 1;
  }
  CHECK(count > 1);
  // Each word holds whole characters: 39 bytes at most, 13 three-byte characters.
  CHECK(encode_words("中中中中中中中中中中中中中中") ==
        "=?UTF-8?B?5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit5Lit?= =?UTF-8?B?5Lit?=");
}

TEST_CASE("mime: addresses and folded headers")
{
  CHECK(format_address("", "a@b.c") == "a@b.c");
  CHECK(format_address("Ann Lee", "a@b.c") == "Ann Lee <a@b.c>");
  CHECK(format_address("Lee, Ann", "a@b.c") == "\"Lee, Ann\" <a@b.c>");
  CHECK(format_address("赵六", "z@b.c") == "=?UTF-8?B?6LW15YWt?= <z@b.c>");
  CHECK(fold_header("Subject", "short") == "Subject: short\r\n");
  const std::string to = fold_header("To", "aaaaaaaaaaaaaaaaaaaa <a@example.com>, bbbbbbbbbbbbbbbbbbbb <b@example.com>, "
                                           "cccccccccccccccccccc <c@example.com>");
  CHECK(to.find("\r\n ") != std::string::npos);
  for (size_t at = 0, end; (end = to.find("\r\n", at)) != std::string::npos; at = end + 2)
    CHECK(end - at <= 78);
}

TEST_CASE("mime: RFC 5322 dates, unique message ids, a multipart/alternative message")
{
  setenv("TZ", "Asia/Shanghai", 1);
  tzset();
  CHECK(rfc5322_date(1715320800) == "Fri, 10 May 2024 14:00:00 +0800");
  setenv("TZ", "UTC", 1);
  tzset();
  CHECK(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  unsetenv("TZ");
  tzset();
  CHECK(make_message_id("example.com") != make_message_id("example.com"));
  CHECK(make_message_id("").ends_with("@collab.invalid>"));

  MailMessage m;
  m.from = {"孙七", "sun@example.com"};
  m.to = {{"赵六", "zhao@example.com"}};
  m.subject = "会议纪要：周会（2024-05-10）";
  m.date = "Fri, 10 May 2024 14:00:00 +0800";
  m.message_id = "<1@example.com>";
  m.text = "line\n";
  m.html = "<p>x</p>\n";
  const std::string eml = to_eml(m);
  CHECK(eml.starts_with("From: =?UTF-8?B?5a2Z5LiD?= <sun@example.com>\r\nTo: =?UTF-8?B?6LW15YWt?= <zhao@example.com>\r\n"));
  CHECK(eml.find("\r\nCc:") == std::string::npos);
  CHECK(eml.find("MIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(eml.find("Content-Type: multipart/alternative;\r\n boundary=\"=_collab_") != std::string::npos);
  CHECK(eml.find("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\nbGluZQ0K\r\n") !=
        std::string::npos);
  CHECK(eml.find("Content-Type: text/html; charset=UTF-8\r\n") != std::string::npos);
  for (size_t i = 0; i < eml.size(); ++i)
    if (eml[i] == '\n')
      CHECK(eml[i - 1] == '\r');
}

TEST_CASE("mime: only a plain local@domain is an address a header may carry")
{
  CHECK(is_mail_address("zhaoliu@example.com"));
  CHECK(is_mail_address("a.b+tag@sub.example.cn"));
  CHECK_FALSE(is_mail_address("linfang@example.com>\r\nBcc: evil@attacker.com"));
  CHECK_FALSE(is_mail_address("王五 <ww@example.com>"));
  CHECK_FALSE(is_mail_address("not an email"));
  CHECK_FALSE(is_mail_address("a@b@c"));
  CHECK_FALSE(is_mail_address("@example.com"));
  CHECK_FALSE(is_mail_address("a@"));
  CHECK_FALSE(is_mail_address("a@example..com"));
  CHECK_FALSE(is_mail_address("a,b@example.com"));
  CHECK_FALSE(is_mail_address("\"a\"@example.com"));
}
