#!/usr/bin/env python3
"""Writes the seed corpora (tests/fuzz/corpus/<target>/) from examples of each input kind.

The seeds are small and readable on purpose: libFuzzer grows its own corpus from them during a
long run (tests/fuzz/README.md); these only give it the shapes of real input to start from.
"""
import hashlib, json, os, pathlib, shutil

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
out = here / "corpus"

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)

def tg(text, uid=1001, chat=1001, **extra):
    msg = {"message_id": 7, "from": {"id": uid, "is_bot": False, "first_name": "Ana"},
           "chat": {"id": chat, "type": "private"}, "date": 1796000000, "text": text}
    msg.update(extra)
    return json.dumps({"update_id": 900001, "message": msg})

for text in ["/start", "interviewed at Acme today 2pm with Jane", "should I call again?"]:
    put("telegram_update", tg(text))
put("telegram_update", json.dumps({"update_id": 5, "edited_message": {"text": "x"}}))
put("telegram_update", tg("hi", uid=18446744073709551614, chat=-1001234567890))
put("telegram_update", tg("", sticker={"file_id": "x"}))
put("telegram_update", json.dumps({"update_id": 6, "message": {"from": {"id": 1, "is_bot": True},
                                   "chat": {"id": 1}, "text": "bot"}}))
put("telegram_update", '{"update_id": 1, "message": {"text": "\\ud83d\\ude00 caf\\u00e9"')

def slack(event, **outer):
    body = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": "Ev01", "event_time": 1796000000, "event": event}
    body.update(outer)
    return json.dumps(body)

put("slack_event", slack({"type": "message", "channel_type": "im", "user": "U1",
                          "channel": "D1", "text": "thank-you email or card?", "ts": "1.2"}))
put("slack_event", slack({"type": "app_mention", "user": "U1", "channel": "C1",
                          "text": "<@UBOT> interviewed at Acme", "ts": "1.3", "thread_ts": "1.1"}))
put("slack_event", slack({"type": "message", "subtype": "message_changed", "channel": "D1"}))
put("slack_event", slack({"type": "message", "bot_id": "B1", "channel": "D1", "text": "x"}))
put("slack_event", json.dumps({"type": "url_verification", "challenge": "abc123"}))

put("slack_request", "1796000000\nv0=" + "0" * 64 + "\n"
    "command=%2Ffollowup&text=status&user_id=U1&user_name=ana&channel_id=C1&team_id=T1"
    "&trigger_id=13345224609.738474920.8088930838d88f008e0&response_url=https%3A%2F%2Fhooks")
put("slack_request", "1700000000\nv0=abc\ncommand=/followup&text=a+b%20c%zz&user_id=U2")
put("slack_request", "\n\n")

put("web_frame", '{"id":"m1","text":"interviewed at Acme today"}')
put("web_frame", '{"ack":17}')
put("web_frame", '{"id":"bad id!","text":""}')
put("web_frame", "/ws?user=Q2hpY2tlbnMtYXJlLWdyZWF0&x=1")
put("web_frame", "https://bot.example.com:8443 bot.example.com:8443")
put("web_frame", '{"text":"\xff\xfe"}'.encode("latin-1"))

def http(head, body=""):
    return (head.replace("\n", "\r\n") + "\r\n" + body)

put("http_request", http("POST /telegram/webhook HTTP/1.1\nHost: bot\n"
                         "Content-Type: application/json\nContent-Length: 13\n"
                         "X-Telegram-Bot-Api-Secret-Token: s3cret\n", '{"update_id":1}'[:13]))
put("http_request", http("GET /healthz HTTP/1.1\nHost: bot\n"))
put("http_request", http("POST /slack/events HTTP/1.1\nHost: bot\nTransfer-Encoding: chunked\n",
                         "5\r\nhello\r\n0\r\n\r\n"))
put("http_request", http("POST /x HTTP/1.1\nHost: bot\nContent-Length: 3\n"
                         "Transfer-Encoding: chunked\n", "abc"))
put("http_request", http("GET /ws?user=abc HTTP/1.1\nHost: bot\nUpgrade: websocket\n"
                         "Connection: Upgrade\nSec-WebSocket-Version: 13\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n"))
put("http_request", http("POST /web HTTP/1.1\nHost: bot\nExpect: 100-continue\n"
                         "Content-Length: 99999\n"))

messages = [
    "interviewed at Acme today 2pm with Jane, she said call her in 4 days",
    "Just finished at Harbor Labs with Tom Lee, the ops manager. Is email ok for the thank-you?",
    "no reminders after 8pm please, and I'm in Toronto now",
    "rang her a second time at lunch, straight to voicemail",
    "they want to decide by the 14th and said I could check in on the 16th",
    "zoom w/ Northgate Freight tmrw at 9",
    "what should I wear to the second round?",
    "/status", "/settings quiet 21:00-08:00", "delete my data",
    "its been 2 wks since the intrview n nothing. do i call??",
]
for i, m in enumerate(messages):
    put("understanding", bytes([i * 37 % 256]) + m.encode())
put("understanding", b"\x05interviewed at Bank of Montreal yesterday\x00where are you based?"
                     b"\x00Vancouver")
put("understanding", b"\x81hi\x00I'm in Berlin\x00no, it was yesterday")

for i, name in enumerate(["replies.yaml", "etiquette.yaml", "intents.yaml", "lexicon.yaml"]):
    # The targets read at most 32 KB (run.sh): a file's beginning, cut at a line.
    text = (root / "rules" / name).read_bytes()[:30000]
    put("rules_yaml", bytes([i]) + text[:text.rfind(b"\n") + 1])
put("rules_yaml", b"\x02intents:\n  greet:\n    examples: [hi, hello]\n")
put("rules_yaml", b"\x03abbreviations:\n  tmrw: tomorrow\nsynonyms:\n  ring: call\n")

for f in sorted((root / "tests" / "stories").glob("*.yaml")):
    put("stories", f.read_bytes()[:6000])

put("config_file", "FOLLOWUP_LISTEN=127.0.0.1:8080\nFOLLOWUP_DB=followup.db\n"
                   "# a comment\nFOLLOWUP_SEND_RATE=30:1\nFOLLOWUP_USER_RATE=20/min\n")
put("config_file", "FOLLOWUP_LISTEN=[::1]:99999\nBOGUS=1\n")
put("config_file", "  FOLLOWUP_SEND_RATE =  \n=x\n")
