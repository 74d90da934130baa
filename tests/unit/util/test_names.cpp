#include "collab/util/names.h"

#include <doctest/doctest.h>

#include <set>

using namespace collab;

namespace {

using V = std::vector<std::string>;

} // namespace

TEST_CASE("names: owners split on the name separators")
{
  CHECK(util::split_names("张三") == V{"张三"});
  CHECK(util::split_names("张三、李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三,李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三，李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三/李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三 & 李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三；李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三\u3000李四") == V{"张三", "李四"});
  CHECK(util::split_names("Alice and Bob") == V{"Alice", "Bob"});
  CHECK(util::split_names("Alice AND Bob") == V{"Alice", "Bob"});
  CHECK(util::split_names("Alexander") == V{"Alexander"});
  CHECK(util::split_names("Sandy Anderson") == V{"Sandy Anderson"}); // "and" inside words
  CHECK(util::split_names("、张三，") == V{"张三"});                   // empty parts dropped
  CHECK(util::split_names("").empty());
}

TEST_CASE("names: 和 及 与 split only between parts of two characters or more")
{
  CHECK(util::split_names("张三和李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三及李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三与李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三 和 李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三和李四和王五") == V{"张三", "李四", "王五"});
  // Names holding the character.
  CHECK(util::split_names("和珅") == V{"和珅"});
  CHECK(util::split_names("王和平") == V{"王和平"});
  CHECK(util::split_names("欧阳和平") == V{"欧阳和平"});
  CHECK(util::split_names("王和平和李四") == V{"王和平", "李四"});
  CHECK(util::split_names("张三和王和平") == V{"张三", "王和平"});
  CHECK(util::split_names("Tom和Jerry") == V{"Tom", "Jerry"});
}

TEST_CASE("names: a space separates Chinese names, not the words of a Latin name")
{
  CHECK(util::split_names("张三 李四") == V{"张三", "李四"});
  CHECK(util::split_names("张三  李四 王五") == V{"张三", "李四", "王五"});
  CHECK(util::split_names("Zhao Liu") == V{"Zhao Liu"});
  CHECK(util::split_names("赵六 Zhao") == V{"赵六 Zhao"}); // mixed: not known to be two people
}

TEST_CASE("names: a registered name or alias is never split, whole or as a part")
{
  const std::set<std::string, std::less<>> known = {"和平", "欧阳 娜娜", "R&D 李四", "张三和李四"};
  const util::IsName is_name = [&](std::string_view s) { return known.count(s) > 0; };
  CHECK(util::split_names("张三和李四", is_name) == V{"张三和李四"});
  CHECK(util::split_names("欧阳 娜娜", is_name) == V{"欧阳 娜娜"});
  CHECK(util::split_names("欧阳 娜娜、王五", is_name) == V{"欧阳 娜娜", "王五"});
  CHECK(util::split_names("R&D 李四", is_name) == V{"R&D 李四"});
  CHECK(util::split_names("欧阳 娜娜", {}) == V{"欧阳", "娜娜"});
}
