#pragma once

// A record rendered as a document a person sends as is: a meeting as the guides' minutes
// (会议纪要), a task as its allocation table, an issue as its problem record, a request as its
// register entry; in Markdown, HTML or plain text.

namespace collab::views {

/// The formats of a rendered document.
enum class DocFormat { Markdown, Html, Text };

} // namespace collab::views
