-- wrk script: realistic Telegram updates from 10,000 users, each with a unique update_id.
-- Every wrk thread numbers its updates in its own range, so no two requests share an id.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local texts = {
  "hello",
  "hi there!",
  "what can you do?",
  "thanks!",
  "ty",
  "Should I send a thank you note after my interview today?",
  "they didnt pick up, call again??",
  "interviewed at Acme today 2pm with Jane, she said call her in 4 days",
  "Hi all, I had a second-round interview last Tuesday with the hiring manager and haven't heard back. How long should I wait before following up?",
  "can i text my thank you or is that weird",
}

function init(args)
  math.randomseed(thread_index * 7919 + 1)
  base = (thread_index + 1) * 100000000
  -- The request head is the same every time but for Content-Length: built once, not by
  -- wrk.format per request (wrk shares the two cores with the bot).
  head = "POST /telegram/webhook HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
    "\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: bench-secret" ..
    "\r\nContent-Length: "
end

request = function()
  counter = counter + 1
  local user = math.random(1, 10000)
  local text = texts[math.random(1, #texts)]
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"User%d","language_code":"en"},"chat":{"id":%d,"first_name":"User%d","type":"private"},"date":1764000000,"text":"%s"}}',
    base + counter, counter, user, user, user, user, text)
  return head .. #body .. "\r\n\r\n" .. body
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d errors_connect=%d errors_timeout=%d duration_s=%.2f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    summary.duration / 1e6))
  io.write(string.format("BENCH rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
