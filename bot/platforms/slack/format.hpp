#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace followup::slack {

// chat.postMessage truncates text beyond 40,000 characters; Slack advises at most 4,000 for
// readability, and escaping may lengthen a part a little, so parts are cut well below the limit.
inline constexpr std::size_t max_message_length = 3'500;
// What we keep of one incoming message: plenty for a question, bounded for the store.
inline constexpr std::size_t max_inbound_bytes = 4'096;

// Slack's mrkdwn reserves exactly three characters: & < > become &amp; &lt; &gt;.
std::string escape_mrkdwn(std::string_view text);

// Splits plain text into parts of at most `limit` characters (counted as UTF-16 units, which
// is never fewer than Slack counts), preferring paragraph, line, sentence and word breaks.
std::vector<std::string> split_message(std::string_view text,
                                       std::size_t limit = max_message_length);

// Incoming message text as a person typed it: Slack's markup undone (<@U123|ann> -> @ann,
// <#C1|general> -> #general, <https://x|label> -> label, <!here> -> @here, &amp; &lt; &gt;
// decoded), every mention of `bot_user_id` removed, whitespace trimmed.
std::string plain_text(std::string_view text, std::string_view bot_user_id = {});

// At most `max_bytes` bytes of `text`, cut on a UTF-8 character boundary.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// The text we keep of one incoming message: plain_text() of `raw`, at most max_inbound_bytes.
// Only a prefix of `raw` is rendered, so a huge message costs little; it is four times the
// limit because undoing markup (<https://long-url|label>) can shrink the text a lot.
std::string inbound_text(std::string_view raw, std::string_view bot_user_id = {});

}  // namespace followup::slack
