#pragma once

#include <string>
#include <string_view>

namespace collab::util {

/// s as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

/// Appends s as a JSON string literal to out (no temporary string per value).
void append_json_quoted(std::string& out, std::string_view s);

/// s escaped for XML text and attribute values.
std::string xml_escape(std::string_view s);

} // namespace collab::util
