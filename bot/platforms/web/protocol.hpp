#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bot/store/store.hpp"

// The web chat's wire format (DESIGN.md: GET /ws?user=ID, text frames of JSON).
//   browser -> bot: {"id": "m1", "text": "..."}   id: the page's message id, optional
//                   {"ack": 17}                   the page has shown bot message 17
//   bot -> browser: {"kind": "reply"|"nudge", "text": "...", "id": 17}   id: the outbox row
//                   {"kind": "ack", "id": "m1"}                         stored; will be answered
//                   {"kind": "error", "error": "...", "id": "m1", "retry": true|false}
namespace followup::web {

inline constexpr std::string_view platform = "web";

// A browser's user id: 16 to 64 of A-Z a-z 0-9 - _ . Anyone who knows it reads that user's
// chat, so the page makes it from 128 random bits; the length floor keeps ids unguessable.
bool valid_user_id(std::string_view id);
// A message id from the page: 1 to 64 of the same characters.
bool valid_message_id(std::string_view id);

// The value of `name` in the query of `target` ("/ws?user=abc"), raw (the ids need no
// percent-decoding); nullopt when absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// A browser's Origin header names this server (`host` is the Host header): scheme, then the
// same host and port, compared without regard to case.
bool same_origin(std::string_view origin, std::string_view host);

struct client_frame {
  std::string id;  // empty when the page sent none
  std::string text;
  std::int64_t ack = 0;  // > 0: a receipt for that bot message, and no text
};

// Parses a frame from the browser. Expected failures (not JSON, no text, bad id) are values:
// nullopt, with `error` saying what was wrong for the error frame.
std::optional<client_frame> parse_client_frame(std::string_view frame, std::string& error);

std::string bot_frame(const outbox_row& row);
std::string ack_frame(std::string_view id);
// `error` is a diagnostic for whoever writes a page, like an HTTP error body: the bundled page
// never shows it (it marks the message as not sent, in its own words), so it is not a reply.
std::string error_frame(std::string_view error, std::string_view id, bool retry);

}  // namespace followup::web
