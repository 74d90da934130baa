#include "fixtures.h"

namespace test {

const char* const k_meeting_007 = R"(id: M-2024-007
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 设计稿
)";

const std::string k_meeting_007_path = "meetings/M-2024-007.yaml";

fs::path repo_with_meeting(const fs::path& dir, const std::map<std::string, std::string>& extra)
{
  git_init(dir);
  write(dir / ".collab.yaml", "");
  write(dir / k_meeting_007_path, k_meeting_007);
  for (const auto& [path, text] : extra)
    write(dir / path, text);
  git("add -A", dir);
  git("commit -qm base", dir);
  return dir;
}

} // namespace test
