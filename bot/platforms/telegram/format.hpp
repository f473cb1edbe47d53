#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace followup::telegram {

inline constexpr std::size_t max_message_length = 4096;  // UTF-16 code units, after parsing

// For parse_mode=HTML: &, < and > as entities.
std::string escape_html(std::string_view text);
// For parse_mode=MarkdownV2: every one of _*[]()~`>#+-=|{}.! and \ preceded by a backslash.
std::string escape_markdown_v2(std::string_view text);

// Length as Telegram counts it (UTF-16 code units); invalid UTF-8 bytes count one each.
std::size_t utf16_length(std::string_view text);

// Splits plain text into parts of at most `limit` UTF-16 units, preferring paragraph, line,
// sentence and word boundaries, never cutting a UTF-8 sequence.
std::vector<std::string> split_message(std::string_view text,
                                       std::size_t limit = max_message_length);

}  // namespace followup::telegram
