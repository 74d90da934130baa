#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace test {

/// An XML element: enough of XML to read JUnit reports back (no DTDs, no namespaces).
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text; ///< character data, entities decoded
  std::vector<std::unique_ptr<XmlElement>> children;

  /// Children with this name.
  std::vector<const XmlElement*> all(const std::string& child) const;
};

/// Parses a document; throws std::runtime_error when it is not well-formed.
std::unique_ptr<XmlElement> parse_xml(const std::string& doc);

} // namespace test
