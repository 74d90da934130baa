#pragma once

// How an owner value is read as names: the guides want exactly one named person per item
// (责任到人), so lint splits an owner on the ways people join two names and counts the parts.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace collab::util {

/// True for a text that is one person's name whatever it holds (a registered name or alias).
using IsName = std::function<bool(std::string_view)>;

/// The names an owner value holds, trimmed, empty parts dropped; one part means one person.
/// It splits, in this order, on punctuation (、 , ， / ／ & ＆ ; ； and the ideographic space),
/// on the word "and" and on 和 及 与 joining two parts of at least two characters each
/// (王和平 and 欧阳和平 stay one name, 张三和李四 does not), and on a space between two non-ASCII
/// characters (Chinese names hold no space; "Zhao Liu" is one name). A text for which `is_name`
/// holds is never split: the whole value, or any part.
std::vector<std::string> split_names(std::string_view s, const IsName& is_name = {});

} // namespace collab::util
