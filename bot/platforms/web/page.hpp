#pragma once
#include <string_view>

#include "bot/platforms/web/assets.hpp"
#include "bot/transport/http_types.hpp"
#include "bot/transport/router.hpp"

namespace followup::web {

// GET / (the chat page) and the files it loads (/app.js, /style.css, /icon.svg).
void add_page_routes(router& routes);

// One file's response: its content type, revalidated on every load (no-cache + ETag, 304 when
// `if_none_match` matches) so a new binary's page is seen at once, and the page's strict
// Content-Security-Policy (scripts and styles from this server only, no inline code).
http_response asset_response(const asset& file, std::string_view if_none_match);
std::string_view content_type_of(std::string_view name);

}  // namespace followup::web
