#include "xml.h"

#include <stdexcept>

namespace test {

namespace {

class XmlParser {
public:
  explicit XmlParser(const std::string& s) : m_s(s) {}

  std::unique_ptr<XmlElement> document()
  {
    skip_misc();
    auto root = element();
    skip_misc();
    if (m_i != m_s.size())
      fail("content after the root element");
    return root;
  }

private:
  [[noreturn]] void fail(const std::string& what) const
  {
    throw std::runtime_error("XML: " + what + " at offset " + std::to_string(m_i));
  }

  void skip_ws()
  {
    while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i])))
      ++m_i;
  }

  bool starts(const char* p) const { return m_s.compare(m_i, std::char_traits<char>::length(p), p) == 0; }

  void skip_misc()
  {
    while (true) {
      skip_ws();
      if (starts("<?")) {
        const auto end = m_s.find("?>", m_i);
        if (end == std::string::npos)
          fail("unterminated declaration");
        m_i = end + 2;
      } else if (starts("<!--")) {
        const auto end = m_s.find("-->", m_i);
        if (end == std::string::npos)
          fail("unterminated comment");
        m_i = end + 3;
      } else {
        return;
      }
    }
  }

  std::string name()
  {
    const size_t start = m_i;
    while (m_i < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '_' ||
                                m_s[m_i] == '-' || m_s[m_i] == '.' || m_s[m_i] == ':'))
      ++m_i;
    if (start == m_i)
      fail("expected a name");
    return m_s.substr(start, m_i - start);
  }

  std::string decode(const std::string& raw) const
  {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<')
        throw std::runtime_error("XML: raw '<' in text");
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      const auto semi = raw.find(';', i);
      if (semi == std::string::npos)
        throw std::runtime_error("XML: unterminated entity");
      const std::string ent = raw.substr(i + 1, semi - i - 1);
      if (ent == "amp")
        out += '&';
      else if (ent == "lt")
        out += '<';
      else if (ent == "gt")
        out += '>';
      else if (ent == "quot")
        out += '"';
      else if (ent == "apos")
        out += '\'';
      else
        throw std::runtime_error("XML: unknown entity &" + ent + ";");
      i = semi;
    }
    return out;
  }

  std::unique_ptr<XmlElement> element()
  {
    if (!starts("<"))
      fail("expected '<'");
    ++m_i;
    auto e = std::make_unique<XmlElement>();
    e->name = name();
    while (true) {
      skip_ws();
      if (starts("/>")) {
        m_i += 2;
        return e;
      }
      if (starts(">")) {
        ++m_i;
        break;
      }
      const std::string key = name();
      skip_ws();
      if (!starts("="))
        fail("expected '='");
      ++m_i;
      skip_ws();
      const char q = m_s[m_i];
      if (q != '"' && q != '\'')
        fail("expected a quoted attribute");
      const auto end = m_s.find(q, m_i + 1);
      if (end == std::string::npos)
        fail("unterminated attribute");
      if (e->attributes.count(key))
        fail("duplicate attribute " + key);
      e->attributes[key] = decode(m_s.substr(m_i + 1, end - m_i - 1));
      m_i = end + 1;
    }
    while (true) {
      const auto lt = m_s.find('<', m_i);
      if (lt == std::string::npos)
        fail("unterminated element " + e->name);
      e->text += decode(m_s.substr(m_i, lt - m_i));
      m_i = lt;
      if (starts("</")) {
        m_i += 2;
        if (name() != e->name)
          fail("mismatched end tag for " + e->name);
        skip_ws();
        if (!starts(">"))
          fail("expected '>'");
        ++m_i;
        return e;
      }
      if (starts("<!--")) {
        skip_misc();
        continue;
      }
      e->children.push_back(element());
    }
  }

  const std::string& m_s;
  size_t m_i = 0;
};

} // namespace

std::vector<const XmlElement*> XmlElement::all(const std::string& child) const
{
  std::vector<const XmlElement*> out;
  for (const auto& c : children)
    if (c->name == child)
      out.push_back(c.get());
  return out;
}

std::unique_ptr<XmlElement> parse_xml(const std::string& doc) { return XmlParser(doc).document(); }

} // namespace test
